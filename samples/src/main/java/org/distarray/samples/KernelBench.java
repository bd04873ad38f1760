package org.distarray.samples;

import org.distarray.arrays.NdArray;
import org.distarray.arrays.ops.Reductions;
import org.distarray.arrays.ops.Ufuncs;

/**
 * Measures the local kernels against hand-written Java loops on contiguous FLOAT64 arrays: {@code add} and
 * {@code multiply} against {@code c[i] = a[i] op b[i]} into a new array, {@code sum} against an eight-accumulator
 * loop. Prints the best time of several repetitions of each and the ratio kernel / loop (1.0 is the loop's speed).
 *
 * <p>Usage: {@code KernelBench [log2 of the element count, default 24] [repetitions, default 15]}.
 */
public final class KernelBench {
  private KernelBench() {}

  public static void main(String[] args) {
    int log2 = args.length > 0 ? Integer.parseInt(args[0]) : 24;
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    int n = 1 << log2;
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = (i % 1000) * 0.001;
      y[i] = 1.0 + (i % 7);
    }
    NdArray a = NdArray.of(x);
    NdArray b = NdArray.of(y);
    System.out.printf("contiguous float64, %d elements, best of %d%n", n, reps);
    report("add", best(reps, () -> Ufuncs.add(a, b)), best(reps, () -> loopAdd(x, y)));
    report("multiply", best(reps, () -> Ufuncs.multiply(a, b)), best(reps, () -> loopMultiply(x, y)));
    report("sum", best(reps, () -> Reductions.sum(a)), best(reps, () -> loopSum(x)));
  }

  private static void report(String what, double kernel, double loop) {
    System.out.printf("%-9s kernel %8.2f ms   hand-written loop %8.2f ms   ratio %.2f%n",
        what, kernel * 1e3, loop * 1e3, kernel / loop);
  }

  private static double best(int reps, Runnable work) {
    double best = Double.MAX_VALUE;
    for (int r = 0; r < reps; r++) {
      long t0 = System.nanoTime();
      work.run();
      best = Math.min(best, (System.nanoTime() - t0) * 1e-9);
    }
    return best;
  }

  static double[] loopAdd(double[] a, double[] b) {
    double[] c = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i] + b[i];
    }
    return c;
  }

  static double[] loopMultiply(double[] a, double[] b) {
    double[] c = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i] * b[i];
    }
    return c;
  }

  static double loopSum(double[] a) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    double s4 = 0;
    double s5 = 0;
    double s6 = 0;
    double s7 = 0;
    int i = 0;
    for (; i <= a.length - 8; i += 8) {
      s0 += a[i];
      s1 += a[i + 1];
      s2 += a[i + 2];
      s3 += a[i + 3];
      s4 += a[i + 4];
      s5 += a[i + 5];
      s6 += a[i + 6];
      s7 += a[i + 7];
    }
    for (; i < a.length; i++) {
      s0 += a[i];
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  }
}
