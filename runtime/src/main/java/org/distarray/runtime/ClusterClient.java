package org.distarray.runtime;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.distarray.actors.coordinator.Coordinator;
import org.distarray.runtime.internal.Client;
import org.distarray.runtime.internal.MembershipWatcher;

/**
 * Joins a cluster as a client node: the coordinator through the singleton proxy, the engines it lists. A config
 * with the roles of a node (engine, coordinator) makes the program a node as well, hosting engines (and, when it
 * is the oldest coordinator-role node, the coordinator) in its own JVM.
 */
final class ClusterClient {
  private ClusterClient() {}

  static DistContext connect(Path file) {
    Config config = NodeConfig.load(file, null, null, List.of(), null);
    ActorSystem<Void> system = Node.start(config);
    try {
      ActorRef<Coordinator.Command> coordinator = ClusterSingleton.get(system).init(Node.coordinatorSingleton(system));
      Client client = new Client(system, coordinator, Map.of(), config.getDuration("distarray.ask-timeout"), true);
      system.systemActorOf(MembershipWatcher.create(client), "membership-watcher", Props.empty());
      awaitEngines(client, config, file);
      return DistContext.clustered(client);
    } catch (RuntimeException e) {
      system.terminate();
      throw e;
    }
  }

  /** Polls the coordinator until it lists min-engines engines; the coordinator may still be starting. */
  private static void awaitEngines(Client client, Config config, Path file) {
    int min = config.getInt("distarray.client.min-engines");
    Duration limit = config.getDuration("distarray.client.connect-timeout");
    long deadline = System.nanoTime() + limit.toNanos();
    int seen = -1;
    while (true) {
      long left = deadline - System.nanoTime();
      try {
        seen = client.refreshEngines(Duration.ofNanos(Math.max(left, 1_000_000))).length;
      } catch (DistTimeoutException notYet) {
        // the coordinator is not reachable yet: the cluster is forming
      }
      if (seen >= min) {
        return;
      }
      if (System.nanoTime() >= deadline) {
        throw new DistTimeoutException("connecting with " + file + ": "
            + (seen < 0 ? "no answer from the coordinator" : seen + " engine(s) listed") + " within " + limit
            + " (distarray.client.connect-timeout), waiting for " + min + " (distarray.client.min-engines); seed nodes "
            + config.getStringList("pekko.cluster.seed-nodes"), null);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while connecting with " + file, e);
      }
    }
  }
}
