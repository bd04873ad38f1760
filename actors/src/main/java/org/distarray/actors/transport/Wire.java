package org.distarray.actors.transport;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.distarray.actors.wire.PartPool;

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

  /**
   * Sends a bulk message to a target on another node through the data plane, serialized before this returns (so
   * the message may hold views of data its sender goes on to change); false, with nothing sent, when target is
   * local or the plane cannot take the message (the caller then sends a copy). The message's arrays are serialized
   * into parts from lease when it is not null: arrays the caller writes again once the receiver has acknowledged
   * the message.
   */
  public static <T> boolean tellBulkSerialized(ActorSystem<?> system, ActorRef<T> target, T message,
      PartPool.Lease lease) {
    return onPlane(system, target, message, true, lease);
  }

  /** Whether target is an actor of another node (a message to it is serialized). */
  public static boolean isRemote(ActorRef<?> target) {
    return !target.path().address().hasLocalScope();
  }

  private static <T> void send(ActorSystem<?> system, ActorRef<T> target, T message, boolean bulk) {
    if (!onPlane(system, target, message, bulk, null)) {
      target.tell(message);
    }
  }

  /** Sends message on the data plane when target is remote and the plane takes it; false when nothing was sent. */
  private static <T> boolean onPlane(ActorSystem<?> system, ActorRef<T> target, T message, boolean bulk,
      PartPool.Lease lease) {
    if (!isRemote(target)) {
      return false;
    }
    DataPlane plane = DataPlane.of(system);
    return plane != null && plane.send(target, message, bulk, lease);
  }
}
