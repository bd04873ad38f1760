package org.distarray.runtime.dashboard;

import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.distarray.actors.coordinator.Coordinator;

/**
 * The dashboard's life on a cluster node: a child of the coordinator, so that the dashboard runs on the node where
 * the coordinator runs (one per cluster, whichever of the nodes with the coordinator role holds it) and moves with
 * it to the node that takes over. It starts the HTTP server off the actor's thread (binding waits) and stops it when
 * the coordinator stops here.
 */
public final class DashboardHost extends AbstractBehavior<DashboardHost.Command> {
  /** It takes no messages: it lives and stops with its parent. */
  public interface Command {}

  /** The dashboard of coordinator on the port the config gives (defaultPort unless it says otherwise) and host. */
  public static Behavior<Command> create(ActorRef<Coordinator.Command> coordinator, String defaultPort, String host) {
    return Behaviors.setup(context -> new DashboardHost(context, coordinator, defaultPort, host));
  }

  private final CompletableFuture<Dashboard> started;

  private DashboardHost(ActorContext<Command> context, ActorRef<Coordinator.Command> coordinator, String defaultPort,
      String host) {
    super(context);
    ActorSystem<?> system = context.getSystem();
    started = CompletableFuture.supplyAsync(() -> Dashboard.fromConfig(system, coordinator, defaultPort, host));
    started.whenComplete((dashboard, failure) -> {
      if (failure != null) { // a config the dashboard cannot use: the node goes on without it
        Throwable why = failure.getCause() != null ? failure.getCause() : failure;
        system.log().error("no dashboard: {}", why.getMessage());
      }
    });
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onSignal(PostStop.class, signal -> onPostStop())
        .build();
  }

  private Behavior<Command> onPostStop() {
    started.thenAccept(dashboard -> {
      if (dashboard != null) {
        dashboard.close();
      }
    });
    return this;
  }
}
