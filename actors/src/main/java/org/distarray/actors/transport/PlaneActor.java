package org.distarray.actors.transport;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.distarray.actors.CborSerializable;

/**
 * A node's data-plane actor ({@code /system/distarray-data-plane}), reached over the cluster's own channel: it tells
 * other nodes where this node's data plane listens, and vouches for the tokens of the connections this node opened
 * (a node that accepts a connection asks the claimed sender's actor whether the token is its own: only a cluster
 * member can answer for its address).
 */
final class PlaneActor extends AbstractBehavior<PlaneActor.Command> {
  static final String NAME = "distarray-data-plane";

  interface Command extends CborSerializable {}

  /** Where does this node's data plane listen? */
  record WhereIs(ActorRef<ListensAt> replyTo) implements Command {}

  /** host and port of a data plane ("" and -1 when it could not bind). */
  record ListensAt(String host, int port) implements CborSerializable {}

  /** Did this node open the connection that presented token? */
  record Vouch(long token, ActorRef<Vouched> replyTo) implements Command {}

  record Vouched(boolean yes) implements CborSerializable {}

  private final DataPlane plane;

  static Behavior<Command> create(DataPlane plane) {
    return Behaviors.setup(context -> new PlaneActor(context, plane));
  }

  private PlaneActor(ActorContext<Command> context, DataPlane plane) {
    super(context);
    this.plane = plane;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(WhereIs.class, this::onWhereIs)
        .onMessage(Vouch.class, this::onVouch)
        .build();
  }

  private Behavior<Command> onWhereIs(WhereIs m) {
    plane.listening().whenComplete((at, failure) ->
        m.replyTo().tell(failure == null ? new ListensAt(at.getHostString(), at.getPort()) : new ListensAt("", -1)));
    return this;
  }

  private Behavior<Command> onVouch(Vouch m) {
    m.replyTo().tell(new Vouched(plane.redeem(m.token())));
    return this;
  }
}
