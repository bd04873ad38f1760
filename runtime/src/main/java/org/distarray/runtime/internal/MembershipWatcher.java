package org.distarray.runtime.internal;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * The client's eye on the cluster: when a node becomes unreachable or leaves, the requests that wait for an engine
 * there (or for the coordinator, when it ran there) fail at once instead of waiting for their timeout.
 */
public final class MembershipWatcher extends AbstractBehavior<ClusterEvent.ClusterDomainEvent> {
  private final Client client;

  public static Behavior<ClusterEvent.ClusterDomainEvent> create(Client client) {
    return Behaviors.setup(context -> {
      Cluster.get(context.getSystem()).subscriptions().tell(Subscribe.create(context.getSelf(),
          ClusterEvent.ClusterDomainEvent.class));
      return new MembershipWatcher(context, client);
    });
  }

  private MembershipWatcher(ActorContext<ClusterEvent.ClusterDomainEvent> context, Client client) {
    super(context);
    this.client = client;
  }

  @Override
  public Receive<ClusterEvent.ClusterDomainEvent> createReceive() {
    return newReceiveBuilder()
        .onMessage(ClusterEvent.UnreachableMember.class, this::onUnreachable)
        .onMessage(ClusterEvent.MemberRemoved.class, this::onRemoved)
        .onMessage(ClusterEvent.ClusterDomainEvent.class, e -> this)
        .build();
  }

  private Behavior<ClusterEvent.ClusterDomainEvent> onUnreachable(ClusterEvent.UnreachableMember e) {
    client.nodeLost(e.member().address().toString(), "its node " + e.member().address() + " became unreachable");
    return this;
  }

  private Behavior<ClusterEvent.ClusterDomainEvent> onRemoved(ClusterEvent.MemberRemoved e) {
    client.nodeLost(e.member().address().toString(), "its node " + e.member().address() + " left the cluster");
    return this;
  }
}
