package org.distarray.actors.transport;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * Drops the data-plane connections to a node that becomes unreachable or is removed: what was queued for it is
 * dropped with them (the operations that needed it fail through the coordinator), and a node that comes back gets
 * new connections on the next message. The connections to a node that exits are closed after what is queued.
 */
final class PlaneWatch {
  private PlaneWatch() {}

  static Behavior<ClusterEvent.ClusterDomainEvent> create(DataPlane plane) {
    return Behaviors.setup(context -> {
      Cluster.get(context.getSystem()).subscriptions().tell(Subscribe.create(
          context.getSelf().<ClusterEvent.UnreachableMember>narrow(), ClusterEvent.UnreachableMember.class));
      Cluster.get(context.getSystem()).subscriptions().tell(Subscribe.create(
          context.getSelf().<ClusterEvent.MemberRemoved>narrow(), ClusterEvent.MemberRemoved.class));
      Cluster.get(context.getSystem()).subscriptions().tell(Subscribe.create(
          context.getSelf().<ClusterEvent.MemberExited>narrow(), ClusterEvent.MemberExited.class));
      return Behaviors.receive(ClusterEvent.ClusterDomainEvent.class)
          .onMessage(ClusterEvent.UnreachableMember.class, u -> {
            plane.drop(u.member().address(), "became unreachable");
            return Behaviors.same();
          })
          .onMessage(ClusterEvent.MemberExited.class, x -> {
            plane.close(x.member().address());
            return Behaviors.same();
          })
          .onMessage(ClusterEvent.MemberRemoved.class, r -> {
            plane.drop(r.member().address(), "was removed from the cluster");
            return Behaviors.same();
          })
          .build();
    });
  }
}
