package org.distarray.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.Distribution;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Engines with a small configured budget (8 MiB each): operations over it fail cleanly and leave nothing held. */
class BudgetTest {
  private static final long MIB = 1 << 20;
  private static DistContext ctx;

  @BeforeAll
  static void start() {
    System.setProperty("distarray.engine.memory-budget", "8 MiB");
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

  @Test
  void theBudgetIsTheConfiguredSize() {
    assertEquals(8 * MIB, ctx.memory().engines().get(1).budgetBytes());
  }

  @Test
  void aRedistributionOverTheBudgetFailsFreesWhatItTookAndTheNextFits() {
    long fiveMibPerEngine = 5 * MIB / 8 * 2;
    try (DistArray a = ctx.ones(ctx.distribution(Shape.of(fiveMibPerEngine), "b"))) {
      EngineMemoryException e = assertThrows(EngineMemoryException.class,
          () -> a.redistribute(ctx.distribution(a.shape(), "c")));
      assertEquals(5 * MIB, e.requestedBytes(), e.getMessage());
      assertTrue(e.freeBytes() < 5 * MIB, e.getMessage());
      assertEquals(2, ctx.memory().totalBlocks(), "only a's blocks are held: " + ctx.memory());
      assertEquals(fiveMibPerEngine, a.sum());
    }
    // three MiB per engine moved: 3 held + 3 received + at most 1.5 of chunk buffers fit the 8 only if the failed
    // transfer gave its buffers back
    long threeMibPerEngine = 3 * MIB / 8 * 2;
    try (DistArray b = ctx.ones(ctx.distribution(Shape.of(threeMibPerEngine), "b"));
        DistArray c = b.redistribute(ctx.distribution(b.shape(), "c"))) {
      assertEquals(threeMibPerEngine, c.sum());
    }
    assertEquals(0, ctx.memory().totalBlocks());
  }

  @Test
  void anElementwiseResultOverTheBudgetFailsAndTheInputStays() {
    long sixMibPerEngine = 6 * MIB / 8 * 2;
    try (DistArray a = ctx.ones(ctx.distribution(Shape.of(sixMibPerEngine), "b"))) {
      EngineMemoryException e = assertThrows(EngineMemoryException.class, () -> a.multiply(2.0).evaluate());
      assertTrue(e.getMessage().contains("an elementwise result"), e.getMessage());
      assertEquals(sixMibPerEngine * 3.0, a.add(2.0).sum()); // a fused reduction needs no block
    }
    // the two lazy results were dropped, not closed: a stays pinned until the collector finds them
    ctx.handles().collectUnreachable();
    assertEquals(0, ctx.memory().totalBlocks());
  }

  @Test
  void aWriteWhoseCopyForALazyReaderDoesNotFitFailsBeforeWriting() {
    long threeMibPerEngine = 3 * MIB / 8 * 2;
    Distribution d = ctx.distribution(Shape.of(threeMibPerEngine), "b");
    try (DistArray a = ctx.ones(d);
        DistArray full = ctx.ones(d);
        DistArray doubled = a.multiply(2.0)) {
      // 6 of 8 MiB held per engine: the copy of a that doubled needs before a is written does not fit
      EngineMemoryException e = assertThrows(EngineMemoryException.class, () -> a.set(5.0, 0));
      assertTrue(e.getMessage().contains("lazy results that read them"), e.getMessage());
      assertEquals(1.0, a.getDouble(0), "the write did not happen");
      full.close();
      a.set(5.0, 0); // now the copy fits
      // NumPy: doubled was made from the old a, all ones (a fused sum: no block for it, a and its copy fill 6 MiB)
      assertEquals(2.0 * threeMibPerEngine, doubled.sum());
      assertEquals(5.0, a.getDouble(0));
    }
    ctx.handles().collectUnreachable();
    assertEquals(0, ctx.memory().totalBlocks());
  }
}
