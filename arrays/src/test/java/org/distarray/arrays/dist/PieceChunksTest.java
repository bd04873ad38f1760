package org.distarray.arrays.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.junit.jupiter.api.Test;

class PieceChunksTest {

  private static List<PieceChunks.Chunk> chunks(Piece source, Piece target, long maxElements, long maxRuns) {
    List<PieceChunks.Chunk> out = new ArrayList<>();
    for (PieceChunks.Chunk c : PieceChunks.of(source, target, maxElements, maxRuns)) {
      out.add(c);
    }
    return out;
  }

  @Test
  void aRowIsCutAlongItsLastAxis() {
    Piece row = Piece.of(IndexRuns.of(0, 1, 1), IndexRuns.range(0, 1000)); // a (1, 1000) row
    List<PieceChunks.Chunk> out = chunks(row, row, 64, Long.MAX_VALUE);
    assertEquals(16, out.size()); // ceil(1000 / 64)
    assertEquals(Piece.of(IndexRuns.of(0, 1, 1), IndexRuns.range(64, 128)), out.get(1).source());
    assertEquals(Piece.of(IndexRuns.of(0, 1, 1), IndexRuns.range(960, 1000)), out.get(15).target());
    assertEquals(960, out.get(15).from());
  }

  @Test
  void aHugeRowAndManySingleElementRowsTakeFewChunks() {
    Piece row = Piece.of(IndexRuns.of(0, 1, 1), IndexRuns.range(0, 100_000_000)); // (1, 10**8)
    List<PieceChunks.Chunk> out = chunks(row, Piece.of(IndexRuns.range(0, 100_000_000)), 1 << 17, 1 << 14);
    assertEquals(763, out.size()); // ceil(10**8 / 2**17)
    assertEquals(Piece.of(IndexRuns.range(99_876_864, 100_000_000)), out.get(762).target()); // 762 * 2**17
    Piece column = Piece.of(IndexRuns.range(0, 10_000_000), IndexRuns.of(0, 1, 1)); // (10**7, 1): rows grouped
    out = chunks(column, column, 1 << 17, 1 << 14);
    assertEquals(77, out.size()); // ceil(10**7 / 2**17)
    assertEquals(Piece.of(IndexRuns.range(0, 1 << 17), IndexRuns.of(0, 1, 1)), out.get(0).source());
  }

  @Test
  void theOutermostAxisWhoseInnerAxesFitIsCutTheAxesBeforeItTakeOneIndex() {
    Piece p = Piece.of(IndexRuns.range(0, 3), IndexRuns.range(0, 4), IndexRuns.range(0, 5)); // (3, 4, 5)
    List<PieceChunks.Chunk> out = chunks(p, p, 7, Long.MAX_VALUE);
    assertEquals(12, out.size()); // one index of axes 0 and 1 a time: 5 elements
    assertEquals(Piece.of(IndexRuns.of(1, 1, 1), IndexRuns.of(1, 1, 1), IndexRuns.range(0, 5)), out.get(5).source());
    out = chunks(p, p, 10, Long.MAX_VALUE);
    assertEquals(6, out.size()); // axis 1 in steps of 2
    assertEquals(Piece.of(IndexRuns.of(2, 1, 1), IndexRuns.range(2, 4), IndexRuns.range(0, 5)), out.get(5).source());
    out = chunks(p, p, 45, Long.MAX_VALUE);
    assertEquals(2, out.size()); // axis 0 in steps of 2: 40 and 20 elements
    assertEquals(40, out.get(0).size());
    assertEquals(Piece.of(IndexRuns.range(2, 3), IndexRuns.range(0, 4), IndexRuns.range(0, 5)), out.get(1).source());
  }

  @Test
  void chunksWithTooManyRunsAreCutShorter() {
    IndexRuns.Builder b = new IndexRuns.Builder();
    for (int k = 0; k < 10; k++) {
      b.addRun(6 * k, 1, 2); // 0, 1, 6, 7, 12, 13, ...: a block-cyclic block of 2 out of 3
    }
    Piece src = Piece.of(b.build());
    List<PieceChunks.Chunk> out = chunks(src, Piece.of(IndexRuns.range(0, 20)), 100, 4); // 3 runs + 1 target run
    assertEquals(4, out.size());
    assertArrayEquals(new long[] {0, 1, 6, 7, 12, 13}, out.get(0).source().axis(0).toArray());
    assertEquals(Piece.of(IndexRuns.range(6, 12)), out.get(1).target());
    assertArrayEquals(new long[] {54, 55}, out.get(3).source().axis(0).toArray());
  }

  @Test
  void aSingleElementIsAChunkWhateverItsRuns() {
    IndexRuns two = IndexRuns.ofIndices(0, 3, 4); // runs 0:6:3 and 4:5
    Piece p = Piece.of(two, two);
    List<PieceChunks.Chunk> out = chunks(p, p, 100, 1);
    assertEquals(9, out.size());
    assertEquals(Piece.of(IndexRuns.of(3, 1, 1), IndexRuns.of(4, 1, 1)), out.get(5).source());
  }

  @Test
  void aFlatTargetTakesTheMatchingPositions() {
    Piece src = Piece.of(IndexRuns.range(0, 2), IndexRuns.range(0, 3)); // a[0:2, 0:3] of a (2, 3) block
    Piece flat = Piece.of(IndexRuns.range(10, 16)); // b.reshape(-1)[10:16] of a (4, 4) block b
    List<PieceChunks.Chunk> out = chunks(src, flat, 4, Long.MAX_VALUE);
    assertEquals(2, out.size());
    assertEquals(Piece.of(IndexRuns.range(13, 16)), out.get(1).target());
    NdArray a = NdArray.arange(6).reshape(2, 3);
    NdArray target = NdArray.zeros(DType.INT64, 4, 4);
    for (PieceChunks.Chunk c : out) {
      PieceCopy.insert(target.reshape(-1), c.target(), PieceCopy.extract(a, c.source()));
    }
    assertArrayEquals(new long[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5}, target.toLongArray());
  }

  @Test
  void aPieceOfNoAxesIsOneChunkAndMismatchedTargetsAreRejected() {
    List<PieceChunks.Chunk> out = chunks(Piece.of(), Piece.of(IndexRuns.of(3, 1, 1)), 1, 1);
    assertEquals(1, out.size());
    assertEquals(Piece.of(IndexRuns.of(3, 1, 1)), out.get(0).target());
    Piece p = Piece.of(IndexRuns.range(0, 2), IndexRuns.range(0, 3));
    assertThrows(IllegalArgumentException.class,
        () -> PieceChunks.of(p, Piece.of(IndexRuns.range(0, 3), IndexRuns.range(0, 2)), 4, 4));
    assertThrows(IllegalArgumentException.class, () -> PieceChunks.of(p, Piece.of(IndexRuns.range(0, 5)), 4, 4));
    assertThrows(IllegalArgumentException.class, () -> PieceChunks.of(p, p, 0, 4));
  }

  @Test
  void randomPiecesAreCoveredOnceInCOrderAndCopyAsAWhole() {
    Random rnd = new Random(20240611);
    for (int trial = 0; trial < 600; trial++) {
      int nd = 1 + rnd.nextInt(4);
      boolean row = trial % 10 == 0; // a (1, n) row, as a (1, 10**8) one with a small maxElements
      if (row) {
        nd = 2;
      }
      long[] srcDims = new long[nd];
      long[] tgtDims = new long[nd];
      IndexRuns[] srcAxes = new IndexRuns[nd];
      IndexRuns[] tgtAxes = new IndexRuns[nd];
      for (int a = 0; a < nd; a++) {
        srcDims[a] = row ? (a == 0 ? 1 : 1000 + rnd.nextInt(2000)) : 1 + rnd.nextInt(9);
        int count = (int) (row ? srcDims[a] - rnd.nextInt(400) % srcDims[a] : 1 + rnd.nextInt((int) srcDims[a]));
        srcAxes[a] = randomIndices(rnd, srcDims[a], count);
        tgtDims[a] = count + rnd.nextInt(3);
        tgtAxes[a] = randomIndices(rnd, tgtDims[a], count);
      }
      Piece source = Piece.of(srcAxes);
      long n = source.size();
      boolean flat = rnd.nextBoolean();
      long[] flatDims = {n + rnd.nextInt(5), 2}; // a block of other axes, addressed by flat C-order position
      Piece target = flat ? Piece.of(randomIndices(rnd, flatDims[0] * 2, (int) n)) : Piece.of(tgtAxes);
      long maxElements = 1 + rnd.nextInt((int) Math.min(n + 3, row ? 200 : 1000));
      long maxRuns = rnd.nextInt(3) == 0 ? Long.MAX_VALUE : 1 + rnd.nextInt(12);
      check(source, srcDims, target, flat ? flatDims : tgtDims, maxElements, maxRuns);
    }
  }

  /** Checks the chunks of source (of a block of srcDims) paired with target (of a block of tgtDims). */
  private static void check(Piece source, long[] srcDims, Piece target, long[] tgtDims, long maxElements,
      long maxRuns) {
    String what = source + " -> " + target + ", " + maxElements + " elements, " + maxRuns + " runs";
    NdArray src = NdArray.arange(size(srcDims)).reshape(srcDims);
    NdArray tgtIds = addressed(NdArray.arange(size(tgtDims)).reshape(tgtDims), target);
    NdArray chunked = NdArray.full(DType.INT64, -1, tgtDims); // -1: not written
    List<Long> srcOrder = new ArrayList<>();
    List<Long> tgtOrder = new ArrayList<>();
    List<long[]> bounds = new ArrayList<>();
    long next = 0;
    for (PieceChunks.Chunk c : PieceChunks.of(source, target, maxElements, maxRuns)) {
      assertEquals(next, c.from(), what);
      assertEquals(c.size(), c.source().size(), what);
      assertEquals(c.size(), c.target().size(), what);
      assertTrue(c.size() >= 1 && c.size() <= maxElements, what);
      long runs = runs(c.source()) + runs(c.target());
      assertTrue(runs <= maxRuns || c.size() == 1, what + ": " + c);
      next = c.to();
      bounds.add(new long[] {c.from(), c.to()});
      for (long v : PieceCopy.extract(src, c.source()).toLongArray()) {
        srcOrder.add(v);
      }
      for (long v : PieceCopy.extract(tgtIds, c.target()).toLongArray()) {
        tgtOrder.add(v);
      }
      PieceCopy.insert(addressed(chunked, target), c.target(), PieceCopy.extract(src, c.source()));
    }
    assertEquals(source.size(), next, what);
    long[] srcValues = PieceCopy.extract(src, source).toLongArray(); // C order of the whole piece
    long[] tgtPositions = PieceCopy.extract(tgtIds, target).toLongArray();
    assertArrayEquals(srcValues, toArray(srcOrder), what);
    assertArrayEquals(tgtPositions, toArray(tgtOrder), what);
    long[] expected = new long[(int) size(tgtDims)]; // target.flat[tgtPositions[i]] = source's element i
    java.util.Arrays.fill(expected, -1);
    for (int i = 0; i < srcValues.length; i++) {
      expected[(int) tgtPositions[i]] = srcValues[i];
    }
    assertArrayEquals(expected, chunked.toLongArray(), what);
    NdArray whole = NdArray.full(DType.INT64, -1, tgtDims);
    PieceCopy.insert(addressed(whole, target), target, PieceCopy.extract(src, source));
    assertArrayEquals(whole.toLongArray(), chunked.toLongArray(), what);
    if (maxRuns == Long.MAX_VALUE) {
      assertEquals(ruleBounds(source.shape(), maxElements), bounds.stream().map(b -> b[0] + ":" + b[1]).toList(),
          what);
    }
  }

  /** The chunks' [from, to) by the rule alone: axis k cut in steps, the axes before it one index a time. */
  private static List<String> ruleBounds(long[] shape, long maxElements) {
    int k = 0;
    long inner = size(shape) / shape[0];
    while (inner > maxElements) {
      k++;
      inner /= shape[k];
    }
    long step = maxElements / inner;
    long outer = size(shape) / (inner * shape[k]);
    List<String> out = new ArrayList<>();
    for (long p = 0; p < outer; p++) {
      for (long j = 0; j < shape[k]; j += step) {
        long from = (p * shape[k] + j) * inner;
        out.add(from + ":" + (from + (Math.min(j + step, shape[k]) - j) * inner));
      }
    }
    return out;
  }

  /** count distinct indices of [0, dim) as random runs of steps -2..3. */
  private static IndexRuns randomIndices(Random rnd, long dim, int count) {
    boolean[] used = new boolean[(int) dim];
    long[] out = new long[count];
    int k = 0;
    while (k < count) {
      long start = rnd.nextInt((int) dim);
      int step = rnd.nextInt(6) - 2;
      step = step == 0 ? 1 : step;
      int len = 1 + rnd.nextInt(6);
      for (int i = 0; i < len && k < count; i++) {
        long v = start + (long) i * step;
        if (v < 0 || v >= dim || used[(int) v]) {
          break;
        }
        used[(int) v] = true;
        out[k++] = v;
      }
    }
    return IndexRuns.ofIndices(out);
  }

  private static NdArray addressed(NdArray block, Piece piece) {
    return piece.ndim() == 1 && block.ndim() != 1 ? block.reshape(-1) : block;
  }

  private static long runs(Piece p) {
    long n = 0;
    for (IndexRuns r : p.axes()) {
      n += r.runs();
    }
    return n;
  }

  private static long size(long[] dims) {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    return n;
  }

  private static long[] toArray(List<Long> values) {
    long[] out = new long[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }
}
