package org.distarray.actors.engine;

import java.util.Arrays;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * The block stores of the engines running in this actor system, by engine id: what lets one engine reduce a small
 * array for all the engines of its node that a command names ({@link NodeReductions}), as MPI's shared-memory
 * collectives do, instead of one message per engine. An engine registers its store once it has its id and drops it
 * when it stops; a stopped engine is then no longer found here, and commands for it go the way of messages (where
 * its loss shows).
 *
 * <p>Written rarely (engines start and stop), read on every node-wide reduction: the table is copied on write and
 * read without a lock.
 */
final class NodeEngines implements Extension {
  private static final ExtensionId<NodeEngines> ID = new ExtensionId<>() {
    @Override
    public NodeEngines createExtension(ActorSystem<?> system) {
      return new NodeEngines();
    }
  };

  private volatile BlockStore[] stores = new BlockStore[0];

  private NodeEngines() {}

  static NodeEngines of(ActorSystem<?> system) {
    return ID.apply(system);
  }

  /** Registers engine's store (an engine without an id yet, below 0, is not registered). */
  synchronized void register(int engine, BlockStore store) {
    if (engine < 0) {
      return;
    }
    BlockStore[] s = stores;
    BlockStore[] next = Arrays.copyOf(s, Math.max(s.length, engine + 1));
    next[engine] = store;
    stores = next;
  }

  /** Drops engine's store when it is still this one. */
  synchronized void unregister(int engine, BlockStore store) {
    BlockStore[] s = stores;
    if (engine >= 0 && engine < s.length && s[engine] == store) {
      BlockStore[] next = s.clone();
      next[engine] = null;
      stores = next;
    }
  }

  /** The store of engine when it runs here, else null. */
  BlockStore store(int engine) {
    BlockStore[] s = stores;
    return engine >= 0 && engine < s.length ? s[engine] : null;
  }

  /**
   * Splits group (its first engine is the caller) into the engines that run here, the caller first, and the others
   * with the caller put in front (the group the command is passed on along as a tree).
   */
  int[][] split(int[] group) {
    BlockStore[] s = stores;
    int[] here = new int[group.length];
    int[] away = new int[group.length];
    int h = 0;
    int a = 0;
    here[h++] = group[0];
    away[a++] = group[0];
    for (int i = 1; i < group.length; i++) {
      int e = group[i];
      if (e >= 0 && e < s.length && s[e] != null) {
        here[h++] = e;
      } else {
        away[a++] = e;
      }
    }
    return new int[][] {Arrays.copyOf(here, h), Arrays.copyOf(away, a)};
  }
}
