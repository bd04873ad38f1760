package org.distarray.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.distarray.dashboard.DashboardHttp;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.junit.jupiter.api.Test;

/**
 * The dashboard of a real cluster: the coordinator's node serves it (on a free port here; 8790 by default) and no
 * other node does; the client learns its address from the coordinator; it lists the engines of both engine nodes with
 * their nodes' addresses and memory, and marks an engine lost, with the reason, after its node is killed.
 */
class DashboardClusterTest {
  @Test
  void theCoordinatorNodesDashboardListsBothEngineNodesAndMarksAKilledOneLost() {
    try (ClusterProcesses nodes = new ClusterProcesses("dashboard")) {
      ClusterProcesses.NodeProcess coordinator = nodes.start("coordinator", "coordinator-node.conf");
      ClusterProcesses.NodeProcess a = nodes.start("engines-a", "engine-node.conf");
      ClusterProcesses.NodeProcess b = nodes.start("engines-b", "engine-node.conf");
      try (DistContext ctx = DistContext.connect(nodes.clientConfig("client", 2))) {
        // the node binds its dashboard beside joining the cluster: the client may connect before it listens
        assertTrue(ClusterProcesses.await(Duration.ofSeconds(30), () -> ctx.dashboardUrl().isPresent()),
            "no dashboard on the coordinator's node: " + ClusterProcesses.logOf(coordinator));
        String url = ctx.dashboardUrl().orElseThrow();
        assertTrue(url.startsWith("http://127.0.0.1:"), url);
        String coordinatorLog = ClusterProcesses.logOf(coordinator);
        assertTrue(coordinatorLog.contains("dashboard at " + url), coordinatorLog);
        // the engine nodes have the coordinator role too (they stand by for it), but the dashboard runs only where the
        // coordinator runs: on one machine they would all want port 8790, and every node but the first failed to bind
        for (ClusterProcesses.NodeProcess n : new ClusterProcesses.NodeProcess[] {a, b}) {
          String log = ClusterProcesses.logOf(n);
          assertFalse(log.contains("dashboard at") || log.contains("no dashboard"), n.name() + ":\n" + log);
        }
        assertTrue(DashboardHttp.text(url, "").contains("<title>DistArray dashboard</title>"));

        try (DistArray x = ctx.arange(1000)) {
          assertEquals(499500.0, x.sum());
          Map<String, JsonNode> byNode = engines(DashboardHttp.state(url));
          assertEquals(2, byNode.size(), "one engine on each engine node: " + byNode);
          for (ClusterProcesses.NodeProcess n : new ClusterProcesses.NodeProcess[] {a, b}) {
            JsonNode e = byNode.get(n.address());
            assertTrue(e != null && e.get("live").asBoolean(), n.address() + " in " + byNode);
            assertTrue(e.get("blocks").asInt() >= 1, "the engine holds its block of x: " + e);
          }
          int onB = byNode.get(b.address()).get("id").asInt();

          nodes.kill("engines-b");
          assertTrue(ClusterProcesses.await(Duration.ofSeconds(30), () -> {
            JsonNode e = engines(DashboardHttp.state(url)).get(b.address());
            return e != null && !e.get("live").asBoolean();
          }), "engine " + onB + " of the killed node marked lost: " + DashboardHttp.state(url));
          JsonNode lost = engines(DashboardHttp.state(url)).get(b.address());
          assertEquals(onB, lost.get("id").asInt());
          assertFalse(lost.path("lostReason").asText().isEmpty(), "why it was lost: " + lost);
          assertTrue(engines(DashboardHttp.state(url)).get(a.address()).get("live").asBoolean());
          String metrics = DashboardHttp.text(url, "metrics");
          assertTrue(metrics.contains("distarray_engines{state=\"lost\"} 1.0"), metrics);
        }
      }
    }
  }

  /** The state's engines by the address of their node. */
  private static Map<String, JsonNode> engines(JsonNode state) {
    Map<String, JsonNode> out = new TreeMap<>();
    state.get("engines").forEach(e -> out.put(e.get("node").asText(), e));
    return out;
  }
}
