package org.distarray.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.task.LocalBlocks;
import org.distarray.arrays.task.LocalTask;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.distarray.runtime.EngineMemory;
import org.distarray.runtime.EngineMemoryException;
import org.distarray.runtime.EngineTaskException;
import org.distarray.runtime.MemoryReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A request that fails on one engine is aborted on the others: what they held for it (a block being received,
 * chunk buffers) is given back at once, so the engines' memory is back where it was and the next operations fit.
 * Two engines with 16 MiB each; every message through its wire format (and once more without, see the pom).
 */
class AbortConformanceTest {
  private static final long MIB = 1 << 20;
  private static DistContext ctx;

  @BeforeAll
  static void start() {
    System.setProperty("distarray.engine.memory-budget", "16 MiB");
    ConfigFactory.invalidateCaches();
    try {
      ctx = DistContext.local(2);
    } finally {
      System.clearProperty("distarray.engine.memory-budget");
      ConfigFactory.invalidateCaches();
    }
  }

  @AfterAll
  static void stop() {
    ctx.close();
  }

  /** A float64 vector of mib MiB whose only block is on one engine. */
  private static Distribution onEngine(int engine, long mib) {
    return ctx.distribution(Shape.of(mib * MIB / 8), "b", new int[] {1}, new int[] {engine});
  }

  private static Map<Integer, List<Long>> blocksAndBytes(MemoryReport report) {
    Map<Integer, List<Long>> out = new HashMap<>();
    for (EngineMemory e : report.engines().values()) {
      out.put(e.engineId(), List.of((long) e.blocks(), e.blockBytes()));
    }
    return out;
  }

  /** Returns a map, which cannot travel back to the caller. */
  record MapResult() implements LocalTask<Map<String, Integer>> {
    @Override
    public Map<String, Integer> run(LocalBlocks blocks) {
      return new HashMap<>(Map.of("rank", blocks.rank()));
    }
  }

  /** Returns the rank. */
  record Rank() implements LocalTask<Integer> {
    @Override
    public Integer run(LocalBlocks blocks) {
      return blocks.rank();
    }
  }

  @Test
  void aMoveWhoseReceiverHasNoRoomFailsAndLeavesNothingBehind() {
    try (DistArray a = ctx.ones(onEngine(0, 4)); DistArray filler = ctx.ones(onEngine(1, 14))) {
      Map<Integer, List<Long>> baseline = blocksAndBytes(ctx.memory());
      // engine 1, with 2 MiB free, cannot take the 4 MiB block; engine 0 may have written into it already
      EngineMemoryException e = assertThrows(EngineMemoryException.class, () -> a.redistribute(onEngine(1, 4)));
      assertEquals(1, e.engineId(), e.getMessage());
      assertEquals(baseline, blocksAndBytes(ctx.memory()), "blocks and bytes after the failed move");
      filler.close();
      try (DistArray moved = a.redistribute(onEngine(1, 4))) {
        assertEquals(4 * MIB / 8, moved.sum(), "the same move once engine 1 has room");
      }
      // 12 more MiB fit on engine 1 only if the failed receive gave its block back
      try (DistArray big = ctx.ones(onEngine(1, 12))) {
        assertEquals(12 * MIB / 8, big.sum());
      }
    }
    assertEquals(0, ctx.memory().totalBlocks(), "nothing left: " + ctx.memory());
  }

  @Test
  void aMoveBetweenEnginesOfOneNodeTakesNoChunkBuffers() {
    // engine 0 has 2 MiB free: chunk buffers of a window would not fit, but engines of one node write the
    // receiver's block directly
    try (DistArray a = ctx.ones(onEngine(0, 4)); DistArray filler = ctx.ones(onEngine(0, 10));
         DistArray moved = a.redistribute(onEngine(1, 4))) {
      assertEquals(4 * MIB / 8, moved.sum());
      assertEquals(14 * MIB / 8, a.sum() + filler.sum(), "the source is unchanged");
    }
    assertEquals(0, ctx.memory().totalBlocks(), "nothing left: " + ctx.memory());
  }

  @Test
  void aTaskResultThatCannotBeSentFailsNamingItsTypeAndTheEnginesGoOn() {
    try (DistArray a = ctx.ones(ctx.distribution(Shape.of(10), "b"))) {
      EngineTaskException e = assertThrows(EngineTaskException.class, () -> ctx.apply(new MapResult(), a));
      assertTrue(e.getMessage().contains("java.util.HashMap") && e.getMessage().contains("engine " + e.engineId()),
          e.getMessage());
      assertEquals(List.of(0, 1), ctx.apply(new Rank(), a));
      assertEquals(10.0, a.sum());
    }
  }
}
