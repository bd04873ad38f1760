package org.distarray.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A client program in a JVM of its own ({@link CleanExitClient}) that connects, works across two engine nodes,
 * closes its context and exits leaves nothing alarming behind: its own log and what the nodes log from its start
 * until the cluster has removed it hold no WARN, ERROR or DEBUG line and no SLF4J warning, and the nodes' logs have
 * no DEBUG line or SLF4J warning from their own start either. A normal exit must not read like a problem, so that
 * a real one stands out.
 */
class CleanExitTest {
  private static final Duration PROGRAM_BOUND = Duration.ofSeconds(120);
  /** The client leaves the cluster as it closes; the nodes see it removed within a few gossip rounds. */
  private static final Duration REMOVED_WITHIN = Duration.ofSeconds(30);
  /**
   * A log line at a level a clean run must not show ("HH:mm:ss.SSS [thread] LEVEL ..." on nodes, "HH:mm:ss.SSS
   * LEVEL ..." in the test's programs), SLF4J's own warnings, or an exception a thread died of.
   */
  private static final Pattern ALARMING = Pattern.compile(
      "^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (\\[[^\\]]*\\] )?(WARN|ERROR|DEBUG|TRACE)\\b.*|^SLF4J.*|^Exception in thread .*");
  private static final Pattern DEBUG_OR_SLF4J = Pattern.compile(
      "^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (\\[[^\\]]*\\] )?(DEBUG|TRACE)\\b.*|^SLF4J.*");

  @Test
  void aClientThatClosesAndExitsLeavesNoWarningsInItsOrTheNodesLogs() throws InterruptedException {
    try (ClusterProcesses nodes = new ClusterProcesses("clean-exit")) {
      ClusterProcesses.NodeProcess coordinator = nodes.start("coordinator", "coordinator-node.conf");
      nodes.start("engines-a", "engine-node.conf");
      nodes.start("engines-b", "engine-node.conf");
      List<ClusterProcesses.NodeProcess> all = List.of(coordinator, nodes.node("engines-a"), nodes.node("engines-b"));
      // both engines have their ids: the cluster is formed, and what the nodes log next is the client's doing
      assertTrue(ClusterProcesses.await(Duration.ofSeconds(90),
          () -> Pattern.compile("engine \\d+ is pekko").matcher(ClusterProcesses.logOf(coordinator)).results()
              .count() == 2), "the coordinator gives both engines their ids:\n" + ClusterProcesses.logOf(coordinator));
      Map<ClusterProcesses.NodeProcess, Long> from = new LinkedHashMap<>();
      for (ClusterProcesses.NodeProcess n : all) {
        from.put(n, size(n));
      }

      long started = System.nanoTime();
      ClusterProcesses.NodeProcess program = nodes.startProgram("client", CleanExitClient.class,
          nodes.clientConfig("client", 2).toString());
      assertTrue(program.process().waitFor(PROGRAM_BOUND.toSeconds(), TimeUnit.SECONDS),
          "the client did not end within " + PROGRAM_BOUND + ":\n" + ClusterProcesses.logOf(program));
      Duration ran = Duration.ofNanos(System.nanoTime() - started);
      String clientLog = ClusterProcesses.logOf(program);
      assertEquals(0, program.process().exitValue(), "the client's exit status:\n" + clientLog);
      assertTrue(clientLog.contains(CleanExitClient.DONE), "the client closed its context:\n" + clientLog);
      System.out.println("the client program ran for " + ran.toMillis() + " ms");

      // the cluster has removed the client's node: the leader removed it, every node stopped its association with
      // it, and the engine nodes (younger than the coordinator's) logged its removal as their singleton managers
      // heard of it; whatever its leaving makes the nodes log is in the logs now
      String client = "[" + program.address() + "]";
      Predicate<String> leaderRemoved = l -> l.contains(client) && l.contains("Leader is removing");
      Predicate<String> memberRemoved = l -> l.contains(client) && l.contains("Member removed");
      Predicate<String> associationStopped = l -> l.contains("Association to " + client) && l.contains("stopped");
      assertTrue(ClusterProcesses.await(REMOVED_WITHIN,
          () -> all.stream().anyMatch(n -> since(n, from.get(n)).lines().anyMatch(leaderRemoved))
              && all.stream().allMatch(n -> since(n, from.get(n)).lines().anyMatch(associationStopped))
              && all.stream().skip(1).allMatch(n -> since(n, from.get(n)).lines()
                  .anyMatch(leaderRemoved.or(memberRemoved)))),
          "the nodes did not log the client's removal within " + REMOVED_WITHIN + ":\n" + all.stream()
              .map(n -> n.name() + ":\n" + since(n, from.get(n))).collect(Collectors.joining("\n")));

      List<String> problems = new ArrayList<>();
      collect(problems, "client", clientLog, ALARMING);
      for (ClusterProcesses.NodeProcess n : all) {
        collect(problems, n.name() + " (since the client started)", since(n, from.get(n)), ALARMING);
        collect(problems, n.name() + " (before the client started)", text(n, 0, from.get(n)), DEBUG_OR_SLF4J);
      }
      assertTrue(problems.isEmpty(), "lines a clean client exit must not cause:\n" + String.join("\n", problems));
    }
  }

  private static void collect(List<String> into, String where, String log, Pattern pattern) {
    log.lines().filter(l -> pattern.matcher(l).matches()).forEach(l -> into.add(where + ": " + l));
  }

  private static long size(ClusterProcesses.NodeProcess n) {
    try {
      return Files.size(n.log());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the node logged after the first offset bytes. */
  private static String since(ClusterProcesses.NodeProcess n, long offset) {
    return text(n, offset, Long.MAX_VALUE);
  }

  /** The bytes [start, end) of the node's log (as far as it goes). */
  private static String text(ClusterProcesses.NodeProcess n, long start, long end) {
    try {
      byte[] all = Files.readAllBytes(n.log());
      int from = (int) Math.min(start, all.length);
      int to = (int) Math.min(end, all.length);
      return new String(all, from, to - from, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
