package org.distarray.runtime;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.distarray.arrays.DType;
import org.distarray.arrays.DTypeException;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.ShapeMismatchException;
import org.distarray.arrays.dist.AxisMap;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.ops.BinaryOp;
import org.distarray.arrays.ops.MatrixProducts;
import org.distarray.arrays.ops.ReduceOp;
import org.distarray.arrays.task.LocalBlocks;
import org.distarray.arrays.task.LocalTask;

/**
 * NumPy's {@code matmul}, {@code dot} and {@code linalg.norm} of distributed arrays.
 *
 * <p>matmul of two 2-D arrays is SUMMA: the result C (m, n) is laid out in blocks over a 2-D grid of a's engines;
 * the inner axis is cut into panels, and for each panel the engines of grid row i receive a's rows of that panel and
 * the engines of grid column j receive b's columns of it (one alignment each, engine to engine: every engine gets
 * just the piece its block of C needs), then every engine adds the product of its two pieces to its block of C
 * (OpenBLAS's dgemm, sgemm, zgemm and cgemm; integer and bool products as plain loops). The next panel is on its
 * way while the current one is multiplied. 1-D operands are treated as NumPy treats them: a row or column, then the
 * added axis dropped.
 */
final class MatMul {
  private MatMul() {}

  /**
   * Panels are at least this long: narrower ones cost dgemm throughput and a pass over the block of C each (the
   * native call copies its arrays in and out).
   */
  private static final long MIN_PANEL = 256;
  /**
   * Panels are at most this long: a longer inner axis is cut into panels, each on its way while the one before it
   * multiplies; up to this length one product per engine is faster than two (each costs a copy of the block of C).
   */
  private static final long MAX_PANEL = 4096;

  static DistArray of(DistContext ctx, DistArray a, DistArray b) {
    int na = a.ndim();
    int nb = b.ndim();
    if (na < 1 || na > 2 || nb < 1 || nb > 2) {
      throw new ShapeMismatchException("matmul takes 1-D and 2-D operands, got shapes " + a.shape() + " and "
          + b.shape());
    }
    long k = a.shape().dims()[na - 1];
    long kb = b.shape().dims()[0];
    if (k != kb) {
      throw new ShapeMismatchException("matmul: the inner lengths differ: shapes " + a.shape() + " and " + b.shape()
          + " (" + k + " != " + kb + ")");
    }
    DType t = BinaryOp.MULTIPLY.resultType(a.dtype(), b.dtype());
    if (na == 1 && nb == 1) {
      NdArray v = dotValue(a, b, t);
      return ctx.fromNdArray(v, Distribution.of(Shape.of(), "", new int[] {a.distribution().target(0)}));
    }
    DistArray x = na == 1 ? a.reshape(1, k) : a;
    DistArray y = nb == 1 ? b.reshape(k, 1) : b;
    try {
      DistArray c = summa(ctx, x, y, t);
      if (na == 2 && nb == 2) {
        return c;
      }
      try (c) {
        return c.reshape(na == 1 ? new long[] {c.shape().dims()[1]} : new long[] {c.shape().dims()[0]});
      }
    } finally {
      if (x != a) {
        x.close();
      }
      if (y != b) {
        y.close();
      }
    }
  }

  /**
   * The product's layout: blocks over a grid of a's engines whose blocks are as near square as the shape allows
   * (more grid rows on a tie); fewer engines when the shape has too few rows and columns for all of them.
   */
  private static Distribution layout(long m, long n, int[] engines) {
    int e = engines.length;
    int bestRows = 0;
    double best = Double.MAX_VALUE;
    for (int rows = e; rows >= 1; rows--) {
      int cols = e / rows;
      if (e % rows != 0 || rows > Math.max(1, m) || cols > Math.max(1, n)) {
        continue;
      }
      double skew = Math.abs(Math.log((Math.max(1, m) / (double) rows) / (Math.max(1, n) / (double) cols)));
      if (skew < best) {
        best = skew;
        bestRows = rows;
      }
    }
    int rows = bestRows > 0 ? bestRows : (int) Math.min(e, Math.max(1, m));
    int cols = bestRows > 0 ? e / bestRows : 1;
    return Distribution.of(Shape.of(m, n), "bb", new int[] {rows, cols}, java.util.Arrays.copyOf(engines, rows * cols));
  }

  private static final AtomicBoolean ANNOUNCED = new AtomicBoolean();

  /** Logs once per JVM which library multiplies the blocks here (the engines of every node call it). */
  static void announce() {
    if (ANNOUNCED.compareAndSet(false, true)) {
      org.slf4j.LoggerFactory.getLogger(MatMul.class).info("matrix products of blocks on this node: {}",
          MatrixProducts.implementation());
    }
  }

  private static DistArray summa(DistContext ctx, DistArray a, DistArray b, DType t) {
    long m = a.shape().dims()[0];
    long k = a.shape().dims()[1];
    long n = b.shape().dims()[1];
    Distribution cd = layout(m, n, a.distribution().targets());
    if (m == 0 || n == 0 || k == 0) {
      return ctx.zeros(cd, t);
    }
    DistArray c = ctx.empty(cd, t); // the first panel's products write every element
    int[] grid = cd.gridShape();
    // one thread sends the next panel to the engines while this one waits for the current panel's products: the
    // client's calls block until their operation is done, so overlapping the two needs a second caller
    ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
      Thread thread = new Thread(r, "matmul-panels");
      thread.setDaemon(true);
      return thread;
    });
    CompletableFuture<DistArray[]> next = null;
    long panel = Math.max(MIN_PANEL, Math.min(k, MAX_PANEL));
    if (grid[1] == 1) { // one grid column: a's rows stay where they are (or move there once), b's panels go to all
      try {
        byRows(ctx, a, b, c, panel, sender);
      } catch (RuntimeException e) {
        c.close();
        throw e;
      } finally {
        sender.shutdown();
      }
      return c;
    }
    try (DistArray a3 = a.reshape(m, k, 1)) {
      long panels = (k + panel - 1) / panel;
      next = CompletableFuture.completedFuture(pieces(a3, b, 0, Math.min(k, panel), cd, grid));
      for (long p = 0; p < panels; p++) {
        DistArray[] current = join(next);
        long from = (p + 1) * panel;
        next = p + 1 < panels ? CompletableFuture.supplyAsync(() -> pieces(a3, b, from, Math.min(k, from + panel), cd,
            grid), sender) : null;
        try {
          ctx.apply(new AddProduct(p == 0), c, current[0], current[1]);
        } finally {
          current[0].close();
          current[1].close();
        }
      }
    } catch (RuntimeException e) {
      if (next != null) { // a panel on its way is freed once it arrives
        next.thenAccept(pair -> {
          pair[0].close();
          pair[1].close();
        });
      }
      c.close();
      throw e;
    } finally {
      sender.shutdown();
    }
    return c;
  }

  /**
   * SUMMA on a grid of one column: every engine's block of c is a block of rows, so a's rows need to be where they
   * are (a moves once if it is laid out otherwise), and every engine needs every panel of b whole: lent in the
   * embedded runtime when b's blocks hold whole rows, sent otherwise.
   */
  private static void byRows(DistContext ctx, DistArray a, DistArray b, DistArray c, long panel,
      ExecutorService sender) {
    Distribution cd = c.distribution();
    long m = a.shape().dims()[0];
    long k = a.shape().dims()[1];
    int rows = cd.gridShape()[0];
    Distribution rowsOfA = Distribution.of(Shape.of(m, k), List.of(cd.axisMap(0), AxisMap.none()),
        new int[] {rows, 1}, cd.targets());
    DistArray ar = a.distribution().equals(rowsOfA) ? a : a.redistribute(rowsOfA);
    try {
      if (ctx.embedded() && LentRows.lendable(b.distribution())) {
        byLentRows(ctx, ar, b, c, panel);
      } else {
        bySentPanels(ctx, ar, b, c, panel, sender);
      }
    } finally {
      if (ar != a) {
        ar.close();
      }
    }
  }

  /** byRows with b's panels sent whole to every engine, the next one on its way while the current one multiplies. */
  private static void bySentPanels(DistContext ctx, DistArray ar, DistArray b, DistArray c, long panel,
      ExecutorService sender) {
    Distribution cd = c.distribution();
    int rows = cd.gridShape()[0];
    long k = ar.shape().dims()[1];
    CompletableFuture<DistArray> next = null;
    try {
      long panels = (k + panel - 1) / panel;
      next = CompletableFuture.completedFuture(wholePanel(b, 0, Math.min(k, panel), rows, cd));
      for (long p = 0; p < panels; p++) {
        DistArray current = join(next);
        long from = p * panel;
        long after = (p + 1) * panel;
        next = p + 1 < panels ? CompletableFuture.supplyAsync(() -> wholePanel(b, after, Math.min(k, after + panel),
            rows, cd), sender) : null;
        try (current) {
          ctx.apply(new AddRowsProduct(from, Math.min(k, from + panel)), c, ar, current);
        }
      }
    } catch (RuntimeException e) {
      if (next != null) {
        next.thenAccept(DistArray::close);
      }
      throw e;
    }
  }

  /**
   * byRows in the embedded runtime, where every engine is in this JVM: b's engines lend their rows of b, and each
   * engine copies the rows of every panel straight into its native product's operand, so b is never copied whole to
   * every engine.
   */
  private static void byLentRows(DistContext ctx, DistArray ar, DistArray b, DistArray c, long panel) {
    long k = ar.shape().dims()[1];
    long key = LentRows.newKey();
    try {
      ctx.applyReading(new LendRows(key), b);
      for (long from = 0; from < k; from += panel) {
        ctx.apply(new AddLentRowsProduct(key, from, Math.min(k, from + panel)), c, ar);
      }
    } finally {
      LentRows.release(key);
    }
  }

  /** Lends this engine's block of b, whole rows of it, to the engines of this JVM under key. */
  public record LendRows(long key) implements LocalTask<Integer> {
    @Override
    public Integer run(LocalBlocks blocks) {
      LentRows.lend(key, blocks.distribution(0), blocks.rank(), blocks.block(0));
      return blocks.rank();
    }
  }

  /**
   * Adds the product of columns [from, to) of this engine's rows of a (block 1) and the rows [from, to) of b lent
   * under key to block 0 (writes it there for the first panel).
   */
  public record AddLentRowsProduct(long key, long from, long to) implements LocalTask<Integer> {
    @Override
    public Integer run(LocalBlocks blocks) {
      NdArray c = blocks.block(0);
      NdArray a = blocks.block(1);
      announce();
      MatrixProducts.multiplyRows(a.slice(":, " + from + ":" + to), LentRows.rows(key, from, to), c.dims()[1], c,
          from > 0);
      return blocks.rank();
    }
  }

  /** Rows [from, to) of b on every engine of cd (one per grid row): b's panel broadcast to (rows, to - from, n). */
  private static DistArray wholePanel(DistArray b, long from, long to, int rows, Distribution cd) {
    long n = b.shape().dims()[1];
    Distribution everywhere = Distribution.of(Shape.of(rows, to - from, n), "bnn", new int[] {rows, 1, 1},
        cd.targets());
    try (DistArray bp = b.slice(from + ":" + to + ", :")) {
      DistArray x = bp.alignedTo(everywhere);
      return x == bp ? bp.copy() : x;
    }
  }

  /**
   * Adds the product of columns [from, to) of this engine's rows of a (block 1) and b's panel (block 2) to block 0
   * (writes it there for the first panel).
   */
  public record AddRowsProduct(long from, long to) implements LocalTask<Integer> {
    @Override
    public Integer run(LocalBlocks blocks) {
      NdArray c = blocks.block(0);
      NdArray a = blocks.block(1);
      NdArray b = blocks.block(2);
      long kb = to - from;
      announce();
      MatrixProducts.multiply(a.slice(":, " + from + ":" + to), b.reshape(kb, c.dims()[1]), c, from > 0);
      return blocks.rank();
    }
  }

  /**
   * The panel [from, to) of the inner axis where the engines of cd need it: a's rows of it by grid row and b's
   * columns of it by grid column, both laid out over the (m, to - from, n) space of the panel's product.
   */
  private static DistArray[] pieces(DistArray a3, DistArray b, long from, long to, Distribution cd, int[] grid) {
    long m = a3.shape().dims()[0];
    long n = b.shape().dims()[1];
    Distribution space = Distribution.of(Shape.of(m, to - from, n), "bnb", new int[] {grid[0], 1, grid[1]},
        cd.targets());
    try (DistArray ap = a3.slice(":, " + from + ":" + to + ", :"); DistArray bp = b.slice(from + ":" + to + ", :")) {
      DistArray x = ap.alignedTo(space);
      x = x == ap ? ap.copy() : x; // ap and bp close here
      try {
        DistArray y = bp.alignedTo(space);
        return new DistArray[] {x, y == bp ? bp.copy() : y};
      } catch (RuntimeException e) {
        x.close();
        throw e;
      }
    }
  }

  private static <T> T join(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  /**
   * Adds the product of this engine's pieces of a (block 1, (rows, kb, 1)) and b (block 2) to its block of c (writes
   * it there for the first panel).
   */
  public record AddProduct(boolean first) implements LocalTask<Integer> {
    @Override
    public Integer run(LocalBlocks blocks) {
      NdArray c = blocks.block(0);
      NdArray a = blocks.block(1);
      NdArray b = blocks.block(2);
      long rows = c.dims()[0];
      long cols = c.dims()[1];
      long kb = a.dims()[1];
      announce();
      MatrixProducts.multiply(a.reshape(rows, kb), b.reshape(kb, cols), c, !first);
      return blocks.rank();
    }
  }

  private static NdArray dotValue(DistArray a, DistArray b, DType t) {
    try (DistArray products = a.multiply(b)) {
      return products.reduceToValue(ReduceOp.SUM).astype(t);
    }
  }

  static double dot(DistArray a, DistArray b) {
    if (a.ndim() != 1 || b.ndim() != 1 || a.size() != b.size()) {
      throw new ShapeMismatchException("dot takes two 1-D arrays of one length, got shapes " + a.shape() + " and "
          + b.shape());
    }
    DType t = BinaryOp.MULTIPLY.resultType(a.dtype(), b.dtype());
    if (t.isComplex()) {
      throw new DTypeException("dot returns a double; use matmul for " + t + " arrays");
    }
    return dotValue(a, b, t).getDouble();
  }

  static double norm(DistArray a) {
    DType t = a.dtype();
    DistArray x = t.isComplex() ? a.abs() : t.isInexact() ? a : a.astype(DType.FLOAT64);
    try (DistArray squares = x.multiply(x)) {
      return Math.sqrt(squares.sum());
    } finally {
      if (x != a) {
        x.close();
      }
    }
  }
}
