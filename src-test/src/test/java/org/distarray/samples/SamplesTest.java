package org.distarray.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.distarray.runtime.plot.DistributionPlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ucar.ma2.Array;
import ucar.nc2.NetcdfFile;
import ucar.nc2.Variable;

/** Every sample run with small sizes, its result checked against a serial computation written out here. */
class SamplesTest {
  @TempDir
  Path out;
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream print = new PrintStream(printed, true, StandardCharsets.UTF_8);

  private String[] args(String... own) {
    String[] all = java.util.Arrays.copyOf(own, own.length + 2);
    all[own.length] = "--out";
    all[own.length + 1] = out.toString();
    return all;
  }

  private String printed() {
    return printed.toString(StandardCharsets.UTF_8);
  }

  @Test
  void juliaSetCountsEqualASerialRunOnEveryLayout() throws IOException {
    JuliaSet.Result r = JuliaSet.run(args("--size", "48", "--iterations", "80", "--engines", "3"), print);
    int n = 48;
    long total = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        // z -> z^2 + c from the grid point (x, y) = (-1.5 + 3 j / 47, 1.5 - 3 i / 47), c = -0.8 + 0.156i
        double x = -1.5 + j * (3.0 / (n - 1));
        double y = 1.5 - i * (3.0 / (n - 1));
        int k = 0;
        while (k < 80 && x * x + y * y <= 4) {
          double xt = x * x - y * y - 0.8;
          y = 2 * x * y + 0.156;
          x = xt;
          k++;
        }
        assertEquals(k, r.counts().getLong(i, j), "iterations at (" + i + ", " + j + ")");
        total += k;
      }
    }
    assertEquals(List.of("bn", "cn", "cc"), r.runs().stream().map(JuliaSet.Run::dist).toList());
    for (JuliaSet.Run run : r.runs()) {
      assertEquals(3, run.engines().size(), run.dist());
      assertEquals(total, run.engines().stream().mapToLong(JuliaSet.EngineWork::iterations).sum(),
          run.dist() + ": the engines' iterations add up to the serial total");
    }
    assertTrue(r.runs().get(2).imbalance() < r.runs().get(0).imbalance(),
        "cyclic balances the work better than blocks of rows: " + printed());
    BufferedImage png = ImageIO.read(r.png().toFile());
    assertEquals(n, png.getWidth());
    assertEquals(n, png.getHeight());
    assertTrue(printed().contains("'cc' grid [3, 1]") || printed().contains("'cc' grid [1, 3]"), printed());
  }

  @Test
  void heatDiffusionEqualsTheSameStepsOnOneArray() {
    int n = 23;
    int steps = 30;
    HeatDiffusion.Result r = HeatDiffusion.run(args("--size", "" + n, "--steps", "" + steps, "--engines", "4"),
        print);
    // u[1:-1, 1:-1] = c + ((((north + south) + west) + east) - 4 c) * alpha, top row held at 100
    double[][] u = new double[n][n];
    java.util.Arrays.fill(u[0], 100.0);
    for (int s = 0; s < steps; s++) {
      double[][] next = new double[n][];
      for (int i = 0; i < n; i++) {
        next[i] = u[i].clone();
      }
      for (int i = 1; i < n - 1; i++) {
        for (int j = 1; j < n - 1; j++) {
          double c = u[i][j];
          double sum = u[i - 1][j] + u[i + 1][j] + u[i][j - 1] + u[i][j + 1];
          next[i][j] = c + (sum - c * 4.0) * 0.2;
        }
      }
      u = next;
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        assertEquals(u[i][j], r.plate().getDouble(i, j), 1e-12, "temperature at (" + i + ", " + j + ")");
      }
    }
    assertEquals(0.0, r.maxDifference(), 1e-12);
    assertTrue(u[1][n / 2] > 0 && u[n - 2][n / 2] < u[1][n / 2], "heat flowed from the hot edge");
    assertHoldsNothingAtTheEnd(printed(), 4);
    try (DistContext ctx = DistContext.local(2);
        DistArray saved = ctx.loadNpy(out.resolve("heat.npy"), ctx.distribution(Shape.of(n, n), "b"))) {
      assertArrayEquals(r.plate().toDoubleArray(), saved.toNdArray().toDoubleArray(), "heat.npy holds the plate");
    }
  }

  @Test
  void monteCarloPiIsTheSameOnEveryEngineCountAndItsIntervalHoldsPi() {
    MonteCarloPi.Result r = MonteCarloPi.run(args("--samples", "300000", "--seed", "11", "--engine-counts",
        "1,3,4"), print);
    assertEquals(List.of(1, 3, 4), r.counts().stream().map(MonteCarloPi.Count::engines).toList());
    long k = r.counts().get(0).inside();
    for (MonteCarloPi.Count c : r.counts()) {
      assertEquals(k, c.inside(), "points inside on " + c.engines() + " engines");
    }
    assertEquals(4.0 * k / 300000, r.estimate(), 0);
    assertTrue(r.lower() < Math.PI && Math.PI < r.upper(),
        "pi in [" + r.lower() + ", " + r.upper() + "]");
    assertTrue(r.upper() - r.lower() < 0.03, "a 99% interval of 300000 points is narrow");
    // the same points by hand: rows (x, y) of rand on a (n, 2) array, counted where x^2 + y^2 <= 1
    try (DistContext ctx = DistContext.local(2);
        DistArray points = ctx.random(11).rand(ctx.distribution(Shape.of(300000, 2), "b"))) {
      double[] p = points.toNdArray().toDoubleArray();
      long inside = 0;
      for (int i = 0; i < p.length; i += 2) {
        inside += p[i] * p[i] + p[i + 1] * p[i + 1] <= 1 ? 1 : 0;
      }
      assertEquals(inside, k);
    }
  }

  @Test
  void climateStatisticsEqualSerialMomentsAndTheOutputIsReadableNetcdf() throws IOException {
    ClimateStats.Result r = ClimateStats.run(args("--times", "24", "--lats", "10", "--lons", "12", "--engines",
        "3"), print);
    double[][][] field = new double[24][10][12];
    try (NetcdfFile nc = NetcdfFile.open(r.input().toString())) {
      Variable v = nc.findVariable("temperature");
      assertArrayEquals(new int[] {24, 10, 12}, v.getShape());
      field = (double[][][]) v.read().copyToNDJavaArray();
    }
    double[] mean = new double[120];
    double[] std = new double[120];
    for (int y = 0; y < 10; y++) {
      for (int x = 0; x < 12; x++) {
        double s = 0;
        for (int t = 0; t < 24; t++) {
          s += field[t][y][x];
        }
        double m = s / 24;
        double ss = 0;
        for (int t = 0; t < 24; t++) {
          ss += (field[t][y][x] - m) * (field[t][y][x] - m);
        }
        mean[y * 12 + x] = m;
        std[y * 12 + x] = Math.sqrt(ss / 24); // NumPy's std: ddof = 0
      }
    }
    assertVariable(r.meanNetcdf(), "temperature_mean", mean);
    assertVariable(r.stdNetcdf(), "temperature_std", std);
    try (DistContext ctx = DistContext.local(2);
        DistArray m = ctx.loadNpy(r.meanNpy(), ctx.distribution(Shape.of(10, 12), "b"));
        DistArray s = ctx.loadNpy(r.stdNpy(), ctx.distribution(Shape.of(10, 12), "b"))) {
      assertClose(mean, m.toNdArray().toDoubleArray(), "temperature_mean.npy");
      assertClose(std, s.toNdArray().toDoubleArray(), "temperature_std.npy");
    }
  }

  private static void assertVariable(Path file, String name, double[] expected) throws IOException {
    try (NetcdfFile nc = NetcdfFile.open(file.toString())) {
      Variable v = nc.findVariable(name);
      assertArrayEquals(new int[] {10, 12}, v.getShape(), file + ": shape");
      assertEquals(List.of("lat", "lon"), v.getDimensions().stream().map(d -> d.getShortName()).toList(),
          file + ": dimension names");
      assertEquals("degC", v.findAttribute("units").getStringValue(), file + ": units");
      Array data = v.read();
      assertClose(expected, (double[]) data.get1DJavaArray(double.class), file.toString());
    }
  }

  private static void assertClose(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-12 * Math.max(1, Math.abs(expected[i])), what + " at " + i);
    }
  }

  @Test
  void leastSquaresMatchesEjmlOnTheGatheredMatrix() {
    LeastSquares.Result r = LeastSquares.run(args("--rows", "6000", "--cols", "5", "--engines", "4"), print);
    assertEquals(5, r.x().length);
    assertTrue(r.relativeDifference() < 1e-9, "distributed vs EJML QR: " + r.relativeDifference());
    for (int j = 0; j < 5; j++) {
      // b = A (1, ..., 5) + 0.01 noise: the fit recovers the coefficients closely
      assertEquals(j + 1, r.x()[j], 0.01, "coefficient " + j);
      assertEquals(r.reference()[j], r.x()[j], 1e-9 * (j + 1), "coefficient " + j + " vs EJML");
    }
  }

  @Test
  void distributionPlotsShowOneColourPerEngine() throws IOException {
    List<DistributionPlots.Picture> pictures = DistributionPlots.run(args("--engines", "4"), print);
    assertEquals(List.of("dist_b.png", "dist_c.png", "dist_block_cyclic.png", "dist_bc.png", "dist_cc.png"),
        pictures.stream().map(p -> p.png().getFileName().toString()).toList());
    for (DistributionPlots.Picture p : pictures) {
      BufferedImage img = ImageIO.read(p.png().toFile());
      assertEquals(p.width(), img.getWidth(), p.png() + " width");
      assertEquals(p.height(), img.getHeight(), p.png() + " height");
      int[] pixels = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
      for (int engine = 0; engine < 10; engine++) {
        int rgb = DistributionPlot.engineColor(engine).getRGB();
        long count = java.util.Arrays.stream(pixels).filter(x -> x == rgb).count();
        if (engine < 4) {
          assertTrue(count > 2000, p.png() + ": engine " + engine + "'s colour is drawn (" + count + " pixels)");
        } else {
          // anti-aliased label text may hit a palette colour by chance; a cell is at least 60 x 60 pixels
          assertTrue(count < 100, p.png() + ": no cells of engine " + engine + " (" + count + " pixels)");
        }
      }
    }
    // 16 elements of 60 pixels plus the margins; 8 x 8 cells of 60 pixels
    assertEquals(16 * 60 + 110, pictures.get(0).width());
    assertEquals(8 * 60 + 150, pictures.get(3).height());
  }

  @Test
  void gameOfLifeEqualsTheSameGenerationsOnOneBoard() throws IOException {
    // a 24 x 24 torus over a 2 x 2 grid: the box stencil's corners come from the diagonal neighbours' ghosts
    GameOfLife.Result r = GameOfLife.run(args("--size", "24", "--generations", "40", "--engines", "4"), print);
    assertArrayEquals(r.serial().toLongArray(), r.board().toLongArray(), "the board after 40 generations");
    assertTrue(r.alive() > 0, "something still lives");
    // a glider moves one cell diagonally every 4 generations: the seed's glider in the top left corner of a 32 x 32
    // torus (cells (1, 2), (2, 3), (3, 1), (3, 2), (3, 3)), far from the R-pentomino at (24, 24), sits one row down
    // and one column right after 4 generations, alone in that corner
    GameOfLife.Result g = GameOfLife.run(args("--size", "32", "--generations", "4", "--engines", "2", "--dist", "bn"),
        print);
    NdArray corner = g.board().slice("0:10, 0:10");
    java.util.Set<String> live = new java.util.TreeSet<>();
    for (long i = 0; i < 10; i++) {
      for (long j = 0; j < 10; j++) {
        if (corner.getLong(i, j) != 0) {
          live.add(i + "," + j);
        }
      }
    }
    assertEquals(new java.util.TreeSet<>(List.of("2,3", "3,4", "4,2", "4,3", "4,4")), live, "the glider's cells");
    assertArrayEquals(g.serial().toLongArray(), g.board().toLongArray(), "the whole board after 4 generations");
    BufferedImage png = ImageIO.read(out.resolve("life.png").toFile());
    assertEquals(256, png.getWidth(), "32 cells scaled by 8");
  }

  @Test
  void pcaFindsTheThreeHiddenFactors() throws IOException {
    // three factors mixed into 6 columns plus noise of standard deviation 0.05: the first three components explain
    // all but the noise (6 x 0.05^2 of a total variance of several units), in descending order, summing to 1
    Pca.Result r = Pca.run(args("--rows", "4000", "--cols", "6", "--engines", "3"), print);
    double[] e = r.explained();
    assertEquals(1.0, java.util.Arrays.stream(e).sum(), 1e-12, "the shares sum to 1");
    assertTrue(e[0] + e[1] + e[2] > 0.995, "three components explain " + (e[0] + e[1] + e[2]));
    for (int i = 1; i < e.length; i++) {
      assertTrue(e[i] <= e[i - 1], "descending: " + java.util.Arrays.toString(e));
    }
    assertTrue(e[3] < 1e-3, "the fourth component is noise: " + e[3]);
    assertEquals(org.distarray.arrays.Shape.of(4000, 3), r.projected());
    assertTrue(ImageIO.read(out.resolve("pca.png").toFile()).getWidth() > 0, "pca.png");
  }

  @Test
  void everySampleRunsItsDefaultThroughMain() throws IOException {
    Path dir = Path.of("target/samples");
    JuliaSet.main(new String[0]);
    HeatDiffusion.main(new String[0]);
    GameOfLife.main(new String[0]);
    MonteCarloPi.main(new String[0]);
    ClimateStats.main(new String[0]);
    LeastSquares.main(new String[0]);
    Pca.main(new String[0]);
    DistributionPlots.main(new String[0]);
    for (String file : List.of("julia.png", "heat.npy", "life.png", "climate.nc", "temperature_mean.nc",
        "temperature_std.npy", "dist_bc.png", "pca.png")) {
      assertTrue(Files.size(dir.resolve(file)) > 0, file);
    }
  }

  @Test
  void badCommandLinesNameTheOption() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> JuliaSet.run(args("--size", "many"), print));
    assertTrue(e.getMessage().contains("--size must be a positive integer, not 'many'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> HeatDiffusion.run(args("--colour", "red"), print));
    assertTrue(e.getMessage().contains("unknown argument '--colour'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> HeatDiffusion.run(args("--alpha", "0.5"), print));
    assertTrue(e.getMessage().contains("(0, 0.25]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> LeastSquares.run(args("--rows", "3", "--cols", "5"),
        print));
    assertTrue(e.getMessage().contains("--rows 3 < --cols 5"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ClimateStats.run(args("--input",
        out.resolve("missing.nc").toString()), print));
    assertTrue(e.getMessage().contains("missing.nc"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> MonteCarloPi.run(args("--engine-counts", "2,x"), print));
    assertTrue(e.getMessage().contains("'x'"), e.getMessage());
  }

  @Test
  void quickStartPrintsItsResultsAndEndsHoldingNothing() {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.io.PrintStream original = System.out;
    System.setOut(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      QuickStart.main(new String[0]);
    } finally {
      System.setOut(original);
    }
    String text = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    // NumPy: np.sqrt(np.arange(48.).reshape(8, 6) * 0.5 + 1).sum()
    double expected = 0;
    for (int i = 0; i < 48; i++) {
      expected += Math.sqrt(i * 0.5 + 1);
    }
    java.util.regex.Matcher sum = java.util.regex.Pattern.compile("sqrt\\(a \\* 0\\.5 \\+ 1\\)\\.sum\\(\\) +="
        + " (\\S+)").matcher(text);
    assertTrue(sum.find(), text);
    assertEquals(expected, Double.parseDouble(sum.group(1)), 1e-9);
    assertTrue(text.contains("while the arrays are open, memory: 3 live arrays"), text);
    assertHoldsNothingAtTheEnd(text, 4);
  }

  /** The memory report printed last says that no engine holds a block. */
  private static void assertHoldsNothingAtTheEnd(String text, int engines) {
    int at = text.lastIndexOf("at the end, ");
    assertTrue(at >= 0, "no memory report at the end: " + text);
    String end = text.substring(at);
    assertTrue(end.startsWith("at the end, memory: 0 live arrays"), end);
    for (int e = 0; e < engines; e++) {
      assertTrue(end.contains("engine " + e + ": 0 blocks, 0.0 MiB"), end);
    }
  }
}
