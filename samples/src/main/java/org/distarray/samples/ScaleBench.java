package org.distarray.samples;

import java.util.Arrays;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.Distribution;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;

/**
 * What coordination costs as the engine count grows: the same small and medium operations on
 * {@code DistContext.local(E)}, printing {@code RESULT <op>_<E>e distarray-embedded-<E>e <seconds>}, the median of
 * 20 runs after two seconds of warm-up (one-time costs, start-up and the first operation, are single runs).
 *
 * <p>Usage: {@code ScaleBench --engines E [--only OP,...]}; samples/bench.sh's {@code --mode scale} runs it for
 * E = 16, 64, 256 and 1024, each in a JVM of its own (512 MiB of heap; the 10^8-element op in a larger one).
 *
 * <p>Operations: {@code cold_startup} (the JVM's first context, of one engine: Pekko's classes and configuration
 * load, the same for any E), {@code startup} (creating the context of E engines after that), {@code first_zeros}
 * (the first operation on it),
 * {@code zeros} and {@code sum} of 10^6 float64 ('b'), {@code small_op} ({@code (x + 1).sum()} of 1,000 elements),
 * {@code get_double} (one element), {@code redistribute_b_c} (10^6 float64 from 'b' to 'c'),
 * {@code zeros_sum_1e8} (zeros of 10^8 float64 and their sum).
 */
public final class ScaleBench {
  private ScaleBench() {}

  private static final int RUNS = 20;
  private static String only;

  public static void main(String[] args) {
    int engines = 16;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--engines" -> engines = Integer.parseInt(args[++i]);
        case "--only" -> only = args[++i];
        default -> throw new IllegalArgumentException("unknown argument '" + args[i]
            + "': expected --engines E, --only OP,...");
      }
    }
    String system = "distarray-embedded-" + engines + "e";
    String suffix = "_" + engines + "e";
    long cold = System.nanoTime();
    DistContext.local(1).close(); // the JVM's first actor system: loading Pekko's classes and configuration
    double coldStartup = (System.nanoTime() - cold) * 1e-9;
    long t0 = System.nanoTime();
    try (DistContext ctx = DistContext.local(engines)) {
      double startup = (System.nanoTime() - t0) * 1e-9;
      Distribution million = ctx.distribution(Shape.of(1_000_000), "b");
      long t1 = System.nanoTime();
      ctx.zeros(million).close();
      double first = (System.nanoTime() - t1) * 1e-9;
      if (wanted("cold_startup")) emit("cold_startup" + suffix, system, coldStartup);
      if (wanted("startup")) emit("startup" + suffix, system, startup);
      if (wanted("first_zeros")) emit("first_zeros" + suffix, system, first);
      if (wanted("zeros")) emit("zeros" + suffix, system, median(() -> ctx.zeros(million).close()));
      try (DistArray x = ctx.random(1).rand(million)) {
        if (wanted("sum")) emit("sum" + suffix, system, median(x::sum));
        if (wanted("get_double")) emit("get_double" + suffix, system, median(() -> x.getDouble(777_777)));
        if (wanted("redistribute_b_c")) {
          Distribution cyclic = ctx.distribution(Shape.of(1_000_000), "c");
          emit("redistribute_b_c" + suffix, system, median(() -> x.redistribute(cyclic).close()));
        }
      }
      try (DistArray s = ctx.random(6).rand(ctx.distribution(Shape.of(1000), "b"))) {
        if (wanted("small_op")) emit("small_op" + suffix, system, median(() -> {
          try (DistArray t = s.add(1.0)) {
            t.sum();
          }
        }));
      }
      if (wanted("zeros_sum_1e8")) {
        Distribution big = ctx.distribution(Shape.of(100_000_000), "b");
        emit("zeros_sum_1e8" + suffix, system, median(() -> {
          try (DistArray z = ctx.zeros(big)) {
            z.sum();
          }
        }));
      }
    }
  }

  private static boolean wanted(String op) {
    return only == null || Arrays.asList(only.split(",")).contains(op);
  }

  private static void emit(String op, String system, double seconds) {
    System.out.printf("RESULT %s %s %.6f%n", op, system, seconds);
  }

  /**
   * The median of RUNS timed runs after untimed ones for at least two seconds (and 10 runs, at most 5,000): the
   * JIT compiles the engines' and the coordinator's paths during the first thousand or so small operations.
   */
  private static double median(Runnable work) {
    long warm = System.nanoTime() + 2_000_000_000L;
    for (int i = 0; i < 5000 && (i < 10 || System.nanoTime() < warm); i++) {
      work.run();
    }
    double[] t = new double[RUNS];
    for (int i = 0; i < RUNS; i++) {
      long t0 = System.nanoTime();
      work.run();
      t[i] = (System.nanoTime() - t0) * 1e-9;
    }
    Arrays.sort(t);
    return (t[RUNS / 2 - 1] + t[RUNS / 2]) / 2;
  }
}
