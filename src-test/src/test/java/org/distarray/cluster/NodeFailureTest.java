package org.distarray.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.Distribution;
import org.distarray.dashboard.DashboardHttp;
import org.distarray.runtime.CoordinatorLostException;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.distarray.runtime.EngineLostException;
import org.junit.jupiter.api.Test;

/**
 * Nodes killed with SIGKILL: operations that need a lost engine fail with {@link EngineLostException} naming it
 * within 10 seconds, other arrays stay usable, a replacement node's engines are used by new arrays; losing the
 * coordinator's node fails the operation in flight clearly, and the coordinator comes back on another node.
 */
class NodeFailureTest {
  private static final Duration LOSS_BOUND = Duration.ofSeconds(10);

  private static int engineAt(DistContext ctx, ClusterProcesses.NodeProcess node) {
    for (Map.Entry<Integer, String> e : ctx.engineNodes().entrySet()) {
      if (e.getValue().equals(node.address())) {
        return e.getKey();
      }
    }
    throw new AssertionError("no engine on " + node.address() + " in " + ctx.engineNodes());
  }

  @Test
  void aKilledEngineNodeFailsItsOperationsWithinTenSecondsAndAReplacementIsUsed() {
    try (ClusterProcesses nodes = new ClusterProcesses("engine-failure")) {
      nodes.start("coordinator", "coordinator-node.conf");
      ClusterProcesses.NodeProcess a = nodes.start("engines-a", "engine-node.conf");
      ClusterProcesses.NodeProcess b = nodes.start("engines-b", "engine-node.conf");
      try (DistContext ctx = DistContext.connect(nodes.clientConfig("client", 2))) {
        int onA = engineAt(ctx, a);
        int onB = engineAt(ctx, b);
        DistArray both = ctx.arange(1000);
        Distribution onlyA = ctx.distribution(Shape.of(100), "b", new int[] {1}, new int[] {onA});
        DistArray survivor = ctx.ones(onlyA);
        assertEquals(499500.0, both.sum());

        long killed = System.nanoTime();
        nodes.kill("engines-b");
        EngineLostException inFlight = assertThrows(EngineLostException.class, both::sum);
        Duration took = Duration.ofNanos(System.nanoTime() - killed);

        assertTrue(took.compareTo(LOSS_BOUND) < 0, "the sum failed after " + took + ", not within " + LOSS_BOUND);
        assertEquals(onB, inFlight.engineId(), inFlight.getMessage());
        assertTrue(inFlight.getMessage().contains("engine " + onB), inFlight.getMessage());
        EngineLostException gather = assertThrows(EngineLostException.class, both::toNdArray);
        assertEquals(onB, gather.engineId(), gather.getMessage());
        assertEquals(100.0, survivor.sum(), "an array only on the surviving node");
        assertEquals(1, ctx.engineCount(), "live engines after the loss: " + ctx.engineNodes());
        try (DistArray fresh = ctx.arange(10)) {
          assertEquals(45.0, fresh.sum(), "a new array on the live engines");
        }

        ClusterProcesses.NodeProcess c = nodes.start("engines-c", "engine-node.conf");
        assertTrue(ClusterProcesses.await(Duration.ofSeconds(60), () -> ctx.engineCount() == 2),
            "the replacement node's engine is listed: " + ctx.engineNodes());
        int onC = engineAt(ctx, c);
        assertTrue(onC > Math.max(onA, onB), "a new engine gets a new id, not the lost one's: " + onC);
        try (DistArray fresh = ctx.arange(1000)) {
          assertTrue(Arrays.stream(fresh.distribution().targets()).anyMatch(t -> t == onC),
              "new arrays use the replacement: " + fresh.distribution());
          assertEquals(499500.0, fresh.sum());
        }
      }
    }
  }

  @Test
  void losingTheCoordinatorsNodeFailsTheOperationInFlightAndTheClientGoesOn() {
    try (ClusterProcesses nodes = new ClusterProcesses("coordinator-failure")) {
      nodes.start("coordinator", "coordinator-node.conf");
      nodes.start("engines-a", "engine-node.conf");
      nodes.start("engines-b", "engine-node.conf");
      try (DistContext ctx = DistContext.connect(nodes.clientConfig("client", 2, "distarray.ask-timeout = 30s"))) {
        DistArray old = ctx.arange(100);
        assertEquals(4950.0, old.sum());
        // engines work while their nodes are still WeaklyUp, but the split-brain resolver counts only Up members:
        // with the engine nodes not yet Up, losing the coordinator's node leaves a tie (client against coordinator)
        // that downs every node; a cluster whose members are all Up keeps its majority
        for (String engines : new String[] {"engines-a", "engines-b"}) {
          assertTrue(ClusterProcesses.await(Duration.ofSeconds(60),
              () -> ClusterProcesses.logOf(nodes.node(engines)).contains("joined the cluster")),
              engines + " is Up before the coordinator's node goes:\n" + ClusterProcesses.logOf(nodes.node(engines)));
        }

        long killed = System.nanoTime();
        nodes.kill("coordinator");
        CoordinatorLostException inFlight = assertThrows(CoordinatorLostException.class, old::sum);
        Duration took = Duration.ofNanos(System.nanoTime() - killed);

        assertTrue(took.compareTo(LOSS_BOUND) < 0, "failed after " + took);
        assertTrue(inFlight.getMessage().contains(nodes.node("coordinator").address()), inFlight.getMessage());
        assertTrue(ClusterProcesses.await(Duration.ofSeconds(90), () -> {
          try {
            return ctx.engineCount() == 2;
          } catch (RuntimeException stillMoving) {
            return false;
          }
        }), "the coordinator restarted on an engine node and lists both engines");
        try (DistArray fresh = ctx.arange(1000)) {
          assertEquals(499500.0, fresh.sum(), "new arrays work with the new coordinator");
        }
        dashboardMovedWithTheCoordinator(nodes, ctx);
        for (String node : List.of("engines-a", "engines-b")) {
          // old's block there (50 int64 elements) belongs to an array the new coordinator does not know
          assertTrue(ClusterProcesses.await(Duration.ofSeconds(10), () -> ClusterProcesses.logOf(nodes.node(node))
              .contains("serves a new coordinator: dropped 1 block(s), 400 bytes")), node + " reclaimed old's block");
        }
        IllegalStateException forgotten = assertThrows(IllegalStateException.class, old::sum);
        assertTrue(forgotten.getMessage().contains("does not exist"), forgotten.getMessage());
        assertTrue(nodes.node("engines-a").process().isAlive() && nodes.node("engines-b").process().isAlive(),
            "both engine nodes are still running");
      }
    }
  }

  /**
   * The dashboard runs where the coordinator runs: after the coordinator's node is lost, on the engine node that took
   * the coordinator over (and on no other node), listing both engines live with their node's address.
   */
  private static void dashboardMovedWithTheCoordinator(ClusterProcesses nodes, DistContext ctx) {
    assertTrue(ClusterProcesses.await(Duration.ofSeconds(30), () -> ctx.dashboardUrl().isPresent()),
        "a dashboard on the coordinator's new node");
    String url = ctx.dashboardUrl().orElseThrow();
    int hosts = 0;
    for (String name : List.of("engines-a", "engines-b")) {
      String log = ClusterProcesses.logOf(nodes.node(name));
      int started = log.indexOf("coordinator started on");
      if (started >= 0) {
        hosts++;
        assertTrue(log.indexOf("dashboard at " + url, started) > started, name + " serves the dashboard:\n" + log);
      } else {
        assertFalse(log.contains("dashboard at"), name + " runs no coordinator and no dashboard:\n" + log);
      }
    }
    assertEquals(1, hosts, "one engine node took the coordinator over");
    JsonNode engines = DashboardHttp.state(url).get("engines");
    Set<String> addresses = new TreeSet<>();
    engines.forEach(e -> {
      assertTrue(e.get("live").asBoolean(), "live: " + e);
      addresses.add(e.get("node").asText());
    });
    assertEquals(new TreeSet<>(List.of(nodes.node("engines-a").address(), nodes.node("engines-b").address())),
        addresses, "each engine with its node, the coordinator's own too");
  }
}
