package org.distarray.memory;

import org.distarray.runtime.DistContext;

/** Helpers of the memory tests: blocks left on the engines, and the heat steps computed serially. */
final class Leaks {
  /** How long the collector may take to hand over the handles a program dropped. */
  private static final long COLLECT_DEADLINE_NANOS = 20_000_000_000L;

  private Leaks() {}

  /**
   * The blocks on the engines once the arrays the program dropped are freed: collects garbage until three reports in
   * a row agree (at most 20 s), since dropped handles are found by the garbage collector.
   */
  static int blocksAfterCollecting(DistContext ctx) {
    long deadline = System.nanoTime() + COLLECT_DEADLINE_NANOS;
    int last = -1;
    int same = 0;
    while (same < 3 && System.nanoTime() < deadline) {
      System.gc();
      int blocks = ctx.memory().totalBlocks();
      same = blocks == last ? same + 1 : 1;
      last = blocks;
    }
    return last;
  }

  /** The heat steps on an n x n plate with the top edge at 100, as C-order values (the same operation order). */
  static double[] heatSteps(int n, int steps, double alpha) {
    double[] u = new double[n * n];
    double[] next = new double[n * n];
    java.util.Arrays.fill(u, 0, n, 100.0);
    for (int s = 0; s < steps; s++) {
      System.arraycopy(u, 0, next, 0, u.length);
      for (int i = 1; i < n - 1; i++) {
        for (int j = 1; j < n - 1; j++) {
          int k = i * n + j;
          double c = u[k];
          double sum = u[k - n] + u[k + n] + u[k - 1] + u[k + 1];
          next[k] = c + (sum - c * 4.0) * alpha;
        }
      }
      double[] t = u;
      u = next;
      next = t;
    }
    return u;
  }
}
