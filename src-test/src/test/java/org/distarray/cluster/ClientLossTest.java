package org.distarray.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.distarray.runtime.DistContext;
import org.distarray.runtime.MemoryReport;
import org.junit.jupiter.api.Test;

/**
 * Clients in JVMs of their own ({@link AllocatingClient}) that allocate arrays and then die without closing them
 * (Runtime.halt) or close normally: either way their blocks leave the engines, the crashed one's once the cluster
 * has downed and removed its node. The test's own client watches the engines' memory.
 */
class ClientLossTest {
  /** Arrays of ones each client makes, besides AllocatingClient.DERIVED ones derived from them. */
  private static final int ARRAYS = 3;
  /** 8 MiB of float64 per array. */
  private static final long ELEMENTS = 1L << 20;
  /** Unreachable after about 5 s (failure detector), downed 7 s later (split-brain resolver), removed soon after. */
  private static final Duration FREED_WITHIN = Duration.ofSeconds(40);
  private static final Duration PROGRAM_BOUND = Duration.ofSeconds(120);

  @Test
  void theArraysOfAClientThatDiesOrClosesLeaveTheEngines() throws InterruptedException {
    try (ClusterProcesses nodes = new ClusterProcesses("client-loss")) {
      ClusterProcesses.NodeProcess coordinator = nodes.start("coordinator", "coordinator-node.conf");
      nodes.start("engines", "engine-node.conf", "--engines", "2");
      try (DistContext ctx = DistContext.connect(nodes.clientConfig("observer", 2))) {
        int baseline = ctx.memory().totalBlocks();
        int arrays = ARRAYS + AllocatingClient.DERIVED;
        int allocated = arrays * ctx.engineCount();

        ClusterProcesses.NodeProcess closing = runToTheEnd(nodes, "closing-client", "close");
        assertTrue(ClusterProcesses.logOf(closing).contains(AllocatingClient.CLOSED), ClusterProcesses.logOf(closing));
        assertBlocksReturnTo(baseline, ctx, "after a client that closed its context");

        ClusterProcesses.NodeProcess dead = runToTheEnd(nodes, "halting-client", "halt");
        MemoryReport afterDeath = ctx.memory();
        assertEquals(baseline + allocated, afterDeath.totalBlocks(),
            "the dead client's " + arrays + " arrays are on the engines until its node is removed: " + afterDeath
                + "\n" + ClusterProcesses.logOf(dead));
        assertBlocksReturnTo(baseline, ctx, "after a client that died without closing");
        String coordinatorLog = ClusterProcesses.logOf(coordinator);
        String freedLine = "node " + dead.address() + " was removed from the cluster";
        String freedCount = "freed its " + arrays + " array(s), " + arrays * ELEMENTS * 8 + " bytes of blocks";
        assertTrue(coordinatorLog.lines().anyMatch(l -> l.contains(freedLine) && l.contains(freedCount)),
            "the coordinator logs what it freed (\"" + freedLine + "...: " + freedCount + "\"):\n" + coordinatorLog);
      }
    }
  }

  /** Runs AllocatingClient to its end (mode halt or close), checking that it allocated and exited with status 0. */
  private static ClusterProcesses.NodeProcess runToTheEnd(ClusterProcesses nodes, String name, String mode)
      throws InterruptedException {
    ClusterProcesses.NodeProcess program = nodes.startProgram(name, AllocatingClient.class,
        nodes.clientConfig(name, 2).toString(), String.valueOf(ARRAYS), String.valueOf(ELEMENTS), mode);
    assertTrue(program.process().waitFor(PROGRAM_BOUND.toSeconds(), TimeUnit.SECONDS),
        name + " did not end within " + PROGRAM_BOUND + ":\n" + ClusterProcesses.logOf(program));
    String log = ClusterProcesses.logOf(program);
    assertEquals(0, program.process().exitValue(), name + " failed:\n" + log);
    assertTrue(log.contains(AllocatingClient.ALLOCATED), name + " allocated its arrays:\n" + log);
    return program;
  }

  /** Waits (at most FREED_WITHIN) until the engines hold baseline blocks again, and fails with the reports if not. */
  private static void assertBlocksReturnTo(int baseline, DistContext ctx, String when) {
    AtomicReference<MemoryReport> last = new AtomicReference<>();
    boolean freed = ClusterProcesses.await(FREED_WITHIN, () -> {
      last.set(ctx.memory());
      return last.get().totalBlocks() == baseline;
    });
    assertTrue(freed, "blocks " + when + " are not back at the baseline of " + baseline + " within " + FREED_WITHIN
        + ": " + last.get());
  }
}
