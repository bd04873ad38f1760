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
    // daemon threads: a program whose main method has ended must not be kept alive by its client node
    Config config = com.typesafe.config.ConfigFactory.parseString("pekko.daemonic = on")
        .withFallback(NodeConfig.load(file, null, null, List.of(), null));
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

  /** Waits until the coordinator (which may still be starting) lists min-engines engines. */
  private static void awaitEngines(Client client, Config config, Path file) {
    int min = config.getInt("distarray.client.min-engines");
    Duration limit = config.getDuration("distarray.client.connect-timeout");
    try {
      client.refreshEngines(min, limit);
    } catch (DistTimeoutException e) {
      throw new DistTimeoutException("connecting with " + file + ": fewer than " + min + " engine(s) "
          + "(distarray.client.min-engines) listed by the coordinator within " + limit
          + " (distarray.client.connect-timeout), or no coordinator reachable; seed nodes "
          + config.getStringList("pekko.cluster.seed-nodes"), e);
    }
  }
}
