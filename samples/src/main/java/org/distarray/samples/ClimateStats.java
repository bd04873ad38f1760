package org.distarray.samples;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.task.IndexFunction;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import ucar.nc2.NetcdfFile;
import ucar.nc2.Variable;

/**
 * A climate-style analysis of a NetCDF variable laid out (time, lat, lon): the mean and the standard deviation along
 * time for every grid cell, each engine reading its own hyperslabs of the file and the partial moments combining
 * engine to engine; the results are saved to NetCDF (with lat/lon dimension names and units) and to .npy.
 *
 * <p>Without {@code --input} it first writes a synthetic monthly temperature field to {@code climate.nc} (a
 * seasonal cycle that grows towards the poles, plus reproducible noise) and analyses that.
 *
 * <p>Usage: {@code ClimateStats [--input FILE --variable NAME] [--times T (120)] [--lats Y (90)] [--lons X (180)]
 * [--dist D (bbn)] [--engines E (4)] [--out DIR] [--connect FILE]}.
 */
public final class ClimateStats {
  static final String USAGE = "ClimateStats [--input FILE --variable NAME] [--times T] [--lats Y] [--lons X]"
      + " [--dist D] [--engines E] [--out DIR] [--connect FILE]";

  private ClimateStats() {}

  /** Synthetic monthly surface temperature in degrees Celsius at (time, lat, lon). */
  public record SyntheticTemperature(long lats, long lons) implements IndexFunction {
    @Override
    public double apply(long[] i) {
      double lat = Math.toRadians(-90 + 180.0 * (i[1] + 0.5) / lats);
      double lon = Math.toRadians(360.0 * i[2] / lons);
      double season = Math.sin(2 * Math.PI * (i[0] % 12) / 12.0);
      return 28 * Math.cos(lat) - 12 + 14 * Math.sin(lat) * season + 3 * Math.cos(2 * lon) * Math.cos(lat)
          + 2 * noise(i[0], i[1], i[2]);
    }

    /** A reproducible value in [-1, 1) from the index (SplitMix64's finaliser). */
    static double noise(long t, long y, long x) {
      long z = t * 0x9E3779B97F4A7C15L + y * 0xC2B2AE3D27D4EB4FL + x * 0x165667B19E3779F9L;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      z ^= z >>> 31;
      return (z >>> 11) * 0x1.0p-52 - 1.0;
    }
  }

  /** The outcome: the analysed file and variable, and the files written with the gathered results. */
  public record Result(Path input, String variable, Path meanNetcdf, Path stdNetcdf, Path meanNpy, Path stdNpy,
      NdArray mean, NdArray std) {}

  public static void main(String[] args) {
    SampleOptions.main(args, a -> run(a, System.out));
  }

  /** Runs the sample with the given arguments, printing to out. */
  public static Result run(String[] args, PrintStream out) {
    SampleOptions o = SampleOptions.parse(args, USAGE, "input", "variable", "times", "lats", "lons", "dist");
    Path dir = o.out();
    String dist = o.string("dist", "bbn");
    try (DistContext ctx = o.open(4)) {
      ctx.setProgressListener(new ProgressBars(out));
      Path input;
      String variable;
      if (o.has("input")) {
        input = Path.of(o.string("input", ""));
        variable = o.string("variable", "temperature");
      } else {
        input = dir.resolve("climate.nc");
        variable = "temperature";
        writeSynthetic(ctx, input, o.positiveLong("times", 120), o.positiveLong("lats", 90),
            o.positiveLong("lons", 180), out);
      }
      Shape shape = shapeOf(input, variable);
      if (shape.ndim() != 3) {
        throw new IllegalArgumentException("variable '" + variable + "' of " + input + " has shape " + shape
            + "; the analysis needs (time, lat, lon)");
      }
      Distribution d = ctx.distribution(shape, dist);
      out.printf("analysing '%s' %s of %s, '%s' over a %s grid of %d engines%n", variable, shape, input, dist,
          java.util.Arrays.toString(d.gridShape()), d.ranks());
      try (DistArray field = ctx.loadNetcdf(input, variable, d);
          DistArray mean = field.mean(0);
          DistArray std = field.std(0)) {
        List<String> names = field.dimensionNames().size() == 3 ? field.dimensionNames().subList(1, 3)
            : List.of("lat", "lon");
        Object units = field.attributes().getOrDefault("units", "1");
        mean.describe(names, Map.of("units", units, "long_name", "mean of " + variable + " over time"));
        std.describe(names, Map.of("units", units, "long_name", "standard deviation of " + variable + " over time"));
        Path meanNc = dir.resolve(variable + "_mean.nc");
        Path stdNc = dir.resolve(variable + "_std.nc");
        Path meanNpy = dir.resolve(variable + "_mean.npy");
        Path stdNpy = dir.resolve(variable + "_std.npy");
        ctx.saveNetcdf(meanNc, variable + "_mean", mean);
        ctx.saveNetcdf(stdNc, variable + "_std", std);
        ctx.saveNpy(meanNpy, mean);
        ctx.saveNpy(stdNpy, std);
        long hot = std.argmax();
        long cols = shape.dim(2);
        out.printf("global mean %.4f %s; standard deviation over time: mean %.4f, largest %.4f at %s %d, %s %d%n",
            field.mean(), units, std.mean(), std.max(), names.get(0), hot / cols, names.get(1), hot % cols);
        out.println("wrote " + meanNc + ", " + stdNc + ", " + meanNpy + ", " + stdNpy);
        return new Result(input, variable, meanNc, stdNc, meanNpy, stdNpy, mean.toNdArray(), std.toNdArray());
      }
    }
  }

  /** Writes the synthetic field as variable "temperature" (time, lat, lon) of a NetCDF-3 file. */
  static void writeSynthetic(DistContext ctx, Path file, long times, long lats, long lons, PrintStream out) {
    Shape shape = Shape.of(times, lats, lons);
    try (DistArray t = ctx.fromFunction(new SyntheticTemperature(lats, lons), ctx.distribution(shape, "b"))) {
      t.describe(List.of("time", "lat", "lon"), Map.of("units", "degC", "long_name", "surface air temperature"));
      ctx.saveNetcdf(file, "temperature", t);
    }
    out.println("wrote a synthetic monthly temperature field " + shape + " to " + file);
  }

  /** The shape of a variable, read from the file's header. */
  static Shape shapeOf(Path file, String variable) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no such NetCDF file: " + file);
    }
    try (NetcdfFile nc = NetcdfFile.open(file.toString())) {
      Variable v = nc.findVariable(variable);
      if (v == null) {
        throw new IllegalArgumentException("no variable '" + variable + "' in " + file + "; it has "
            + nc.getVariables().stream().map(Variable::getShortName).toList());
      }
      int[] dims = v.getShape();
      long[] shape = new long[dims.length];
      for (int i = 0; i < dims.length; i++) {
        shape[i] = dims[i];
      }
      return Shape.of(shape);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the header of " + file + ": " + e.getMessage(), e);
    }
  }
}
