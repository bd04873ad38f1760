package org.distarray.samples;

import org.distarray.arrays.DType;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.Distribution;
import org.distarray.runtime.Boundary;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.distarray.runtime.Stencil;

/**
 * The standard workloads of the benchmark suite (listed in samples/README.md) on DistArray, printing
 * {@code RESULT <workload> distarray-<mode>-<N>e <seconds>} (best of several repetitions).
 *
 * <p>Usage: {@code Bench [--quick] [--engines N] [--mode embedded|cluster] [--connect CLIENT_CONF] [--only W,...]
 * [--label NAME]}:
 * embedded starts N engines in this JVM; cluster connects with the client config file to running nodes (bench.sh
 * starts them).
 */
public final class Bench {
  private Bench() {}

  interface Work {
    void run();
  }

  public static void main(String[] args) {
    boolean quick = false;
    int engines = 2;
    String mode = "embedded";
    String only = null;
    String connect = null;
    String label = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--engines" -> engines = Integer.parseInt(args[++i]);
        case "--mode" -> mode = args[++i];
        case "--only" -> only = args[++i];
        case "--connect" -> connect = args[++i];
        case "--label" -> label = args[++i];
        default -> throw new IllegalArgumentException("unknown argument '" + args[i]
            + "': expected --quick, --engines N, --mode embedded|cluster, --connect FILE, --only WORKLOAD, --label NAME");
      }
    }
    if (!mode.equals("embedded") && !mode.equals("cluster")) {
      throw new IllegalArgumentException("mode must be embedded or cluster, got '" + mode + "'");
    }
    if (mode.equals("cluster") && connect == null) {
      throw new IllegalArgumentException("--mode cluster needs --connect CLIENT_CONF (samples/bench.sh starts the nodes)");
    }
    String system = "distarray-" + (label != null ? label : mode) + "-" + engines + "e";
    Bench.only = only;
    int n = 1 << (quick ? 22 : 25);
    try (DistContext ctx = mode.equals("cluster") ? DistContext.connect(java.nio.file.Path.of(connect))
        : DistContext.local(engines)) {
      if (ctx.engineCount() != engines) {
        throw new IllegalStateException("the cluster has " + ctx.engineCount() + " engines, not " + engines);
      }
      warmRequestPaths(ctx);
      Distribution d = ctx.distribution(Shape.of(n), "b");
      try (DistArray b = ctx.random(1).rand(d); DistArray c = ctx.random(2).rand(d); DistArray dd = ctx.random(3).rand(d)) {
        if (wanted("triad")) emit("triad", system, best(10, () -> {
          try (DistArray a = b.multiply(c).add(dd)) {
            a.evaluate();
          }
        }));
        if (wanted("sum")) emit("sum", system, best(10, b::sum));
      }
      if (wanted("select")) {
        // a[mask] with a 50% random mask over 2^25 float64 (2^22 quick), both block distributed
        try (DistArray x = ctx.random(12).rand(d); DistArray mask = ctx.random(13).rand(d).less(0.5).evaluate()) {
          emit("select", system, best(7, () -> x.select(mask).close()));
        }
      }
      if (wanted("take")) {
        // a: 2^25 float64, idx: 2^24 int64 uniform over a (2^21 and 2^20 quick), both block distributed
        long size = quick ? 1L << 21 : n;
        try (DistArray a = ctx.random(14).rand(ctx.distribution(Shape.of(size), "b"));
            DistArray idx = ctx.random(15).randint(0, size, ctx.distribution(Shape.of(size / 2), "b"))) {
          emit("take", system, best(5, 3, () -> a.take(idx).close()));
        }
      }
      if (wanted("sum_uint8")) {
        // 2^27 uint8 elements (an eighth of the bytes of 2^27 float64): NumPy's uint8 sum, exact in uint64
        Distribution bytes = ctx.distribution(Shape.of(4L * n), "b");
        try (DistArray z = ctx.zeros(bytes, DType.UINT8); DistArray u = z.add(7L).evaluate()) {
          emit("sum_uint8", system, best(10, u::sumLong));
        }
      }
      if (wanted("cumsum")) {
        // 2^25 float64 (2^21 quick), block distributed: the inclusive prefix sum as a new array
        try (DistArray x = ctx.random(11).rand(ctx.distribution(Shape.of(quick ? 1L << 21 : n), "b"))) {
          emit("cumsum", system, best(7, () -> x.cumsum(0).close()));
        }
      }
      if (wanted("sort") || wanted("median")) {
        // 2^25 float64 uniform in [0, 1) (2^21 quick), block distributed: x.sort() as a new array kept distributed
        // like x (x is not changed, so every repetition sorts the same unsorted data); median: np.median(x)
        try (DistArray x = ctx.random(18).rand(ctx.distribution(Shape.of(quick ? 1L << 21 : n), "b"))) {
          if (wanted("sort")) emit("sort", system, best(5, 1, () -> x.sort().close()));
          if (wanted("median")) emit("median", system, best(5, 2, x::median));
        }
      }
      if (wanted("matmul")) {
        // C = A @ B, 4096 x 4096 float64 (1024 quick), A and B in row blocks; C stays distributed
        long side = quick ? 1024 : 4096;
        Distribution rows = ctx.distribution(Shape.of(side, side), "bn");
        try (DistArray a = ctx.random(19).rand(rows); DistArray b = ctx.random(20).rand(rows)) {
          emit("matmul", system, best(3, 1, () -> a.matmul(b).close()));
        }
      }
      if (wanted("stencil")) {
        // 10 five-point heat steps on 8192 x 8192 float64 (2048 x 2048 quick), row blocks, zero boundary, from u0
        // already ghosted; each step exchanges one ghost row between neighbouring engines (u0's values are uniform
        // random: the same work as the kit's pattern, and made by the runtime, so no class of ours has to be on the
        // engine nodes)
        long side = quick ? 2048 : 8192;
        try (DistArray start = ctx.random(16).rand(ctx.distribution(Shape.of(side, side), "bn"));
            DistArray u0 = start.ghosted(1, Boundary.ZERO)) {
          emit("stencil", system, best(3, 1, () -> {
            DistArray u = u0;
            for (int step = 0; step < 10; step++) {
              DistArray next = u.stencil(Stencil.laplace(0.1));
              if (u != u0) {
                u.close();
              }
              u = next;
            }
            u.close();
          }));
        }
      }
      if (wanted("stencil_400")) {
        // the latency of one small stencil step: 400 x 400 float64 in blocks over every engine, zero boundary; the
        // time of one step (best of 200 after as many untimed)
        try (DistArray start = ctx.random(17).rand(ctx.distribution(Shape.of(400, 400), "bb"));
            DistArray u0 = start.ghosted(1, Boundary.ZERO)) {
          emit("stencil_400", system, best(200, 200, () -> u0.stencil(Stencil.laplace(0.2)).close()));
        }
      }
      long rows = quick ? 2048 : 8192;
      long cols = quick ? 1024 : 4096;
      try (DistArray m = ctx.random(4).rand(ctx.distribution(Shape.of(rows, cols), "b"))) {
        if (wanted("sum_axis0")) emit("sum_axis0", system, best(7, () -> m.sum(0).close()));
        if (wanted("sum_axis1")) emit("sum_axis1", system, best(7, () -> m.sum(1).close()));
      }
      try (DistArray x = ctx.random(5).rand(ctx.distribution(Shape.of(n / 4), "b"))) {
        if (wanted("exp_sin")) emit("exp_sin", system, best(7, () -> {
          try (DistArray r = x.exp().add(x.sin())) {
            r.evaluate();
          }
        }));
      }
      long side = quick ? 2048 : 8192;
      if (wanted("redistribute_rows_to_cols")) {
        Shape square = Shape.of(side, side);
        Distribution columnsBlock = ctx.distribution(square, "nb");
        try (DistArray rowsBlock = ctx.random(7).rand(ctx.distribution(square, "bn"))) {
          emit("redistribute_rows_to_cols", system,
              best(7, MOVE_WARMUPS, () -> rowsBlock.redistribute(columnsBlock).close()));
        }
      }
      if (wanted("transpose")) {
        // an 8192 x 8192 float64 array (2048 x 2048 quick): the transpose is a view, nothing moves
        try (DistArray square = ctx.zeros(ctx.distribution(Shape.of(side, side), "bb"))) {
          emit("transpose", system, best(7, () -> square.transpose().close()));
        }
      }
      if (wanted("add_aligned") || wanted("add_misaligned")) {
        long half = quick ? 1024 : 4096; // 2^24 elements at full size
        Shape square = Shape.of(half, half);
        try (DistArray p = ctx.random(8).rand(ctx.distribution(square, "bn"));
             DistArray q = ctx.random(9).rand(ctx.distribution(square, "bn"));
             DistArray r = ctx.random(10).rand(ctx.distribution(square, "cc"))) {
          if (wanted("add_aligned")) {
            emit("add_aligned", system, best(7, () -> p.add(q).evaluate().close()));
          }
          if (wanted("add_misaligned")) {
            emit("add_misaligned", system, best(7, MOVE_WARMUPS, () -> p.add(r).evaluate().close()));
          }
        }
      }
      try (DistArray s = ctx.random(6).rand(ctx.distribution(Shape.of(1000), "b"))) {
        // a round trip's code is compiled by the JIT only after tens of thousands of runs (5,000 warm-ups left C2
        // compiling beside the timed runs: 26-40 us then, 16-20 us once compiled): warm up for 3 s, as ScaleBench does
        if (wanted("small_op")) emit("small_op", system, bestAfter(3.0, 200, () -> {
          try (DistArray t = s.add(1.0)) {
            t.sum();
          }
        }));
      }
    }
  }

  private static String only;

  /**
   * Untimed runs of the workloads that move blocks between engines. A move runs its per-chunk code (cutting, writing
   * and reading a chunk, its acknowledgement) once per chunk of 4 MiB between nodes, and the JIT compiles such code
   * only after a few thousand runs of it: between two nodes, redistribute_rows_to_cols (64 chunks a run) took 700
   * to 950 ms in its first runs, about 200 ms after 20 and 130 to 170 ms from about the 60th on, while the compiler
   * threads took up to a quarter of the two cores. Small moves in {@link #warmRequestPaths} run the same code but did
   * not bring the first runs down, so the workloads warm up themselves.
   */
  static final int MOVE_WARMUPS = 60;

  /**
   * Runs the request paths that the workloads time (a reduction to a value, along an axis, an elementwise
   * evaluation) a few thousand times on a small array first, as a running program has: the JIT compiles the
   * client's, the coordinator's and the engines' code for a request only after a few hundred requests, and a
   * workload's 10 to 25 repetitions would otherwise time most of it interpreted (about 0.6 ms more per request
   * here). The small array has more than 16,384 elements so that its reductions take the same way as large ones
   * (smaller ones are reduced by node).
   */
  private static void warmRequestPaths(DistContext ctx) {
    try (DistArray w = ctx.zeros(ctx.distribution(Shape.of(64, 512), "bn"))) {
      for (int i = 0; i < 3000; i++) {
        w.sum();
        if (i % 3 == 0) {
          w.sum(1).close();
          w.add(w).evaluate().close();
        }
      }
    }
  }

  private static boolean wanted(String workload) {
    return wanted(only, workload);
  }

  /** Whether workload is in only (a comma-separated list; null: every workload). */
  static boolean wanted(String only, String workload) {
    return only == null || java.util.Arrays.asList(only.split(",")).contains(workload);
  }

  static void emit(String workload, String system, double seconds) {
    System.out.printf("RESULT %s %s %.6f%n", workload, system, seconds);
  }

  /**
   * Best of reps runs after 15 untimed ones. The JIT compiles a workload's paths (kernels, messages, the actors'
   * code) during its first few runs, and with two cores its compiler threads take time from the engines: runs 4 to
   * 15 of an axis reduction measured up to half again as long as the runs after them. The peers have no JIT to warm.
   */
  private static double best(int reps, Work work) {
    return best(reps, 15, work);
  }

  /** Best time of reps runs after at least 5,000 untimed runs that last at least seconds. */
  static double bestAfter(double seconds, int reps, Work work) {
    long until = System.nanoTime() + (long) (seconds * 1e9);
    for (int i = 0; i < 5000 || System.nanoTime() < until; i++) {
      work.run();
    }
    return best(reps, 0, work);
  }

  /** Best time of reps runs after warmups untimed runs. */
  private static double best(int reps, int warmups, Work work) {
    for (int i = 0; i < warmups; i++) {
      work.run();
    }
    double best = Double.MAX_VALUE;
    for (int i = 0; i < reps; i++) {
      long t0 = System.nanoTime();
      work.run();
      double t = (System.nanoTime() - t0) * 1e-9;
      best = Math.min(best, t);
    }
    return best;
  }
}
