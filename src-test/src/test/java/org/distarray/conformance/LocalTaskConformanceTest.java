package org.distarray.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.ops.Reductions;
import org.distarray.arrays.ops.Ufuncs;
import org.distarray.arrays.task.CombiningTask;
import org.distarray.arrays.task.LocalBlocks;
import org.distarray.arrays.task.LocalTask;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.distarray.runtime.EngineTaskException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code apply(LocalTask, arrays...)} on every distribution kind: results come back in rank order from the engine
 * of each rank, blocks are the distribution's local blocks and writable, and an exception in a task reaches the
 * caller with the engine id and its message while the engines keep working. {@code applyCombined} gives what
 * folding apply's results in rank order gives, on every distribution and engine count.
 */
class LocalTaskConformanceTest {
  private static final EngineContexts CONTEXTS = new EngineContexts();

  /** What one engine saw. */
  record BlockInfo(int rank, int engineId, List<Long> localShape, double blockSum) {}

  /** Reports the rank, engine, block shape and block sum of the first argument. */
  record ReportBlock() implements LocalTask<BlockInfo> {
    @Override
    public BlockInfo run(LocalBlocks blocks) {
      NdArray block = blocks.block(0);
      return new BlockInfo(blocks.rank(), blocks.engineId(), LongStream.of(block.dims()).boxed().toList(),
          Reductions.sum(block));
    }
  }

  /** Writes each element's global flat index into the block of the first argument; returns the block size. */
  record WriteGlobalFlatIndex() implements LocalTask<Long> {
    @Override
    public Long run(LocalBlocks blocks) {
      NdArray block = blocks.block(0);
      Distribution d = blocks.distribution(0);
      SampleArrays.forEachIndex(block.shape(), local -> {
        long[] global = d.localToGlobal(blocks.rank(), local);
        long flat = 0;
        for (int k = 0; k < global.length; k++) {
          flat = flat * d.shape().dim(k) + global[k];
        }
        block.set(flat, local);
      });
      return block.size();
    }
  }

  /** The sum of the elementwise product of the blocks of the first two arguments. */
  record SumOfProducts() implements LocalTask<Double> {
    @Override
    public Double run(LocalBlocks blocks) {
      return Reductions.sum(Ufuncs.multiply(blocks.block(0), blocks.block(1)));
    }
  }

  /** Throws on one rank, returns the rank elsewhere. */
  record FailOnRank(int failingRank, String message) implements LocalTask<Integer> {
    @Override
    public Integer run(LocalBlocks blocks) {
      if (blocks.rank() == failingRank) {
        throw new IllegalStateException(message);
      }
      return blocks.rank();
    }
  }

  /**
   * "rank:engine:blockSum" of each rank, joined by "|" up the engines' tree: combine is associative but not
   * commutative, so the result shows the order the ranks were folded in.
   */
  record JoinedReports() implements CombiningTask<String> {
    @Override
    public String run(LocalBlocks blocks) {
      return blocks.rank() + ":" + blocks.engineId() + ":" + Reductions.sum(blocks.block(0));
    }

    @Override
    public String combine(String left, String right) {
      return left + "|" + right;
    }
  }

  /** Each rank's number; combining a run that starts at failingRank throws. */
  record FailingCombine(int failingRank, String message) implements CombiningTask<String> {
    @Override
    public String run(LocalBlocks blocks) {
      return Integer.toString(blocks.rank());
    }

    @Override
    public String combine(String left, String right) {
      if (right.startsWith(failingRank + "")) {
        throw new IllegalStateException(message);
      }
      return left + "," + right;
    }
  }

  @AfterAll
  static void closeContexts() {
    CONTEXTS.close();
  }

  static Stream<DistCase> everyDistribution() {
    return DistributionCases.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyDistribution")
  void taskResultsComeInRankOrderFromEachRanksEngineWithItsBlock(DistCase c) {
    Distribution d = c.distribution();
    NdArray local = SampleArrays.values(DType.FLOAT64, c.shape(), 12, true, false);
    try (DistArray a = context(c).fromNdArray(local, d)) {
      List<BlockInfo> results = context(c).apply(new ReportBlock(), a);

      assertEquals(d.ranks(), results.size(), "one result per rank");
      for (int rank = 0; rank < d.ranks(); rank++) {
        BlockInfo info = results.get(rank);
        assertEquals(rank, info.rank(), "rank of result " + rank);
        assertEquals(d.targets()[rank], info.engineId(), "engine of rank " + rank);
        assertEquals(LongStream.of(d.localShape(rank).dims()).boxed().toList(), info.localShape(),
            "block shape of rank " + rank);
        ArrayAssertions.assertClose(sumOwnedBy(d, rank, local), info.blockSum(), "block sum of rank " + rank);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyDistribution")
  void aTaskWritingItsBlocksChangesTheArrayAtTheGlobalIndices(DistCase c) {
    Distribution d = c.distribution();
    try (DistArray a = context(c).zeros(d)) {
      List<Long> sizes = context(c).apply(new WriteGlobalFlatIndex(), a);

      for (int rank = 0; rank < d.ranks(); rank++) {
        assertEquals(d.localShape(rank).size(), sizes.get(rank), "block size of rank " + rank);
      }
      NdArray expected = NdArray.arange(c.shape().size()).astype(DType.FLOAT64).reshape(c.shape().dims());
      ArrayAssertions.assertMatches(expected, a.toNdArray(), "after the task wrote global flat indices");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyDistribution")
  void aTaskSeesTheMatchingBlocksOfTwoArrays(DistCase c) {
    NdArray x = SampleArrays.values(DType.FLOAT64, c.shape(), 13, true, false);
    NdArray y = SampleArrays.values(DType.FLOAT64, c.shape(), 14, true, false);
    try (DistArray a = context(c).fromNdArray(x, c.distribution());
        DistArray b = context(c).fromNdArray(y, c.distribution())) {
      List<Double> partials = context(c).apply(new SumOfProducts(), a, b);

      double total = partials.stream().mapToDouble(Double::doubleValue).sum();
      ArrayAssertions.assertClose(Reductions.sum(Ufuncs.multiply(x, y)), total, "sum of the partial dot products");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyDistribution")
  void aThrowingTaskReachesTheCallerWithTheEngineAndMessageAndTheEnginesKeepWorking(DistCase c) {
    Distribution d = c.distribution();
    int failingRank = d.ranks() - 1;
    int engine = d.targets()[failingRank];
    String message = "deliberate failure in rank " + failingRank;
    try (DistArray a = context(c).ones(d)) {
      EngineTaskException e = assertThrows(EngineTaskException.class,
          () -> context(c).apply(new FailOnRank(failingRank, message), a));
      assertTrue(e.getMessage().contains(message), () -> "the original message in: " + e.getMessage());
      assertTrue(e.getMessage().contains(Integer.toString(engine)), () -> "engine " + engine + " in: " + e.getMessage());

      assertEquals(IntStream.range(0, d.ranks()).boxed().toList(),
          context(c).apply(new FailOnRank(-1, "unused"), a), "a later task runs on every rank");
      ArrayAssertions.assertClose(c.shape().size(), a.sum(), "a later reduction");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyDistribution")
  void aCombinedTaskGivesTheFoldOfTheRanksInRankOrder(DistCase c) {
    Distribution d = c.distribution();
    NdArray local = SampleArrays.values(DType.FLOAT64, c.shape(), 15, true, false);
    try (DistArray a = context(c).fromNdArray(local, d)) {
      List<String> each = context(c).apply(new JoinedReports(), a);
      String expected = String.join("|", each); // functools.reduce(combine, results) in rank order

      assertEquals(expected, context(c).applyCombined(new JoinedReports(), a));
      for (int rank = 0; rank < d.ranks(); rank++) {
        assertTrue(expected.split("\\|")[rank].startsWith(rank + ":" + d.targets()[rank] + ":"), expected);
      }
    }
  }

  /** Binomial trees of every shape: 1 to 13 engines, so that ranks without a full subtree combine too. */
  @ParameterizedTest(name = "{0} engines")
  @MethodSource("engineCounts")
  void aCombinedTaskOnEveryEngineFoldsEveryRankOnce(int engines) {
    DistContext ctx = CONTEXTS.withEngines(engines);
    String expected = String.join(",", IntStream.range(0, engines).mapToObj(Integer::toString).toList());

    assertEquals(expected, ctx.applyCombined(new FailingCombine(-1, "unused")), "a task without arrays");
    try (DistArray a = ctx.ones(ctx.distribution(org.distarray.arrays.Shape.of(3 * engines + 1), "c"))) {
      assertEquals(expected, ctx.applyCombined(new FailingCombine(-1, "unused"), a));
    }
  }

  static IntStream engineCounts() {
    return IntStream.rangeClosed(1, 13);
  }

  @ParameterizedTest(name = "combining rank {0} of 4 fails")
  @MethodSource("failingRanks")
  void aThrowingCombineReachesTheCallerWithTheEngineAndTheEnginesKeepWorking(int failingRank) {
    DistContext ctx = CONTEXTS.withEngines(4);
    String message = "deliberate failure combining rank " + failingRank;
    try (DistArray a = ctx.ones(ctx.distribution(org.distarray.arrays.Shape.of(20), "b"))) {
      EngineTaskException e = assertThrows(EngineTaskException.class,
          () -> ctx.applyCombined(new FailingCombine(failingRank, message), a));
      assertTrue(e.getMessage().contains(message), () -> "the original message in: " + e.getMessage());
      // rank r + 2^j is combined on rank r (its parent): ranks 1, 2 on engine 0, rank 3 on engine 2
      int parentEngine = failingRank & (failingRank - 1);
      assertTrue(e.getMessage().contains("engine " + parentEngine), () -> "engine " + parentEngine + " in: "
          + e.getMessage());

      assertEquals("0,1,2,3", ctx.applyCombined(new FailingCombine(-1, "unused"), a), "a later combined task");
      assertEquals(20.0, a.sum(), "a later reduction");
    }
  }

  static IntStream failingRanks() {
    return IntStream.of(1, 2, 3);
  }

  private static double sumOwnedBy(Distribution d, int rank, NdArray local) {
    double[] sum = {0};
    SampleArrays.forEachIndex(d.shape(), index -> {
      if (d.ownerRank(index) == rank) {
        sum[0] += local.getDouble(index);
      }
    });
    return sum[0];
  }

  private static DistContext context(DistCase c) {
    return CONTEXTS.withEngines(c.engines());
  }
}
