package org.distarray.arrays.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.distarray.arrays.AxisRange;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A reduction split into pieces along a reduced axis, reduced piece by piece, combined in any order and finished
 * equals the reduction of the whole: exactly for integer and bool results; for FLOAT64 results within 1e-12 of
 * max(1, |expected|), for FLOAT32 results within 1e-5 of it (float32 rounding of the partial results); NaN where
 * the whole gives NaN.
 */
class PartialReductionTest {
  private static final int CASES = 40;

  static Stream<Arguments> opsAndDtypes() {
    List<Arguments> out = new ArrayList<>();
    for (ReduceOp op : ReduceOp.values()) {
      for (DType t : DType.values()) {
        out.add(Arguments.of(op, t));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} of {1}")
  @MethodSource("opsAndDtypes")
  void sharesOfPiecesCombinedInAnyOrderFinishAsTheReductionOfTheWhole(ReduceOp op, DType dtype) {
    Random rnd = new Random(31L * op.ordinal() + dtype.ordinal());
    boolean needsElements = op == ReduceOp.MIN || op == ReduceOp.MAX || op == ReduceOp.ARGMIN
        || op == ReduceOp.ARGMAX;
    for (int c = 0; c < CASES; c++) {
      int pieces = 2 + rnd.nextInt(3);
      int ndim = 1 + rnd.nextInt(3);
      int split = rnd.nextInt(ndim);
      boolean[] reduced = new boolean[ndim];
      long[] dims = new long[ndim];
      for (int a = 0; a < ndim; a++) {
        reduced[a] = a == split || rnd.nextBoolean();
        long min = needsElements && reduced[a] ? 1 : 0;
        dims[a] = a == split ? (needsElements ? pieces : 0) + rnd.nextInt(6) : min + rnd.nextInt(5 - (int) min);
      }
      NdArray whole = randomArray(rnd, dtype, dims);
      int[] axes = axesOf(reduced);
      String what = op + " of " + dtype + " " + whole.shape() + " over " + Arrays.toString(axes) + " split on axis "
          + split + ", case " + c;

      List<PartialReduction> shares = new ArrayList<>();
      for (long[] cut : cuts(rnd, dims[split], pieces, needsElements)) {
        shares.add(share(op, whole, reduced, split, cut[0], cut[1]));
      }
      Collections.shuffle(shares, rnd);
      PartialReduction folded = shares.get(0);
      for (int i = 1; i < shares.size(); i++) {
        folded = PartialReduction.combine(op, folded, shares.get(i));
      }
      Collections.shuffle(shares, rnd);
      PartialReduction tree = tree(op, shares, rnd);

      NdArray expected = Reductions.reduce(op, whole, axes, false);
      assertSame(expected, PartialReduction.finish(op, folded, dtype), what + ", left fold");
      assertSame(expected, PartialReduction.finish(op, tree, dtype), what + ", tree");
    }
  }

  @Test
  void varianceOfLargeOffsetsCombinesStably() {
    // np.var([1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16, 1e9 + 10]) == 18.0; a sum-of-squares formula loses every digit
    NdArray whole = NdArray.of(new double[] {1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16, 1e9 + 10});
    PartialReduction left = share(ReduceOp.VAR, whole, new boolean[] {true}, 0, 0, 2);
    PartialReduction right = share(ReduceOp.VAR, whole, new boolean[] {true}, 0, 2, 5);

    NdArray var = PartialReduction.finish(ReduceOp.VAR, PartialReduction.combine(ReduceOp.VAR, right, left),
        DType.FLOAT64);
    NdArray std = PartialReduction.finish(ReduceOp.STD, PartialReduction.combine(ReduceOp.STD, left, right),
        DType.FLOAT64);

    assertEquals(18.0, var.getDouble(), 1e-12 * 18.0);
    assertEquals(Math.sqrt(18.0), std.getDouble(), 1e-12 * Math.sqrt(18.0));
  }

  @Test
  void varianceOfRandomLargeOffsetsAcrossManyPiecesStaysCloseToTheTwoPassResult() {
    // The means of the pieces round to ulp(1e9) = 1.2e-7, so the combined variance (about 8) is good to about
    // 1e-7 relative; a sum-of-squares formula would be off by hundreds.
    Random rnd = new Random(5);
    double[] x = new double[1000];
    for (int i = 0; i < x.length; i++) {
      x[i] = 1e9 + rnd.nextInt(10);
    }
    NdArray whole = NdArray.of(x);
    PartialReduction all = null;
    for (int lo = 0, hi; lo < x.length; lo = hi) {
      hi = Math.min(x.length, lo + 1 + rnd.nextInt(50));
      PartialReduction p = share(ReduceOp.VAR, whole, new boolean[] {true}, 0, lo, hi);
      all = all == null ? p : PartialReduction.combine(ReduceOp.VAR, all, p);
    }
    assertEquals(1000, all.count(), "pieces cover the array once");
    double expected = Reductions.var(whole);
    assertEquals(expected, PartialReduction.finish(ReduceOp.VAR, all, DType.FLOAT64).getDouble(), 1e-6 * expected);
  }

  @Test
  void argminTiesAcrossPiecesGoToTheFirstOccurrenceWhateverTheCombineOrder() {
    NdArray whole = NdArray.of(new long[] {5, 1, 3, 1, 1});
    PartialReduction first = share(ReduceOp.ARGMIN, whole, new boolean[] {true}, 0, 0, 2);
    PartialReduction second = share(ReduceOp.ARGMIN, whole, new boolean[] {true}, 0, 2, 5);

    NdArray result = PartialReduction.finish(ReduceOp.ARGMIN,
        PartialReduction.combine(ReduceOp.ARGMIN, second, first), DType.INT64);

    assertEquals(1, result.getLong()); // np.argmin([5, 1, 3, 1, 1]) == 1
  }

  @Test
  void argmaxTakesTheFirstNanEvenWhenItsPieceCombinesLast() {
    NdArray whole = NdArray.of(new double[] {1, Double.NaN, 9, Double.NaN, 2}).reshape(1, 5);
    boolean[] reduced = {false, true};
    PartialReduction first = share(ReduceOp.ARGMAX, whole, reduced, 1, 0, 2);
    PartialReduction second = share(ReduceOp.ARGMAX, whole, reduced, 1, 2, 5);

    NdArray result = PartialReduction.finish(ReduceOp.ARGMAX,
        PartialReduction.combine(ReduceOp.ARGMAX, second, first), DType.FLOAT64);

    assertArrayEquals(new long[] {1}, result.toLongArray()); // np.argmax([[1, nan, 9, nan, 2]], axis=1) == [1]
  }

  @Test
  void argmaxOverTwoAxesGivesTheFlatIndexInTheWholeReducedShape() {
    // (2, 5) split on axis 1 into [:, 0:3] and [:, 3:5]; the maximum 9 sits at [1, 3], flat 1 * 5 + 3 = 8
    NdArray whole = NdArray.of(new long[] {0, 4, 2, 1, 3, 5, 6, 7, 9, 8}).reshape(2, 5);
    boolean[] reduced = {true, true};
    PartialReduction left = share(ReduceOp.ARGMAX, whole, reduced, 1, 0, 3);
    PartialReduction right = share(ReduceOp.ARGMAX, whole, reduced, 1, 3, 5);

    NdArray result = PartialReduction.finish(ReduceOp.ARGMAX, PartialReduction.combine(ReduceOp.ARGMAX, left, right),
        DType.INT64);

    assertEquals(8, result.getLong());
  }

  // ---- helpers ----

  /** The share of whole[lo:hi] along axis split, with the global index map argmin/argmax need. */
  private static PartialReduction share(ReduceOp op, NdArray whole, boolean[] reduced, int split, long lo, long hi) {
    long[] dims = whole.dims();
    List<AxisRange> ranges = new ArrayList<>();
    long[][] globalIndex = new long[dims.length][];
    for (int a = 0; a < dims.length; a++) {
      long start = a == split ? lo : 0;
      long n = a == split ? hi - lo : dims[a];
      ranges.add(new AxisRange(n == 0 ? 0 : start, 1, n, false));
      globalIndex[a] = new long[(int) n];
      for (int i = 0; i < n; i++) {
        globalIndex[a][i] = start + i;
      }
    }
    return PartialReduction.local(op, whole.view(ranges), reduced, globalIndex, dims.clone());
  }

  /** pieces half-open ranges covering 0..n in order; non-empty when nonEmpty. */
  private static List<long[]> cuts(Random rnd, long n, int pieces, boolean nonEmpty) {
    long[] b = new long[pieces + 1];
    b[pieces] = n;
    if (nonEmpty) {
      List<Long> inner = new ArrayList<>();
      for (long i = 1; i < n; i++) {
        inner.add(i);
      }
      Collections.shuffle(inner, rnd);
      for (int k = 1; k < pieces; k++) {
        b[k] = inner.get(k - 1);
      }
    } else {
      for (int k = 1; k < pieces; k++) {
        b[k] = rnd.nextInt((int) n + 1);
      }
    }
    Arrays.sort(b, 1, pieces);
    List<long[]> out = new ArrayList<>();
    for (int k = 0; k < pieces; k++) {
      out.add(new long[] {b[k], b[k + 1]});
    }
    return out;
  }

  /** Combines the shares as a random binary tree, keeping their order. */
  private static PartialReduction tree(ReduceOp op, List<PartialReduction> shares, Random rnd) {
    if (shares.size() == 1) {
      return shares.get(0);
    }
    int mid = 1 + rnd.nextInt(shares.size() - 1);
    return PartialReduction.combine(op, tree(op, shares.subList(0, mid), rnd),
        tree(op, shares.subList(mid, shares.size()), rnd));
  }

  /**
   * Random values with ties: small integers for every dtype; for floats also fractions, and NaN in about a
   * quarter of the arrays.
   */
  private static NdArray randomArray(Random rnd, DType dtype, long[] dims) {
    int size = (int) Arrays.stream(dims).reduce(1, (x, y) -> x * y);
    double[] v = new double[size];
    boolean fractions = dtype.isInexact() && rnd.nextBoolean();
    boolean nans = dtype.isInexact() && rnd.nextInt(4) == 0;
    for (int i = 0; i < size; i++) {
      v[i] = dtype == DType.BOOL ? rnd.nextInt(2) : fractions ? 2 * rnd.nextDouble() - 1 : rnd.nextInt(7) - 3;
      if (nans && rnd.nextInt(5) == 0) {
        v[i] = Double.NaN;
      }
    }
    if (dtype.isComplex()) { // imaginary parts with ties too, and NaN only in the imaginary part now and then
      double[] z = new double[2 * size];
      for (int i = 0; i < size; i++) {
        z[2 * i] = v[i];
        z[2 * i + 1] = nans && rnd.nextInt(9) == 0 ? Double.NaN : rnd.nextInt(3) - 1;
      }
      return NdArray.ofComplex(z, dims).astype(dtype);
    }
    return NdArray.of(v, dims).astype(dtype);
  }

  private static int[] axesOf(boolean[] reduced) {
    return IntStream.range(0, reduced.length).filter(a -> reduced[a]).toArray();
  }

  private static void assertSame(NdArray expected, NdArray actual, String what) {
    assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
    assertArrayEquals(expected.dims(), actual.dims(), what + ": shape");
    if (!expected.dtype().isInexact()) {
      assertArrayEquals(expected.toLongArray(), actual.toLongArray(), what);
      return;
    }
    double tol = expected.dtype() == DType.FLOAT64 || expected.dtype() == DType.COMPLEX128 ? 1e-12 : 1e-5;
    boolean complex = expected.dtype().isComplex();
    double[] e = complex ? (double[]) expected.astype(DType.COMPLEX128).storage() : expected.toDoubleArray();
    double[] a = complex ? (double[]) actual.astype(DType.COMPLEX128).storage() : actual.toDoubleArray();
    if (complex && (what.startsWith("MIN") || what.startsWith("MAX"))) {
      // a kept element whose extreme is NaN: NumPy returns the first NaN-holding value, a distributed combine one
      // of them (which one depends on the combine order); both parts of the others must match
      for (int i = 0; i < e.length; i += 2) {
        if (Double.isNaN(e[i]) || Double.isNaN(e[i + 1])) {
          assertTrue(Double.isNaN(a[i]) || Double.isNaN(a[i + 1]), what + ": element " + i / 2 + " should hold NaN");
          e[i] = e[i + 1] = a[i] = a[i + 1] = 0;
        }
      }
    }
    for (int i = 0; i < e.length; i++) {
      boolean same = Double.isNaN(e[i]) ? Double.isNaN(a[i])
          : e[i] == a[i] || Math.abs(e[i] - a[i]) <= tol * Math.max(1, Math.abs(e[i]));
      assertTrue(same, what + ": element " + i + " expected " + e[i] + " but was " + a[i] + " (expected "
          + Arrays.toString(e) + ", actual " + Arrays.toString(a) + ")");
    }
  }
}
