package org.distarray.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.Distribution;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.distarray.runtime.EngineLostException;
import org.distarray.runtime.EngineMemory;
import org.junit.jupiter.api.Test;

/**
 * An engine node that stalls (SIGSTOP) in the middle of a large redistribution between the two engine nodes: the
 * redistribution fails with {@link EngineLostException} naming the stalled node's engine within the failure
 * detector's bound; an array held only by the other engine node keeps working while the stall lasts; the surviving
 * engine gives back everything the aborted transfer held; once the split-brain resolver has downed the stalled
 * node, SIGCONT lets it find that out and exit; and new work over the survivor and a replacement node is correct.
 */
class NodeStallTest {
  /** Unreachable after the failure detector's pause (5 s) and a heartbeat or two; generous for a busy machine. */
  private static final Duration LOSS_BOUND = Duration.ofSeconds(20);
  /** (4, 25M) float64: 800 MB, 400 MB per engine node, a quarter of it crossing each way. */
  private static final Shape BIG = Shape.of(4, 25_000_000);
  /** The stalled node has written this much since the redistribution started: its transfer is under way. */
  private static final long UNDER_WAY_BYTES = 8L << 20;

  private static int engineAt(DistContext ctx, ClusterProcesses.NodeProcess node) {
    for (Map.Entry<Integer, String> e : ctx.engineNodes().entrySet()) {
      if (e.getValue().equals(node.address())) {
        return e.getKey();
      }
    }
    throw new AssertionError("no engine on " + node.address() + " in " + ctx.engineNodes());
  }

  @Test
  void aNodeStalledMidTransferFailsItsOperationOthersGoOnAndItsStateIsGivenBack() throws Exception {
    ExecutorService caller = Executors.newSingleThreadExecutor(r -> new Thread(r, "redistribution-caller"));
    try (ClusterProcesses nodes = new ClusterProcesses("node-stall")) {
      nodes.start("coordinator", "coordinator-node.conf");
      nodes.heap("2g"); // an engine node holds 400 MB of the source and 400 MB of the result
      ClusterProcesses.NodeProcess a = nodes.start("engines-a", "engine-node.conf");
      ClusterProcesses.NodeProcess b = nodes.start("engines-b", "engine-node.conf");
      try (DistContext ctx = DistContext.connect(nodes.clientConfig("client", 2))) {
        int onA = engineAt(ctx, a);
        int onB = engineAt(ctx, b);
        Distribution onlyA = ctx.distribution(Shape.of(1_000_000), "b", new int[] {1}, new int[] {onA});
        DistArray survivor = ctx.ones(onlyA);
        DistArray big = ctx.zeros(ctx.distribution(BIG, "bn"));
        assertEquals(sorted(onA, onB), sorted(big.distribution().targets()), "the big array is on both engine nodes");
        EngineMemory before = ctx.memory().engines().get(onA);
        long heapBefore = liveHeap(a.process().pid());

        // the redistribution on a thread of its own; SIGSTOP once the stalled node is sending its part
        long pid = b.process().pid();
        long written = bytesWritten(pid);
        AtomicLong ended = new AtomicLong();
        CompletableFuture<DistArray> moving = CompletableFuture.supplyAsync(
            () -> big.redistribute(ctx.distribution(BIG, "nb")), caller)
            .whenComplete((r, e) -> ended.set(System.nanoTime())); // done once ended is set
        assertTrue(pollFast(Duration.ofSeconds(60), () -> moving.isDone()
                || bytesWritten(pid) - written > UNDER_WAY_BYTES),
            "the stalled-to-be node never started sending its part of the redistribution");
        signal("STOP", pid);
        long stopped = System.nanoTime();
        long sent = bytesWritten(pid) - written;
        assertTrue(!moving.isDone(), "the redistribution ended before the node was stopped (" + moving
            + "): it was not stopped mid-transfer; wrote " + sent + " bytes");

        // while the stall lasts, before it is noticed: the array only on the other node works
        checkSurvivor(ctx, survivor, onA, "during the stall");
        System.out.printf("SIGSTOP after the node wrote %d MiB; the survivor's checks were done %d ms after it, the"
            + " redistribution %s then%n", sent >> 20, (System.nanoTime() - stopped) / 1_000_000,
            moving.isDone() ? "had failed" : "still waited");

        ExecutionException failed = null;
        try {
          DistArray done = moving.get(LOSS_BOUND.toSeconds() + 10, TimeUnit.SECONDS);
          fail("the redistribution succeeded with a stalled engine node: " + done);
        } catch (ExecutionException e) {
          failed = e;
        } catch (TimeoutException e) {
          fail("the redistribution did not fail within " + LOSS_BOUND.plusSeconds(10) + " of the stall");
        }
        Duration took = Duration.ofNanos(ended.get() - stopped);
        System.out.println("the redistribution failed " + took.toMillis() + " ms after SIGSTOP");
        EngineLostException lost = assertInstanceOf(EngineLostException.class, failed.getCause(),
            "the redistribution's failure");
        assertTrue(took.compareTo(LOSS_BOUND) < 0, "failed after " + took + ", not within " + LOSS_BOUND);
        assertEquals(onB, lost.engineId(), lost.getMessage());
        assertTrue(lost.getMessage().contains("engine " + onB), lost.getMessage());

        // the survivor's data plane dropped its connections to the stalled node as it became unreachable, and says
        // so as what it is (its own doing), not as a failure of the connections
        assertTrue(ClusterProcesses.await(Duration.ofSeconds(10), () -> ClusterProcesses.logOf(a)
            .contains("data-plane connections to " + b.address() + " dropped")), ClusterProcesses.logOf(a));
        assertTrue(!ClusterProcesses.logOf(a).contains("data-plane connections to " + b.address() + " failed"),
            ClusterProcesses.logOf(a));

        // a replacement starts while the stalled node is still stopped
        nodes.heap("1g");
        ClusterProcesses.NodeProcess c = nodes.start("engines-c", "engine-node.conf");
        checkSurvivor(ctx, survivor, onA, "after the stalled node's engine was lost");

        // the survivor gives back what the aborted transfer held: its blocks are those of before, and once the
        // failed operation's source is closed too, its live heap is no more than before (the storage of a closed
        // or aborted block may stay in the engine's pool, at most a quarter of its budget, but a receive or buffers
        // kept would add their 400 MB)
        AtomicReference<EngineMemory> now = new AtomicReference<>();
        assertTrue(ClusterProcesses.await(Duration.ofSeconds(10), () -> {
          now.set(ctx.memory().engines().get(onA));
          return now.get() != null && now.get().blocks() == before.blocks()
              && now.get().blockBytes() == before.blockBytes();
        }), "engine " + onA + " holds " + now.get() + " after the failed redistribution, not " + before);
        big.close();
        assertTrue(ClusterProcesses.await(Duration.ofSeconds(10), () -> ctx.memory().engines().get(onA) != null
            && ctx.memory().engines().get(onA).blocks() == before.blocks() - 1), "big's block on A is freed");
        long heapAfter = liveHeap(a.process().pid());
        System.out.printf("engine node A's live heap: %d MiB before the redistribution, %d MiB after it failed and"
            + " its source was closed%n", heapBefore >> 20, heapAfter >> 20);
        assertTrue(heapAfter < heapBefore + (128L << 20), "engine node A keeps " + (heapAfter >> 20) + " MiB live"
            + " after the failed redistribution, " + (heapBefore >> 20) + " MiB before it (with its 400 MB block)");

        // the cluster downs the stalled node; woken up, it finds that out and stops
        assertTrue(ClusterProcesses.await(Duration.ofSeconds(60), () -> downed(nodes, b, List.of("coordinator",
            "engines-a"))), "the coordinator's and the survivor's nodes did not log that " + b.address()
            + " was downed and removed");
        signal("CONT", pid);
        assertTrue(b.process().waitFor(60, TimeUnit.SECONDS), "the downed node did not stop within 60 s of SIGCONT:\n"
            + tail(ClusterProcesses.logOf(b)));

        // new work over the survivor and the replacement
        assertTrue(ClusterProcesses.await(Duration.ofSeconds(90), () -> ctx.engineCount() == 2
            && ctx.engineNodes().containsValue(c.address())), "the replacement's engine is listed: "
            + ctx.engineNodes());
        int onC = engineAt(ctx, c);
        assertTrue(onC != onB && onC != onA, "the replacement has an engine of its own: " + ctx.engineNodes());
        long n = 10_000_000;
        Shape s = Shape.of(4, n / 4);
        try (DistArray fresh = ctx.arange(n).reshape(4, n / 4);
            DistArray rows = fresh.redistribute(ctx.distribution(s, "bn"));
            DistArray cols = rows.redistribute(ctx.distribution(s, "nb"));
            DistArray both = cols.multiply(2.0).add(rows)) {
          assertEquals(sorted(onA, onC), sorted(cols.distribution().targets()),
              "new arrays are on the survivor and the replacement");
          assertEquals(n * (n - 1) / 2.0, cols.sum(), "the sum after a redistribution between the nodes");
          assertEquals(3.0 * n * (n - 1) / 2.0, both.sum(), "2 * cols + rows");
          for (long[] ij : new long[][] {{0, 0}, {1, n / 8 + 3}, {3, n / 4 - 1}, {2, 12345}}) {
            assertEquals(ij[0] * (n / 4) + ij[1], cols.getDouble(ij), "cols" + Arrays.toString(ij));
            assertEquals(3.0 * (ij[0] * (n / 4) + ij[1]), both.getDouble(ij), "both" + Arrays.toString(ij));
          }
        }
        checkSurvivor(ctx, survivor, onA, "at the end");
      }
    } finally {
      caller.shutdownNow();
    }
  }

  private static List<Integer> sorted(int... ids) {
    return Arrays.stream(ids).sorted().boxed().toList();
  }

  /** The array only on engine onA: a sum, elementwise work and a redistribution among its targets. */
  private static void checkSurvivor(DistContext ctx, DistArray survivor, int onA, String when) {
    long n = survivor.shape().size();
    assertEquals(n, survivor.sum(), 0.0, "sum " + when);
    try (DistArray y = survivor.multiply(3.0).add(1.0)) {
      assertEquals(4.0 * n, y.sum(), 0.0, "3 * ones + 1 " + when);
    }
    try (DistArray cyclic = survivor.redistribute(ctx.distribution(survivor.shape(), "c", new int[] {1},
        new int[] {onA}))) {
      assertEquals(n, cyclic.sum(), 0.0, "redistributed on its node " + when);
    }
  }

  /**
   * Whether every node that is still running logged that the cluster downed the stalled node: the leader (which may
   * be the client, this JVM, when its address sorts first) marks it Down, and every node quarantines its
   * incarnation as it removes it.
   */
  private static boolean downed(ClusterProcesses nodes, ClusterProcesses.NodeProcess stalled, List<String> others) {
    String node = "[" + stalled.address() + "]";
    for (String other : others) {
      ClusterProcesses.NodeProcess o = nodes.node(other);
      if (o != null && ClusterProcesses.logOf(o).lines().noneMatch(l -> l.contains(node)
          && (l.contains("is now quarantined") || l.contains("previous status [Down]")))) {
        return false;
      }
    }
    return true;
  }

  /** Bytes the process has written with system calls, sockets included (Linux's /proc/PID/io). */
  private static long bytesWritten(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/io"))) {
        if (line.startsWith("wchar:")) {
          return Long.parseLong(line.substring(6).trim());
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/" + pid + "/io: this test needs Linux", e);
    }
    throw new IllegalStateException("no wchar in /proc/" + pid + "/io");
  }

  /** The bytes a JVM of this user holds after a full collection (jcmd GC.run, then GC.heap_info). */
  private static long liveHeap(long pid) throws IOException, InterruptedException {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    run(jcmd, String.valueOf(pid), "GC.run");
    String info = run(jcmd, String.valueOf(pid), "GC.heap_info");
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("generation\\s+total \\d+K, used (\\d+)K")
        .matcher(info);
    long used = 0;
    int generations = 0;
    while (m.find()) {
      used += Long.parseLong(m.group(1)) << 10;
      generations++;
    }
    assertEquals(2, generations, "the young and old generations in:\n" + info);
    return used;
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", command) + ":\n" + out);
    return out;
  }

  /** Like ClusterProcesses.await, polling every millisecond: a transfer between JVMs here takes well under a second. */
  private static boolean pollFast(Duration limit, java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      LockSupport.parkNanos(1_000_000);
    }
    return condition.getAsBoolean();
  }

  private static void signal(String name, long pid) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(pid)).inheritIO().start();
    assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + name + " " + pid);
  }

  private static String tail(String log) {
    List<String> lines = log.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}
