package org.distarray.samples;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.Distribution;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.distarray.runtime.Linalg;

/**
 * Principal components of a tall data set whose rows are spread over the engines: the columns are centred (their
 * means from one reduction), {@code Linalg.svd} factors the centred data (TSQR, then EJML's SVD of the small r), the
 * squared singular values give the variance each component explains, and the data is projected on the leading
 * components with {@code matmul}. The synthetic data has three hidden factors mixed into its columns plus a little
 * noise, so three components explain nearly everything. Writes {@code pca.png}, the explained variance per
 * component.
 *
 * <p>Usage: {@code Pca [--rows M (100000)] [--cols N (8)] [--components K (3)] [--seed S (11)] [--engines E (4)]
 * [--out DIR] [--connect FILE]}.
 */
public final class Pca {
  static final String USAGE = "Pca [--rows M] [--cols N] [--components K] [--seed S] [--engines E] [--out DIR]"
      + " [--connect FILE]";
  /** The hidden factors of the synthetic data. */
  static final int FACTORS = 3;

  private Pca() {}

  /** The explained variance ratio of every component (descending) and the projected data's shape. */
  public record Result(double[] explained, Shape projected) {}

  public static void main(String[] args) {
    SampleOptions.main(args, a -> run(a, System.out));
  }

  /** Runs the sample with the given arguments, printing to out. */
  public static Result run(String[] args, PrintStream out) {
    SampleOptions o = SampleOptions.parse(args, USAGE, "rows", "cols", "components", "seed");
    long m = o.positiveLong("rows", 100_000);
    int n = o.positiveInt("cols", 8);
    int k = o.positiveInt("components", 3);
    long seed = o.positiveLong("seed", 11);
    if (m < n || k > n) {
      throw new IllegalArgumentException("PCA here needs --rows >= --cols >= --components: " + m + ", " + n + ", "
          + k);
    }
    Path dir = o.out();
    try (DistContext ctx = o.open(4)) {
      Distribution rows = ctx.distribution(Shape.of(m, n), "bn");
      out.printf("PCA of a %d x %d data set on %d engines%n", m, n, rows.ranks());
      try (DistArray data = synthetic(ctx, m, n, seed); DistArray means = data.mean(0);
          DistArray centred = data.subtract(means)) {
        Linalg.SVD svd = Linalg.svd(centred);
        double[] s = svd.s().toDoubleArray();
        double total = 0;
        for (double v : s) {
          total += v * v;
        }
        double[] explained = new double[n];
        for (int i = 0; i < n; i++) {
          explained[i] = s[i] * s[i] / total;
          out.printf("component %d: %.4f of the variance%n", i + 1, explained[i]);
        }
        double[] leading = new double[n * k]; // the first k rows of vt, as columns
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < k; j++) {
            leading[i * k + j] = svd.vt().getDouble(j, i);
          }
        }
        Shape projected;
        try (DistArray u = svd.u();
            DistArray axes = ctx.fromNdArray(NdArray.of(leading, n, k), small(Shape.of(n, k), rows));
            DistArray scores = centred.matmul(axes)) {
          projected = scores.shape();
          out.printf("projected on %d components: %s, first row %s%n", k, projected,
              java.util.Arrays.toString(scores.slice("0, :").toNdArray().toDoubleArray()));
        }
        Path png = dir.resolve("pca.png");
        plot(explained, png);
        out.println("wrote " + png);
        return new Result(explained, projected);
      }
    }
  }

  /**
   * m rows of n columns: FACTORS standard normal factors per row mixed by fixed weights (column j takes factor f with
   * weight (FACTORS - f) cos((f + 1) j + f)), plus noise of standard deviation 0.05, and column j shifted by 10 j.
   */
  static DistArray synthetic(DistContext ctx, long m, int n, long seed) {
    Distribution rows = ctx.distribution(Shape.of(m, n), "bn");
    double[] weights = new double[FACTORS * n];
    double[] shift = new double[n];
    for (int f = 0; f < FACTORS; f++) {
      for (int j = 0; j < n; j++) {
        weights[f * n + j] = Math.cos((f + 1) * j + f) * (FACTORS - f);
      }
    }
    for (int j = 0; j < n; j++) {
      shift[j] = 10.0 * j;
    }
    try (DistArray factors = ctx.random(seed).randn(ctx.distribution(Shape.of(m, FACTORS), "bn"));
        DistArray w = ctx.fromNdArray(NdArray.of(weights, FACTORS, n), small(Shape.of(FACTORS, n), rows));
        DistArray mixed = factors.matmul(w);
        DistArray noise = ctx.random(seed + 1).randn(rows);
        DistArray offsets = ctx.fromNdArray(NdArray.of(shift, n), small(Shape.of(n), rows))) {
      return mixed.add(noise.multiply(0.05)).add(offsets).evaluate();
    }
  }

  /** A small array's layout: whole on the first engine of rows. */
  static Distribution small(Shape shape, Distribution rows) {
    return Distribution.of(shape, "n".repeat(shape.ndim()), new int[] {rows.target(0)});
  }

  /** A bar per component, its height the explained share of the variance. */
  static void plot(double[] explained, Path png) {
    int bar = 60;
    int width = explained.length * bar + 80;
    int height = 360;
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.DARK_GRAY);
    g.drawLine(50, height - 40, width - 20, height - 40);
    g.drawString("explained variance", 10, 20);
    for (int i = 0; i < explained.length; i++) {
      int h = (int) Math.round(explained[i] * (height - 80));
      g.setColor(new Color(70, 110, 180));
      g.fillRect(60 + i * bar, height - 40 - h, bar - 12, h);
      g.setColor(Color.DARK_GRAY);
      g.drawString(String.valueOf(i + 1), 60 + i * bar + bar / 2 - 10, height - 22);
      g.drawString(String.format("%.2f", explained[i]), 60 + i * bar, height - 46 - h);
    }
    g.dispose();
    try {
      ImageIO.write(img, "png", png.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + png, e);
    }
  }
}
