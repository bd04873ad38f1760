package org.distarray.arrays.dist;

import static org.distarray.arrays.dist.RandomDistributions.allIndices;
import static org.distarray.arrays.dist.RandomDistributions.distribution;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.ops.Ufuncs;
import org.distarray.arrays.Shape;
import org.distarray.arrays.ShapeMismatchException;
import org.junit.jupiter.api.Test;

/** Block copies against element-by-element index mapping, for random shapes and every distribution kind. */
class BlockCopyTest {
  private static final int CASES = 300;

  @Test
  void fromGlobalGivesEachRankTheElementsItsLocalIndicesMapTo() {
    Random rnd = new Random(41);
    for (int c = 0; c < CASES; c++) {
      Distribution d = distribution(rnd, shape(rnd));
      NdArray whole = distinctValues(rnd, d.shape());
      for (int r = 0; r < d.ranks(); r++) {
        NdArray block = BlockCopy.fromGlobal(whole, d, r);

        assertEquals(whole.dtype(), block.dtype(), d + " rank " + r);
        assertEquals(d.localShape(r), block.shape(), d + " rank " + r);
        for (long[] l : allIndices(block.dims())) {
          long[] g = d.localToGlobal(r, l);
          assertEquals(whole.getReal(g), block.getReal(l), d + " rank " + r + " local " + Arrays.toString(l)
              + " global " + Arrays.toString(g));
          assertEquals(whole.getImag(g), block.getImag(l), d + " rank " + r + " imaginary part");
        }
      }
    }
  }

  @Test
  void toGlobalOfEveryRanksBlockRebuildsTheWholeArray() {
    Random rnd = new Random(42);
    for (int c = 0; c < CASES; c++) {
      Distribution d = distribution(rnd, shape(rnd));
      NdArray whole = distinctValues(rnd, d.shape());
      NdArray rebuilt = NdArray.zeros(whole.dtype(), d.shape().dims());
      for (int r = 0; r < d.ranks(); r++) {
        BlockCopy.toGlobal(blockByIndexMapping(whole, d, r), d, r, rebuilt);
      }

      assertArrayEquals(whole.toDoubleArray(), rebuilt.toDoubleArray(), d.toString());
      assertArrayEquals(Ufuncs.imag(whole).toDoubleArray(), Ufuncs.imag(rebuilt).toDoubleArray(), d + " imaginary");
    }
  }

  @Test
  void anUnstructuredAxisKeepsTheOrderOfItsIndexLists() {
    // rank 0 holds global indices 3, 0 (in that local order), rank 1 holds 4, 1, 2
    Distribution d = Distribution.of(Shape.of(5), List.of(AxisMap.unstructured(new long[][] {{3, 0}, {4, 1, 2}})),
        new int[] {2}, new int[] {0, 1});
    NdArray whole = NdArray.of(new long[] {10, 11, 12, 13, 14});

    assertArrayEquals(new long[] {13, 10}, BlockCopy.fromGlobal(whole, d, 0).toLongArray());
    assertArrayEquals(new long[] {14, 11, 12}, BlockCopy.fromGlobal(whole, d, 1).toLongArray());
    NdArray rebuilt = NdArray.zeros(DType.INT64, 5);
    BlockCopy.toGlobal(NdArray.of(new long[] {13, 10}), d, 0, rebuilt);
    BlockCopy.toGlobal(NdArray.of(new long[] {14, 11, 12}), d, 1, rebuilt);
    assertArrayEquals(whole.toLongArray(), rebuilt.toLongArray());
  }

  @Test
  void toGlobalOfABlockThatIsAViewOfTheWholeArrayReadsTheBlockFirst() {
    // rank 0 holds global indices 3, 0, 1: two runs, so two section copies
    Distribution d = Distribution.of(Shape.of(5), List.of(AxisMap.unstructured(new long[][] {{3, 0, 1}, {2, 4}})),
        new int[] {2}, new int[] {0, 1});
    NdArray whole = NdArray.arange(5);

    BlockCopy.toGlobal(whole.slice("1:4"), d, 0, whole); // x[[3, 0, 1]] = x[1:4]

    assertArrayEquals(new long[] {2, 3, 2, 1, 4}, whole.toLongArray());
  }

  @Test
  void fromGlobalRejectsAWholeArrayOfTheWrongShapeNamingBothShapes() {
    Distribution d = Distribution.of(Shape.of(6, 4), "bc", 4);
    NdArray wrong = NdArray.zeros(DType.FLOAT64, 4, 6);

    ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> BlockCopy.fromGlobal(wrong, d, 0));

    assertMentions(e, "(4, 6)", "(6, 4)");
  }

  @Test
  void toGlobalRejectsAWholeArrayOfTheWrongShapeNamingBothShapes() {
    Distribution d = Distribution.of(Shape.of(6, 4), "bc", 4);
    NdArray block = NdArray.zeros(DType.FLOAT64, d.localShape(0).dims());
    NdArray wrong = NdArray.zeros(DType.FLOAT64, 6);

    ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
        () -> BlockCopy.toGlobal(block, d, 0, wrong));

    assertMentions(e, "(6,)", "(6, 4)");
  }

  @Test
  void toGlobalRejectsABlockOfTheWrongShapeNamingBothShapes() {
    Distribution d = Distribution.of(Shape.of(6, 4), "bn", 2); // rank 1's block is (3, 4)
    NdArray whole = NdArray.zeros(DType.FLOAT64, 6, 4);
    NdArray wrong = NdArray.zeros(DType.FLOAT64, 3, 3);

    ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
        () -> BlockCopy.toGlobal(wrong, d, 1, whole));

    assertMentions(e, "(3, 3)", "(3, 4)");
    assertArrayEquals(new double[24], whole.toDoubleArray(), "nothing written");
  }

  // ---- helpers ----

  /** A shape of 0 to 3 axes; about one axis in five has length 0 or 1. */
  private static Shape shape(Random rnd) {
    return rnd.nextInt(8) == 0 ? Shape.of() : RandomDistributions.shape(rnd);
  }

  /** An array of a random dtype whose elements differ (bool: random). */
  private static NdArray distinctValues(Random rnd, Shape shape) {
    DType dtype = DType.values()[rnd.nextInt(DType.values().length)];
    NdArray a = NdArray.zeros(dtype, shape.dims());
    long k = 1;
    for (long[] idx : allIndices(shape.dims())) {
      a.setComplex(dtype == DType.BOOL ? rnd.nextInt(2) : k, -k, idx); // imaginary parts for complex dtypes
      k++;
    }
    return a;
  }

  /** Rank's block built one element at a time from {@link Distribution#localToGlobal}. */
  private static NdArray blockByIndexMapping(NdArray whole, Distribution d, int rank) {
    NdArray block = NdArray.zeros(whole.dtype(), d.localShape(rank).dims());
    for (long[] l : allIndices(block.dims())) {
      long[] g = d.localToGlobal(rank, l);
      block.setComplex(whole.getReal(g), whole.getImag(g), l);
    }
    return block;
  }

  private static void assertMentions(Exception e, String... parts) {
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "message '" + e.getMessage() + "' should name " + p);
    }
  }
}
