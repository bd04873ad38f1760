package org.distarray.samples;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.task.LocalBlocks;
import org.distarray.arrays.task.LocalTask;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;

/**
 * The Julia set z -> z^2 + c on a 2-D distributed array, DistArray's flagship example. Each engine iterates the
 * points of its own block; the work per point varies a lot (points inside the set take every iteration), so a block
 * distribution over rows ('bn') leaves some engines with far more work than others, while cyclic distributions ('cn',
 * 'cc') deal every engine a fair share. The sample prints each layout's time and iterations per engine, and writes the
 * fractal as a PNG.
 *
 * <p>Usage: {@code JuliaSet [--size N (600)] [--iterations K (300)] [--c-re X (-0.8)] [--c-im Y (0.156)]
 * [--engines E (4)] [--out DIR] [--connect FILE]}.
 */
public final class JuliaSet {
  static final String USAGE = "JuliaSet [--size N] [--iterations K] [--c-re X] [--c-im Y] [--engines E] [--out DIR]"
      + " [--connect FILE]";
  static final List<String> LAYOUTS = List.of("bn", "cn", "cc");

  private JuliaSet() {}

  /** The fractal's parameters: an n x n grid over [-1.5, 1.5]^2 and the constant c. */
  public record Params(long size, int maxIterations, double cRe, double cIm) {
    /** Iterations until |z| > 2 (at most maxIterations) for the point at row i, column j. */
    public int iterations(long i, long j) {
      double step = size > 1 ? 3.0 / (size - 1) : 0;
      double x = -1.5 + j * step;
      double y = 1.5 - i * step;
      int k = 0;
      while (k < maxIterations && x * x + y * y <= 4.0) {
        double xt = x * x - y * y + cRe;
        y = 2 * x * y + cIm;
        x = xt;
        k++;
      }
      return k;
    }
  }

  /** What one engine did: its rank, id, iterations and time in its block. */
  public record EngineWork(int rank, int engineId, long iterations, long nanos) {}

  /** Fills this engine's block of an INT64 array with iteration counts. */
  record Iterate(Params params) implements LocalTask<EngineWork> {
    @Override
    public EngineWork run(LocalBlocks blocks) {
      long start = System.nanoTime();
      NdArray block = blocks.block(0);
      Distribution d = blocks.distribution(0);
      long[] rows = d.localIndices(blocks.rank(), 0).toArray();
      long[] cols = d.localIndices(blocks.rank(), 1).toArray();
      long[] out = (long[]) block.storage();
      long[] strides = block.strides();
      long total = 0;
      for (int i = 0; i < rows.length; i++) {
        long base = block.offset() + i * strides[0];
        for (int j = 0; j < cols.length; j++) {
          int k = params.iterations(rows[i], cols[j]);
          out[(int) (base + j * strides[1])] = k;
          total += k;
        }
      }
      return new EngineWork(blocks.rank(), blocks.engineId(), total, System.nanoTime() - start);
    }
  }

  /** One layout's run: its wall time and the work of each engine. */
  public record Run(String dist, long wallNanos, List<EngineWork> engines) {
    /** The largest engine's iterations over the mean: 1 is perfect balance. */
    public double imbalance() {
      long max = 0;
      long sum = 0;
      for (EngineWork w : engines) {
        max = Math.max(max, w.iterations());
        sum += w.iterations();
      }
      return sum == 0 ? 1 : max / ((double) sum / engines.size());
    }
  }

  /** The sample's outcome: the runs, the gathered counts (equal for every layout) and the PNG written. */
  public record Result(List<Run> runs, NdArray counts, Path png) {}

  public static void main(String[] args) {
    SampleOptions.main(args, a -> run(a, System.out));
  }

  /** Runs the sample with the given arguments, printing to out. */
  public static Result run(String[] args, PrintStream out) {
    SampleOptions o = SampleOptions.parse(args, USAGE, "size", "iterations", "c-re", "c-im");
    Params p = new Params(o.positiveLong("size", 600), o.positiveInt("iterations", 300), o.number("c-re", -0.8),
        o.number("c-im", 0.156));
    Path dir = o.out();
    List<Run> runs = new ArrayList<>();
    NdArray counts = null;
    try (DistContext ctx = o.open(4)) {
      out.printf("Julia set c = %s%+gi on a %d x %d grid, at most %d iterations, %d engines%n", p.cRe(), p.cIm(),
          p.size(), p.size(), p.maxIterations(), ctx.engineCount());
      Shape shape = Shape.of(p.size(), p.size());
      // an untimed small run first, so that the first layout timed does not also pay for compiling the loop
      try (DistArray warm = ctx.empty(ctx.distribution(Shape.of(64, 64), "cc"), DType.INT64)) {
        ctx.apply(new Iterate(new Params(64, p.maxIterations(), p.cRe(), p.cIm())), warm);
      }
      for (String dist : LAYOUTS) {
        Distribution d = ctx.distribution(shape, dist);
        try (DistArray a = ctx.empty(d, DType.INT64)) {
          long start = System.nanoTime();
          List<EngineWork> work = ctx.apply(new Iterate(p), a);
          Run r = new Run(dist, System.nanoTime() - start, work);
          runs.add(r);
          print(out, r, d);
          NdArray gathered = a.toNdArray();
          if (counts == null) {
            counts = gathered;
          } else if (!java.util.Arrays.equals(counts.toLongArray(), gathered.toLongArray())) {
            throw new IllegalStateException("layout '" + dist + "' computed other iteration counts than '"
                + runs.get(0).dist() + "'");
          }
        }
      }
    }
    Path png = dir.resolve("julia.png");
    writePng(counts, p.maxIterations(), png);
    out.println("wrote " + png);
    return new Result(runs, counts, png);
  }

  private static void print(PrintStream out, Run r, Distribution d) {
    out.printf("'%s' grid %s: %.1f ms, imbalance (max/mean iterations) %.2f%n", r.dist(),
        java.util.Arrays.toString(d.gridShape()), r.wallNanos() / 1e6, r.imbalance());
    for (EngineWork w : r.engines()) {
      out.printf("  engine %d (rank %d): %,d iterations in %.1f ms%n", w.engineId(), w.rank(), w.iterations(),
          w.nanos() / 1e6);
    }
  }

  /** The counts as an image: black inside the set, a blue-to-white ramp by log(iterations) outside. */
  static void writePng(NdArray counts, int maxIterations, Path png) {
    int n = (int) counts.shape().dim(0);
    int m = (int) counts.shape().dim(1);
    long[] c = counts.toLongArray();
    BufferedImage img = new BufferedImage(m, n, BufferedImage.TYPE_INT_RGB);
    double scale = Math.log1p(maxIterations);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        long k = c[i * m + j];
        int rgb = 0;
        if (k < maxIterations) {
          double t = Math.log1p(k) / scale;
          int r = (int) (255 * t * t);
          int g = (int) (255 * t);
          int b = (int) (255 * Math.sqrt(t));
          rgb = (r << 16) | (g << 8) | b;
        }
        img.setRGB(j, i, rgb);
      }
    }
    try {
      ImageIO.write(img, "png", png.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + png + ": " + e.getMessage(), e);
    }
  }
}
