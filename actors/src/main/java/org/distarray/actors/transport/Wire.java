package org.distarray.actors.transport;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * How DistArray's actors send a message that may be large or latency-bound to an actor that may be on another node:
 * through the node's {@link DataPlane} when the target is remote and the plane runs, else as an ordinary message.
 * Never blocks.
 */
public final class Wire {
  private Wire() {}

  /** Sends message to target: small ones on the data plane's control lane, large ones in frames on its bulk lane. */
  public static <T> void tell(ActorSystem<?> system, ActorRef<T> target, T message) {
    send(system, target, message, false);
  }

  /** Sends a bulk message (a block chunk) to target: on the data plane's bulk lane when target is remote. */
  public static <T> void tellBulk(ActorSystem<?> system, ActorRef<T> target, T message) {
    send(system, target, message, true);
  }

  private static <T> void send(ActorSystem<?> system, ActorRef<T> target, T message, boolean bulk) {
    if (!target.path().address().hasLocalScope()) {
      DataPlane plane = DataPlane.of(system);
      if (plane != null && plane.send(target, message, bulk)) {
        return;
      }
    }
    target.tell(message);
  }
}
