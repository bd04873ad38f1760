package org.distarray.actors.engine;

import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * The newest engine list ({@link Engine.Peers}) of a node, one object for all its engines: each engine gets its own
 * copy from the coordinator (deserialized apart when it comes from another node), but keeps the shared one, so a
 * node holds one list of E engines, not one per engine.
 */
final class SharedPeers implements Extension {
  private static final ExtensionId<SharedPeers> ID = new ExtensionId<>() {
    @Override
    public SharedPeers createExtension(ActorSystem<?> system) {
      return new SharedPeers();
    }
  };

  private final AtomicReference<Engine.Peers> newest = new AtomicReference<>(new Engine.Peers(0, new int[0],
      java.util.List.of()));

  private SharedPeers() {}

  static SharedPeers of(ActorSystem<?> system) {
    return ID.apply(system);
  }

  /** The newest list: m if it is newer than the node's (m is kept then), else the node's. */
  Engine.Peers newest(Engine.Peers m) {
    return newest.accumulateAndGet(m, (kept, offered) -> offered.version() > kept.version() ? offered : kept);
  }
}
