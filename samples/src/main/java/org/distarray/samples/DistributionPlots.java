package org.distarray.samples;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.AxisMap;
import org.distarray.arrays.dist.Distribution;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.distarray.runtime.plot.DistributionPlot;

/**
 * Pictures of how arrays are laid out over the engines: block ('b'), cyclic ('c') and block-cyclic distributions of
 * a 1-D array, and 'bc' and 'cc' distributions of a 2-D array over a 2 x 2 grid, each cell coloured by its engine and
 * labelled with the array's value (arange).
 *
 * <p>Usage: {@code DistributionPlots [--length N (16)] [--side S (8)] [--block-size K (2)] [--engines E (4)] [--out
 * DIR] [--connect FILE]}; writes {@code dist_b.png}, {@code dist_c.png}, {@code dist_block_cyclic.png},
 * {@code dist_bc.png} and {@code dist_cc.png}.
 */
public final class DistributionPlots {
  static final String USAGE = "DistributionPlots [--length N] [--side S] [--block-size K] [--engines E] [--out DIR]"
      + " [--connect FILE]";

  private DistributionPlots() {}

  /** One picture: its file, size and the engines it shows. */
  public record Picture(Path png, int width, int height, int[] engines) {}

  public static void main(String[] args) {
    SampleOptions.main(args, a -> run(a, System.out));
  }

  /** Runs the sample with the given arguments, printing to out. */
  public static List<Picture> run(String[] args, PrintStream out) {
    SampleOptions o = SampleOptions.parse(args, USAGE, "length", "side", "block-size");
    long length = o.positiveLong("length", 16);
    long side = o.positiveLong("side", 8);
    long blockSize = o.positiveLong("block-size", 2);
    Path dir = o.out();
    List<Picture> pictures = new ArrayList<>();
    try (DistContext ctx = o.open(4)) {
      int[] engines = ctx.engineIds();
      int e = engines.length;
      Shape line = Shape.of(length);
      Shape square = Shape.of(side, side);
      int[] grid = e % 2 == 0 ? new int[] {2, e / 2} : new int[] {e, 1};
      plot(ctx, ctx.distribution(line, "b"), "'b': blocks", dir.resolve("dist_b.png"), pictures, out);
      plot(ctx, ctx.distribution(line, "c"), "'c': cyclic", dir.resolve("dist_c.png"), pictures, out);
      plot(ctx, Distribution.of(line, List.of(AxisMap.blockCyclic(blockSize)), new int[] {e}, engines),
          "block-cyclic, block size " + blockSize, dir.resolve("dist_block_cyclic.png"), pictures, out);
      plot(ctx, ctx.distribution(square, "bc", grid, engines), "'bc' on a " + grid[0] + " x " + grid[1] + " grid",
          dir.resolve("dist_bc.png"), pictures, out);
      plot(ctx, ctx.distribution(square, "cc", grid, engines), "'cc' on a " + grid[0] + " x " + grid[1] + " grid",
          dir.resolve("dist_cc.png"), pictures, out);
    }
    return pictures;
  }

  private static void plot(DistContext ctx, Distribution d, String title, Path png, List<Picture> pictures,
      PrintStream out) {
    try (DistArray values = ctx.arange(d.shape().size());
        DistArray shaped = values.reshape(d.shape().dims());
        DistArray a = shaped.redistribute(d)) {
      DistributionPlot plot = DistributionPlot.of(a).title(title);
      plot.writePng(png);
      pictures.add(new Picture(png, plot.width(), plot.height(), d.targets()));
      out.printf("%-32s %s (%d x %d pixels)%n", title, png, plot.width(), plot.height());
    }
  }
}
