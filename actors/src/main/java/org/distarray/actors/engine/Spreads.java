package org.distarray.actors.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * An engine's part of the commands spread along trees ({@link Engine.Spread}): the shares of its group it passes on
 * and the answers it waits for before it answers its parent once for the whole group.
 */
final class Spreads {
  /** How many engines an engine passes a group on to: a thousand engines are three levels deep. */
  static final int FANOUT = 16;

  /** The one answer for a group, to its parent. */
  record Finished(ActorRef<Engine.Done> parent, Engine.Done done) {}

  private static final class Gather {
    final ActorRef<Engine.Done> parent;
    int waiting;

    Gather(ActorRef<Engine.Done> parent, int waiting) {
      this.parent = parent;
      this.waiting = waiting;
    }
  }

  private final ActorRef<Engine.Done> answers;
  private final Map<Long, Gather> open = new HashMap<>();

  /** Spreads whose answers come to answers (this engine's adapter). */
  Spreads(ActorRef<Engine.Done> answers) {
    this.answers = answers;
  }

  /** Where this engine's own command and the groups it passes on answer. */
  ActorRef<Engine.Done> answers() {
    return answers;
  }

  /**
   * Starts engine's part of m: returns the spreads to pass on (each to the first engine of its group), after which
   * the engine runs its own of m's commands (own of them) answering {@link #answers()}.
   *
   * @throws IllegalStateException when engine is not the first of m's group
   */
  List<Engine.Spread> start(Engine.Spread m, int engine, int own) {
    int[] group = m.group();
    if (group.length == 0 || group[0] != engine) {
      throw new IllegalStateException("engine " + engine + " got request " + m.requestId() + " for a group led by "
          + (group.length == 0 ? "nobody" : "engine " + group[0]));
    }
    List<Engine.Spread> out = new ArrayList<>();
    for (int[] share : shares(group)) {
      out.add(new Engine.Spread(m.requestId(), m.commands(), share, m.peersVersion(), answers));
    }
    if (own + out.size() > 0) { // else the engine answers at once
      open.put(m.requestId(), new Gather(m.replyTo(), own + out.size()));
    }
    return out;
  }

  /**
   * The rest of a group (all but its first engine) cut into at most FANOUT contiguous shares of sizes that differ by
   * at most one.
   */
  static List<int[]> shares(int[] group) {
    int rest = group.length - 1;
    int k = Math.min(FANOUT, rest);
    List<int[]> out = new ArrayList<>(k);
    for (int i = 0; i < k; i++) {
      int from = 1 + (int) ((long) i * rest / k);
      int to = 1 + (int) ((long) (i + 1) * rest / k);
      out.add(Arrays.copyOfRange(group, from, to));
    }
    return out;
  }

  /**
   * Counts an answer; the group's one answer when it was the last or an error, else null (also for a request
   * forgotten or answered already).
   */
  Finished answered(Engine.Done done, int engine) {
    Gather g = open.get(done.requestId());
    if (g == null) {
      return null;
    }
    // an error is passed up at once (the coordinator then aborts the request everywhere)
    if (done.error() == null && --g.waiting > 0) {
      return null;
    }
    open.remove(done.requestId());
    return new Finished(g.parent, new Engine.Done(done.requestId(), engine, done.error(), 0, null, null));
  }

  /** Drops a request's part (aborted, or failed to start). */
  void forget(long requestId) {
    open.remove(requestId);
  }
}
