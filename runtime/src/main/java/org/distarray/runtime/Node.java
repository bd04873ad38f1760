package org.distarray.runtime;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.distarray.actors.coordinator.Coordinator;
import org.distarray.actors.engine.Engine;
import org.distarray.runtime.dashboard.DashboardHost;

/**
 * Starts a cluster node from a config file:
 * {@code java -jar runtime/target/distarray-node.jar <config-file> [--host H] [--port N] [--seed HOST:PORT]...
 * [--engines K]}. A node with the {@code engine} role hosts K engines that register with the receptionist; a node
 * with the {@code coordinator} role can run the coordinator singleton (the oldest such node does). The node logs
 * what it joined and what it hosts, and leaves the cluster cleanly on SIGTERM.
 */
public final class Node {
  static final String USAGE = "usage: java -jar runtime/target/distarray-node.jar <config-file> [--host H] [--port N]"
      + " [--seed HOST:PORT]... [--engines K]";

  private Node() {}

  public static void main(String[] args) {
    Config config;
    try {
      config = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    start(config);
  }

  /** The config that a command line names, with its overrides. */
  static Config parse(String[] args) {
    if (args.length == 0) {
      throw new IllegalArgumentException("no config file given");
    }
    String host = null;
    Integer port = null;
    Integer engines = null;
    List<String> seeds = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      String option = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + option + " needs a value");
      }
      String value = args[++i];
      switch (option) {
        case "--host" -> host = value;
        case "--port" -> port = integer(option, value);
        case "--seed" -> seeds.add(value);
        case "--engines" -> engines = integer(option, value);
        default -> throw new IllegalArgumentException("unknown option " + option);
      }
    }
    return NodeConfig.load(Path.of(args[0]), host, port, seeds, engines);
  }

  private static int integer(String option, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " needs a whole number, got '" + value + "'");
    }
  }

  /** Starts the node's actor system, named DistArray, with what its roles ask for. */
  static ActorSystem<Void> start(Config config) {
    int engines = config.getInt("distarray.node.engines");
    // engines share the node's cores (see DistContext.local)
    int threads = Math.max(1, Math.min(engines, Runtime.getRuntime().availableProcessors()));
    Config sized = com.typesafe.config.ConfigFactory.parseString(
        "distarray.engine-dispatcher.thread-pool-executor.fixed-pool-size = " + threads
            + "\ndistarray.engine.engines-in-jvm = " + Math.max(1, engines)).withFallback(config);
    // SLF4J (and logback's configuration) starts here, on this thread: started by the actor system, it starts on
    // one thread while its first log call comes from another (the Slf4jLogger actor's), which SLF4J then reports
    // as "logging calls during the initialization phase have been intercepted and are now being replayed"
    org.slf4j.LoggerFactory.getILoggerFactory();
    return ActorSystem.create(guardian(engines), "DistArray", sized);
  }

  private static Behavior<Void> guardian(int engineCount) {
    return Behaviors.setup(context -> {
      ActorSystem<Void> system = context.getSystem();
      Cluster cluster = Cluster.get(system);
      java.util.Set<String> roles = cluster.selfMember().getRoles();
      org.distarray.actors.transport.DataPlane.of(system); // listens before any engine or client needs it
      // the coordinator runs here when this node is the oldest with the coordinator role
      ClusterSingleton.get(system).init(coordinatorSingleton(system));
      int hosted = 0;
      if (roles.contains("engine")) {
        for (int i = 0; i < engineCount; i++) {
          context.spawn(Engine.createUnassigned(), "engine-" + i,
              DispatcherSelector.fromConfig("distarray.engine-dispatcher"));
        }
        hosted = engineCount;
        if (engineCount > 0) {
          org.distarray.arrays.ops.MatrixProducts.enginesInJvm(engineCount); // how many threads each product gets
        }
      }
      int engines = hosted;
      context.getLog().info("node {} with roles {} hosts {} engine(s); joining {}", cluster.selfMember().address(),
          roles, engines, system.settings().config().getStringList("pekko.cluster.seed-nodes"));
      org.apache.pekko.cluster.Cluster classic = org.apache.pekko.cluster.Cluster.get(Adapter.toClassic(system));
      classic.registerOnMemberUp(() -> system.log().info("node {} joined the cluster; members: {}",
          classic.selfAddress(), classic.state().getMembers()));
      classic.registerOnMemberRemoved(() -> system.log().info("node {} left the cluster", classic.selfAddress()));
      return Behaviors.empty();
    });
  }

  /**
   * The coordinator as a cluster singleton on the oldest node with the coordinator role (a proxy elsewhere), with the
   * dashboard as its child: on the coordinator's node, port 8790 unless the config says otherwise. A restart of the
   * coordinator after a failure keeps the dashboard (it holds no state of the coordinator's).
   */
  static SingletonActor<Coordinator.Command> coordinatorSingleton(ActorSystem<?> system) {
    Behavior<Coordinator.Command> withDashboard = Behaviors.setup(context -> {
      String host = system.settings().config().getString("pekko.remote.artery.canonical.hostname");
      context.spawn(DashboardHost.create(context.getSelf(), "8790", host), "dashboard");
      return Behaviors.supervise(Coordinator.createClustered())
          .onFailure(SupervisorStrategy.restart().withStopChildren(false));
    });
    return SingletonActor.of(withDashboard, "coordinator")
        .withSettings(ClusterSingletonSettings.create(system).withRole("coordinator"))
        .withProps(DispatcherSelector.fromConfig("distarray.coordinator-dispatcher"));
  }
}
