package org.distarray.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.ShapeMismatchException;
import org.distarray.arrays.dist.Distribution;
import org.distarray.io.IoException;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * saveNpy/loadNpy and saveDnpy/loadDnpy through the engines, on every distribution kind and engine counts 1 to 4: a file saved from
 * one distribution loads under another (and from 3 engines onto 2), every dtype, and bad files and shapes fail at
 * the call naming the file, with no array left behind.
 */
class IoConformanceTest {
  private static final EngineContexts CONTEXTS = new EngineContexts();
  @TempDir
  static Path dir;

  @AfterAll
  static void close() {
    CONTEXTS.close();
  }

  /** The dtypes NetCDF-3 holds: double, float, int, short, byte. */
  private static final List<DType> NETCDF3_DTYPES = List.of(DType.FLOAT64, DType.FLOAT32, DType.INT32, DType.INT16,
      DType.INT8);

  static Stream<DistCase> everyDistribution() {
    return DistributionCases.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyDistribution")
  void saveUnderOneDistributionLoadUnderEveryOther(DistCase c) throws Exception {
    DistContext ctx = CONTEXTS.withEngines(c.engines());
    for (DType dtype : DType.values()) {
      NdArray values = SampleArrays.first(dtype, c.shape(), 17);
      Path file = dir.resolve("case-" + Math.abs(c.toString().hashCode()) + "-" + dtype + ".npy");
      try (DistArray a = ctx.fromNdArray(values, c.distribution())) {
        ctx.saveNpy(file, a);
      }
      try (DistArray back = ctx.loadNpy(file, c.distribution())) {
        assertEquals(c.distribution(), back.distribution());
        ArrayAssertions.assertMatches(values, back.toNdArray(), "round trip of " + dtype + " under " + c);
      }
      try (DistArray other = ctx.loadNpy(file, ctx.distribution(c.shape(), c.shape().ndim() == 0 ? "" : "b"))) {
        ArrayAssertions.assertMatches(values, other.toNdArray(), "loaded block-distributed");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyDistribution")
  void dnpyFilesRoundTripWithTheirDistribution(DistCase c) {
    DistContext ctx = CONTEXTS.withEngines(c.engines());
    NdArray values = SampleArrays.first(DType.FLOAT64, c.shape(), 23);
    Path prefix = dir.resolve("d" + Math.abs(c.toString().hashCode()));
    try (DistArray a = ctx.fromNdArray(values, c.distribution())) {
      ctx.saveDnpy(prefix, a);
    }
    for (int rank = 0; rank < c.distribution().ranks(); rank++) {
      assertTrue(Files.exists(org.distarray.io.DnpyFormat.fileOf(prefix, rank)), "file of rank " + rank);
    }
    try (DistArray back = ctx.loadDnpy(prefix)) {
      int[] first = java.util.Arrays.copyOf(ctx.engineIds(), c.distribution().ranks());
      Distribution expected = c.distribution().withTargets(first);
      // dim_data spells an undistributed axis as 'b' over a grid of 1, so such a 'b' axis comes back as 'n': the
      // same owner for every index and the same blocks
      assertTrue(expected.isCompatible(back.distribution()), "rebuilt from the headers: " + back.distribution());
      for (int r = 0; r < expected.ranks(); r++) {
        assertEquals(expected.localShape(r), back.distribution().localShape(r), "block of rank " + r);
      }
      if (!expected.dist().contains("b")) {
        assertEquals(expected, back.distribution(), "rebuilt from the headers");
      }
      ArrayAssertions.assertMatches(values, back.toNdArray(), ".dnpy round trip under " + c);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyDistribution")
  void netcdfAndHdf5RoundTripUnderEveryDistribution(DistCase c) {
    if (c.shape().size() == 0) {
      return; // NetCDF-3 dimensions of length 0 are the unlimited kind; not an array shape we write
    }
    DistContext ctx = CONTEXTS.withEngines(c.engines());
    for (DType dtype : DType.values()) {
      NdArray values = SampleArrays.first(dtype, c.shape(), 29);
      if (NETCDF3_DTYPES.contains(dtype)) {
        Path file = dir.resolve("n" + Math.abs(c.toString().hashCode()) + dtype + ".nc");
        try (DistArray a = ctx.fromNdArray(values, c.distribution())) {
          ctx.saveNetcdf(file, "v", a);
        }
        try (DistArray back = ctx.loadNetcdf(file, "v", c.distribution())) {
          ArrayAssertions.assertMatches(values, back.toNdArray(), "NetCDF round trip of " + dtype + " under " + c);
        }
      }
      if (dtype == DType.BOOL) {
        continue; // HDF5 has no bool: h5py writes numpy bools as an enum, which this library does not write
      }
      Path h5 = dir.resolve("h" + Math.abs(c.toString().hashCode()) + dtype + ".h5");
      if (dtype.isComplex()) { // HDF5 has no complex type (h5py's compound of two floats is not written)
        try (DistArray a = ctx.fromNdArray(values, c.distribution())) {
          assertThrows(org.distarray.io.IoException.class, () -> ctx.saveHdf5(h5, "values", a));
        }
        continue;
      }
      try (DistArray a = ctx.fromNdArray(values, c.distribution())) {
        ctx.saveHdf5(h5, "values", a);
      }
      try (DistArray back = ctx.loadHdf5(h5, "values", c.distribution())) {
        ArrayAssertions.assertMatches(values, back.toNdArray(), "HDF5 round trip of " + dtype + " under " + c);
      }
    }
  }

  @Test
  void netcdfAndHdf5FilesOfOtherToolsLoad() {
    DistContext ctx = CONTEXTS.withEngines(3);
    Path fixtures = ClusterFixtures.IO.resolve("netcdf");
    try (DistArray temp = ctx.loadNetcdf(fixtures.resolve("netcdf4.nc"), "temp",
        ctx.distribution(Shape.of(3, 4, 5), "ncb"))) {
      assertEquals(2 * 100 + 3 * 10 + 4 + 0.25, temp.getDouble(2, 3, 4), "NetCDF-4 written by netCDF4-python");
      assertEquals(List.of("time", "lat", "lon"), temp.dimensionNames());
      assertEquals("K", temp.attributes().get("units"));
      Path again = dir.resolve("temp-again.nc");
      ctx.saveNetcdf(again, "temp", temp);
      try (DistArray back = ctx.loadNetcdf(again, "temp", ctx.distribution(Shape.of(3, 4, 5), "bnn"))) {
        assertEquals(List.of("time", "lat", "lon"), back.dimensionNames(), "dimension names kept by a save");
        assertEquals("K", back.attributes().get("units"), "attributes kept by a save");
        assertEquals(temp.sum(), back.sum());
      }
    }
    try (DistArray h = ctx.loadHdf5(fixtures.resolve("data.h5"), "grid/values", ctx.distribution(Shape.of(5, 7), "cc"))) {
      assertEquals(34 * 1.5, h.getDouble(4, 6), "HDF5 written by h5py");
    }
    IoException e = assertThrows(IoException.class, () -> ctx.loadNetcdf(fixtures.resolve("classic.nc"), "pressure",
        ctx.distribution(Shape.of(3), "b")));
    assertTrue(e.getMessage().contains("classic.nc") && e.getMessage().contains("pressure"), e.getMessage());
    try (DistArray big = ctx.arange(4)) {
      IoException i64 = assertThrows(IoException.class, () -> ctx.saveNetcdf(dir.resolve("i64.nc"), "v", big));
      assertTrue(i64.getMessage().contains("int64 cannot be stored"), i64.getMessage());
    }
    assertFalse(Files.exists(dir.resolve("i64.nc")));
  }

  /** One report of a progress listener. */
  record Report(String operation, long done, long total) {}

  @Test
  void loadsAndSavesReportTheirProgress() {
    DistContext ctx = CONTEXTS.withEngines(3);
    Shape shape = Shape.of(900, 700);
    NdArray values = SampleArrays.first(DType.FLOAT64, shape, 5);
    List<Report> reports = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    ctx.setProgressListener((op, done, total) -> reports.add(new Report(op, done, total)));
    try (DistArray a = ctx.fromNdArray(values, ctx.distribution(shape, "cb"))) {
      Path file = dir.resolve("progress.npy");
      ctx.saveNpy(file, a);
      List<Report> saves = List.copyOf(reports);
      reports.clear();
      try (DistArray b = ctx.loadNpy(file, ctx.distribution(shape, "bn"))) {
        ArrayAssertions.assertMatches(values, b.toNdArray(), "loaded while reporting");
      }
      List<Report> loads = List.copyOf(reports);
      for (List<Report> r : List.of(saves, loads)) {
        assertTrue(r.size() >= 3, "reports on the way, not only the end: " + r);
        Report last = r.get(r.size() - 1);
        assertEquals(630000, last.total());
        assertEquals(last.total(), last.done(), "the last report is the whole array: " + r);
        for (int i = 1; i < r.size(); i++) {
          assertTrue(r.get(i).done() > r.get(i - 1).done(), "done only grows: " + r);
        }
      }
      assertTrue(saves.get(0).operation().startsWith("saveNpy ") && loads.get(0).operation().startsWith("loadNpy "),
          saves.get(0) + " / " + loads.get(0));
    } finally {
      ctx.setProgressListener(null);
    }
  }

  @Test
  void aFileSavedFromThreeEnginesLoadsOnTwo() {
    Shape shape = Shape.of(9, 6);
    NdArray values = SampleArrays.first(DType.FLOAT64, shape, 3);
    Path file = dir.resolve("three.npy");
    try (DistArray a = CONTEXTS.withEngines(3).fromNdArray(values, CONTEXTS.withEngines(3).distribution(shape, "cb"))) {
      CONTEXTS.withEngines(3).saveNpy(file, a);
    }
    DistContext two = CONTEXTS.withEngines(2);
    try (DistArray b = two.loadNpy(file, two.distribution(shape, "bc"))) {
      ArrayAssertions.assertMatches(values, b.toNdArray(), "saved on 3 engines, loaded on 2");
    }
  }

  @Test
  void badFilesAndShapesFailAtTheCallWithNothingLeftBehind() throws Exception {
    DistContext ctx = CONTEXTS.withEngines(2);
    Path missing = dir.resolve("missing.npy");
    IoException e = assertThrows(IoException.class, () -> ctx.loadNpy(missing, ctx.distribution(Shape.of(3), "b")));
    assertTrue(e.getMessage().contains("missing.npy") && e.getMessage().contains("no such file"), e.getMessage());

    Path file = dir.resolve("five.npy");
    try (DistArray a = ctx.arange(5)) {
      ctx.saveNpy(file, a);
    }
    ShapeMismatchException s = assertThrows(ShapeMismatchException.class,
        () -> ctx.loadNpy(file, ctx.distribution(Shape.of(6), "b")));
    assertTrue(s.getMessage().contains("(5,)") && s.getMessage().contains("(6,)"), s.getMessage());

    Path truncated = dir.resolve("truncated.npy");
    byte[] whole = Files.readAllBytes(file);
    Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length - 3));
    IoException t = assertThrows(IoException.class, () -> ctx.loadNpy(truncated, ctx.distribution(Shape.of(5), "b")));
    assertTrue(t.getMessage().contains("truncated"), t.getMessage());

    Path nowhere = dir.resolve("no-such-dir").resolve("x.npy");
    try (DistArray a = ctx.arange(5)) {
      IoException w = assertThrows(IoException.class, () -> ctx.saveNpy(nowhere, a));
      assertTrue(w.getMessage().contains("does not exist"), w.getMessage());
    }
    assertFalse(Files.exists(nowhere));
    try (DistArray x = ctx.arange(4)) {
      assertEquals(6.0, x.sum(), "the engines keep working");
    }
  }
}
