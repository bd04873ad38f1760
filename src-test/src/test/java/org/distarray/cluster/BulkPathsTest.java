package org.distarray.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apache.commons.math3.stat.descriptive.StatisticalSummary;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.Distribution;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.Linalg;
import org.junit.jupiter.api.Test;

/** The bulk paths on plain TCP. */
class BulkPathsTest extends BulkPathsTestBase {
  @Override
  String name() {
    return "bulk-paths";
  }

  @Override
  Path startNodes(ClusterProcesses nodes) {
    nodes.start("coordinator", "coordinator-node.conf");
    nodes.heap("3g"); // a 1e8-element row: half of 800 MB held and half received on each engine node
    nodes.start("engines-a", "engine-node.conf");
    nodes.start("engines-b", "engine-node.conf");
    return nodes.clientConfig("client", 2);
  }

  /**
   * 10^8 uniform float64 in blocks over the two engine nodes, sorted: about half of each node's 400 MB crosses to the
   * other in the exchange of runs. The result keeps the blocks, is in order (NumPy: {@code np.all(s[:-1] <= s[1:])})
   * and holds the same elements (the same counts in 1000 bins, the same smallest, largest and median element).
   */
  @Test
  void aHundredMillionElementsAreSortedBetweenTheTwoEngineNodes() {
    long n = 100_000_000;
    Distribution d = ctx.distribution(Shape.of(n), "b");
    try (DistArray x = ctx.random(21).rand(d); DistArray s = x.sort()) {
      assertEquals(d, s.distribution(), "the sorted array keeps the input's blocks");
      try (DistArray lo = s.slice(":-1"); DistArray hi = s.slice("1:"); DistArray descents = lo.greater(hi)) {
        assertEquals(0, descents.countNonzero(), "elements greater than the next one");
      }
      assertArrayEquals(x.histogram(1000, 0.0, 1.0), s.histogram(1000, 0.0, 1.0), "counts in 1000 bins");
      assertEquals(x.min(), s.getDouble(0), "the first element is the smallest");
      assertEquals(x.max(), s.getDouble(n - 1), "the last element is the largest");
      assertEquals(x.median(), (s.getDouble(n / 2 - 1) + s.getDouble(n / 2)) / 2, "the median, by selection");
    }
  }

  /**
   * A 2048 x 2048 float64 product between the two engine nodes (a's rows on both, b's panels sent to both): checked
   * through associativity, {@code (a @ b) @ x == a @ (b @ x)} for a vector x (NumPy: {@code np.allclose}), and
   * against a's row sums for b = ones (every column of {@code a @ ones} is {@code a.sum(1)}).
   */
  @Test
  void aMatrixProductBetweenTheTwoEngineNodes() {
    long n = 2048;
    Distribution rows = ctx.distribution(Shape.of(n, n), "bn");
    try (DistArray a = ctx.random(22).rand(rows); DistArray b = ctx.random(23).rand(rows);
        DistArray x = ctx.random(24).rand(ctx.distribution(Shape.of(n), "b"));
        DistArray ab = a.matmul(b); DistArray abx = ab.matmul(x); DistArray bx = b.matmul(x);
        DistArray abx2 = a.matmul(bx); DistArray diff = abx.subtract(abx2).abs()) {
      assertEquals(Shape.of(n, n), ab.shape());
      double scale = abx.max();
      assertTrue(diff.max() <= 1e-12 * n * scale, "(a @ b) @ x and a @ (b @ x) differ by " + diff.max());
      try (DistArray ones = ctx.ones(rows); DistArray sums = a.matmul(ones); DistArray col = sums.slice(":, 7");
          DistArray rowSums = a.sum(1); DistArray off = col.subtract(rowSums).abs()) {
        assertTrue(off.max() <= 1e-12 * n, "column 7 of a @ ones against a.sum(1): " + off.max());
      }
    }
  }

  /**
   * TSQR, cov and summary between the two engine nodes: their shares (r factors with the per-rank factors, centred Gram
   * matrices, Chan shares) merge engine to engine across the JVMs. Checked by NumPy's identities: q^T q = I and q r = x
   * (np.allclose), cov's diagonal is each column's var(ddof=1) = var * n / (n - 1), summary's n, mean and max are
   * x.size, x.mean() and x.max().
   */
  @Test
  void factorisationsAndSummariesMergeBetweenTheTwoEngineNodes() {
    long n = 200_000;
    try (DistArray x = ctx.random(31).rand(ctx.distribution(Shape.of(n, 6), "bn"))) {
      Linalg.QR f = Linalg.qr(x);
      try (DistArray q = f.q(); DistArray qt = q.transpose(); DistArray qtq = qt.matmul(q);
          DistArray r = ctx.fromNdArray(f.r(), ctx.distribution(Shape.of(6, 6), "nn"));
          DistArray qr = q.matmul(r); DistArray diff = qr.subtract(x); DistArray off = diff.abs()) {
        NdArray g = qtq.toNdArray();
        for (int i = 0; i < 6; i++) {
          assertTrue(f.r().getDouble(i, i) >= 0, "r's diagonal is non-negative: " + f.r());
          for (int j = 0; j < 6; j++) {
            assertEquals(i == j ? 1.0 : 0.0, g.getDouble(i, j), 1e-12, "q^T q at (" + i + ", " + j + ")");
          }
        }
        // float64 rounding over the 200,000-row Householder steps (np.allclose's own tolerances are far looser)
        assertTrue(off.max() <= 1e-10, "q r against x: " + off.max());
      }
      NdArray cov = Linalg.cov(x, false);
      for (int col = 0; col < 6; col++) {
        try (DistArray c = x.slice(":, " + col)) {
          assertEquals(c.var() * n / (n - 1), cov.getDouble(col, col), 1e-12, "cov's diagonal at " + col);
        }
      }
      StatisticalSummary s = x.summary();
      assertEquals(6 * n, s.getN());
      assertEquals(x.mean(), s.getMean(), 1e-12);
      assertEquals(x.max(), s.getMax());
    }
  }
}
