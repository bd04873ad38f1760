package org.distarray.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.io.IoException;
import org.distarray.io.MissingFileException;
import org.distarray.io.MissingVariableException;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IO calls as NumPy, h5py, netCDF4-python and Python DistArray offer them: loads that take their shape from the file,
 * names NetCDF cannot hold, the files' permissions, .dnpy files named one by one, HDF5 files that take more datasets,
 * and packed NetCDF variables unpacked as CF says.
 */
class IoParityTest {
  private static final EngineContexts CONTEXTS = new EngineContexts();
  @TempDir
  static Path dir;

  @AfterAll
  static void close() {
    CONTEXTS.close();
  }

  // ---- loads without a distribution: the file's shape, blocks along axis 0 ----

  @Test
  void loadNpyTakesItsShapeFromTheFileAndBlocksAxisZero() {
    DistContext ctx = CONTEXTS.withEngines(4);
    Path file = dir.resolve("shape-from-file.npy");
    NdArray values = NdArray.arange(12).reshape(3, 4); // int64 [[0..3], [4..7], [8..11]]
    try (DistArray a = ctx.fromNdArray(values, ctx.distribution(Shape.of(3, 4), "cc"))) {
      ctx.saveNpy(file, a);
    }
    try (DistArray back = ctx.loadNpy(file)) {
      assertEquals(ctx.distribution(Shape.of(3, 4), "b"), back.distribution());
      assertEquals(DType.INT64, back.dtype());
      assertEquals(7L, back.toNdArray().getLong(1, 3));
      assertEquals(66.0, back.sum(), "0 + 1 + ... + 11");
    }
  }

  @Test
  void loadNetcdfAndLoadHdf5TakeTheirShapeFromTheFile() {
    DistContext ctx = CONTEXTS.withEngines(3);
    Path fixtures = ClusterFixtures.IO.resolve("netcdf");
    try (DistArray temp = ctx.loadNetcdf(fixtures.resolve("netcdf4.nc"), "temp")) {
      assertEquals(ctx.distribution(Shape.of(3, 4, 5), "b"), temp.distribution());
      assertEquals(2 * 100 + 3 * 10 + 4 + 0.25, temp.getDouble(2, 3, 4), "temp[t, y, x] = 100 t + 10 y + x + 0.25");
      assertEquals(List.of("time", "lat", "lon"), temp.dimensionNames());
    }
    try (DistArray h = ctx.loadHdf5(fixtures.resolve("data.h5"), "grid/values")) {
      assertEquals(ctx.distribution(Shape.of(5, 7), "b"), h.distribution());
      assertEquals(34 * 1.5, h.getDouble(4, 6), "values[i, j] = (7 i + j) * 1.5");
    }
  }

  @Test
  void aMissingFileOrVariableIsNamedWithItsPath() {
    DistContext ctx = CONTEXTS.withEngines(2);
    Path fixtures = ClusterFixtures.IO.resolve("netcdf");
    Path nowhere = dir.resolve("nowhere.npy");
    MissingFileException npy = assertThrows(MissingFileException.class, () -> ctx.loadNpy(nowhere));
    assertEquals(nowhere, npy.file());
    assertTrue(npy.getMessage().contains(nowhere.toString()), npy.getMessage());

    Path noNc = dir.resolve("nowhere.nc");
    MissingFileException nc = assertThrows(MissingFileException.class, () -> ctx.loadNetcdf(noNc, "temp"));
    assertTrue(nc.getMessage().contains(noNc.toString()) && nc.getMessage().contains("'temp'"), nc.getMessage());

    Path netcdf4 = fixtures.resolve("netcdf4.nc");
    MissingVariableException v = assertThrows(MissingVariableException.class, () -> ctx.loadNetcdf(netcdf4, "salt"));
    assertEquals("salt", v.name());
    assertTrue(v.getMessage().contains(netcdf4.toString()) && v.getMessage().contains("'salt'")
        && v.getMessage().contains("temp"), "names the file, the name and what it has: " + v.getMessage());

    Path h5 = fixtures.resolve("data.h5");
    MissingVariableException d = assertThrows(MissingVariableException.class, () -> ctx.loadHdf5(h5, "grid/nope"));
    assertTrue(d.getMessage().contains(h5.toString()) && d.getMessage().contains("'grid/nope'"), d.getMessage());
    assertTrue(d instanceof IoException, "still an IoException for callers that catch those");
  }

  // ---- NetCDF names ----

  @Test
  void aNameNetcdfCannotHoldIsRefusedNotRenamed() throws Exception {
    DistContext ctx = CONTEXTS.withEngines(2);
    Path sub = Files.createDirectory(dir.resolve("names"));
    Path file = sub.resolve("names.nc");
    try (DistArray a = ctx.fromNdArray(NdArray.of(new double[] {1, 2, 3}))) {
      for (String bad : List.of("my var", "a/b", "-x", "", "tab\tname")) {
        IoException e = assertThrows(IoException.class, () -> ctx.saveNetcdf(file, bad, a), "name '" + bad + "'");
        assertTrue(e.getMessage().contains("'" + bad + "'") && e.getMessage().contains(file.toString()),
            e.getMessage());
      }
      try (Stream<Path> left = Files.list(sub)) {
        assertEquals(List.of(), left.toList(), "no file, no partial file left behind");
      }
      try (DistArray named = a.copy().describe(List.of("bad dim"), Map.of())) {
        IoException dim = assertThrows(IoException.class, () -> ctx.saveNetcdf(file, "v", named));
        assertTrue(dim.getMessage().contains("'bad dim'"), dim.getMessage());
      }

      ctx.saveNetcdf(file, "temp_1.5", a); // letters, digits, '_' and '.' are NetCDF names
      try (DistArray back = ctx.loadNetcdf(file, "temp_1.5")) {
        assertEquals(6.0, back.sum());
      }
    }
  }

  // ---- permissions of saved files ----

  @Test
  void savedFilesHaveTheModeOfAnyProgramsNewFile() throws Exception {
    DistContext ctx = CONTEXTS.withEngines(3);
    Path sub = Files.createDirectory(dir.resolve("modes"));
    Path reference = sub.resolve("reference.bin");
    try (OutputStream out = Files.newOutputStream(reference)) {
      out.write(1);
    }
    Set<PosixFilePermission> usual = Files.getPosixFilePermissions(reference);
    assertTrue(usual.contains(PosixFilePermission.OWNER_READ) && usual.contains(PosixFilePermission.OWNER_WRITE),
        "a new file is the owner's to read and write: " + usual);
    try (DistArray a = ctx.fromNdArray(NdArray.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3))) {
      ctx.saveNpy(sub.resolve("a.npy"), a);
      ctx.saveNetcdf(sub.resolve("a.nc"), "v", a);
      ctx.saveHdf5(sub.resolve("a.h5"), "v", a);
      ctx.saveDnpy(sub.resolve("a"), a);
    }
    List<String> names = new ArrayList<>(List.of("a.npy", "a.nc", "a.h5"));
    names.add(org.distarray.io.DnpyFormat.fileOf(sub.resolve("a"), 0).getFileName().toString());
    for (String name : names) {
      assertEquals(usual, Files.getPosixFilePermissions(sub.resolve(name)), name);
    }
  }

  // ---- .dnpy files named one by one ----

  @Test
  void dnpyFilesNamedOneByOneRoundTrip() throws Exception {
    DistContext ctx = CONTEXTS.withEngines(4);
    Path sub = Files.createDirectory(dir.resolve("listed"));
    NdArray values = NdArray.arange(24).reshape(4, 6);
    List<Path> files = List.of(sub.resolve("north.dnpy"), sub.resolve("east.bin"), sub.resolve("south"),
        sub.resolve("west.dnpy"));
    try (DistArray a = ctx.fromNdArray(values, ctx.distribution(Shape.of(4, 6), "bc"))) { // grid 2 x 2
      ctx.saveDnpy(files, a);
    }
    for (Path f : files) {
      assertTrue(Files.isRegularFile(f), "written under its own name: " + f);
    }
    try (Stream<Path> all = Files.list(sub)) {
      assertEquals(4, all.count(), "no other file (prefix names, partial files)");
    }
    try (DistArray back = ctx.loadDnpy(files)) {
      assertEquals(ctx.distribution(Shape.of(4, 6), "bc"), back.distribution(), "rebuilt from the headers");
      assertArrayEquals(values.toLongArray(), back.toNdArray().toLongArray());
      assertEquals(17L, back.toNdArray().getLong(2, 5));
    }
    // the same files, found by a prefix, load as a list too
    Path prefix = sub.resolve("p");
    try (DistArray a = ctx.fromNdArray(values, ctx.distribution(Shape.of(4, 6), "cn", new int[] {2, 1},
        new int[] {0, 1}))) {
      ctx.saveDnpy(prefix, a);
    }
    List<Path> byRank = List.of(org.distarray.io.DnpyFormat.fileOf(prefix, 0),
        org.distarray.io.DnpyFormat.fileOf(prefix, 1));
    try (DistArray back = ctx.loadDnpy(byRank)) {
      assertEquals(2, back.distribution().ranks());
      assertEquals(276.0, back.sum(), "0 + 1 + ... + 23");
    }
  }

  @Test
  void aListOfTheWrongLengthNamesBothCounts() throws Exception {
    DistContext ctx = CONTEXTS.withEngines(4);
    Path sub = Files.createDirectory(dir.resolve("wrong-length"));
    List<Path> four = List.of(sub.resolve("r0"), sub.resolve("r1"), sub.resolve("r2"), sub.resolve("r3"));
    try (DistArray a = ctx.fromNdArray(NdArray.arange(8), ctx.distribution(Shape.of(8), "b"))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> ctx.saveDnpy(four.subList(0, 3), a));
      assertTrue(e.getMessage().contains("3 file names") && e.getMessage().contains("4 ranks"), e.getMessage());
      try (Stream<Path> none = Files.list(sub)) {
        assertEquals(0, none.count(), "nothing written");
      }
      IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
          () -> ctx.saveDnpy(List.of(four.get(0), four.get(1), four.get(0), four.get(3)), a));
      assertTrue(twice.getMessage().contains("twice"), twice.getMessage());
      ctx.saveDnpy(four, a);
    }
    IoException load = assertThrows(IoException.class, () -> ctx.loadDnpy(four.subList(0, 3)));
    assertTrue(load.getMessage().contains("3 .dnpy files") && load.getMessage().contains("4 ranks"),
        load.getMessage());
    Path gone = sub.resolve("gone");
    MissingFileException missing = assertThrows(MissingFileException.class,
        () -> ctx.loadDnpy(List.of(four.get(0), four.get(1), gone, four.get(3))));
    assertTrue(missing.getMessage().contains(gone.toString()), missing.getMessage());
  }

  // ---- packed NetCDF variables ----

  /**
   * A NetCDF-3 file written by NetCDF-Java: short t(4, 3) with double scale_factor 0.5, add_offset 10, _FillValue -999
   * and missing_value -1; byte b(2, 3) with float scale_factor 0.25, add_offset 1 and _FillValue -128; int i(1, 3)
   * with double scale_factor 0.001 and missing_value -1.
   */
  private static Path packedFile(String name) throws Exception {
    Path file = dir.resolve(name);
    ucar.nc2.NetcdfFileWriter w = ucar.nc2.NetcdfFileWriter.createNew(ucar.nc2.NetcdfFileWriter.Version.netcdf3,
        file.toString());
    ucar.nc2.Dimension y = w.addDimension(null, "y", 4);
    ucar.nc2.Dimension x = w.addDimension(null, "x", 3);
    ucar.nc2.Dimension two = w.addDimension(null, "two", 2);
    ucar.nc2.Dimension one = w.addDimension(null, "one", 1);
    ucar.nc2.Variable t = w.addVariable(null, "t", ucar.ma2.DataType.SHORT, List.of(y, x));
    w.addVariableAttribute(t, new ucar.nc2.Attribute("scale_factor", 0.5));
    w.addVariableAttribute(t, new ucar.nc2.Attribute("add_offset", 10.0));
    w.addVariableAttribute(t, new ucar.nc2.Attribute("_FillValue", (short) -999));
    w.addVariableAttribute(t, new ucar.nc2.Attribute("missing_value", (short) -1));
    w.addVariableAttribute(t, new ucar.nc2.Attribute("units", "K"));
    ucar.nc2.Variable b = w.addVariable(null, "b", ucar.ma2.DataType.BYTE, List.of(two, x));
    w.addVariableAttribute(b, new ucar.nc2.Attribute("scale_factor", 0.25f));
    w.addVariableAttribute(b, new ucar.nc2.Attribute("add_offset", 1f));
    w.addVariableAttribute(b, new ucar.nc2.Attribute("_FillValue", (byte) -128));
    ucar.nc2.Variable i = w.addVariable(null, "i", ucar.ma2.DataType.INT, List.of(one, x));
    w.addVariableAttribute(i, new ucar.nc2.Attribute("scale_factor", 0.001));
    w.addVariableAttribute(i, new ucar.nc2.Attribute("missing_value", -1));
    w.create();
    w.write(t, ucar.ma2.Array.factory(ucar.ma2.DataType.SHORT, new int[] {4, 3},
        new short[] {0, 1, -999, -1, 4, 100, -200, 7, 8, 20000, -3, 2}));
    w.write(b, ucar.ma2.Array.factory(ucar.ma2.DataType.BYTE, new int[] {2, 3}, new byte[] {0, 4, -128, 127, -4, 2}));
    w.write(i, ucar.ma2.Array.factory(ucar.ma2.DataType.INT, new int[] {1, 3}, new int[] {1000, 2500, -1}));
    w.close();
    return file;
  }

  private static void assertValues(double[] expected, NdArray actual, String what) {
    double[] a = actual.toDoubleArray();
    assertEquals(expected.length, a.length, what);
    for (int k = 0; k < expected.length; k++) {
      if (Double.isNaN(expected[k])) {
        assertTrue(Double.isNaN(a[k]), what + " [" + k + "] is missing: " + a[k]);
      } else {
        assertEquals(expected[k], a[k], 1e-9, what + " [" + k + "]");
      }
    }
  }

  /** t unpacked by hand: raw * 0.5 + 10, with -999 (_FillValue) and -1 (missing_value) NaN. */
  private static final double[] T = {10.0, 10.5, Double.NaN, Double.NaN, 12.0, 60.0, -90.0, 13.5, 14.0, 10010.0, 8.5,
      11.0};

  @Test
  void packedShortsLoadUnpackedWithMissingValuesNaN() throws Exception {
    DistContext ctx = CONTEXTS.withEngines(3);
    Path file = packedFile("packed.nc");
    for (org.distarray.arrays.dist.Distribution d : List.of(ctx.distribution(Shape.of(4, 3), "b"),
        ctx.distribution(Shape.of(4, 3), "cc", new int[] {3, 1}, new int[] {2, 0, 1}),
        ctx.distribution(Shape.of(4, 3), "nc"))) {
      try (DistArray t = ctx.loadNetcdf(file, "t", d)) {
        assertEquals(DType.FLOAT64, t.dtype(), "double scale_factor: float64");
        assertValues(T, t.toNdArray(), "t under " + d);
      }
    }
    try (DistArray t = ctx.loadNetcdf(file, "t")) {
      assertValues(T, t.toNdArray(), "t, shape from the file");
      assertEquals("K", t.attributes().get("units"));
      assertFalse(t.attributes().containsKey("scale_factor") || t.attributes().containsKey("_FillValue"),
          "the packing attributes describe the stored integers only: " + t.attributes());
      Path again = dir.resolve("unpacked.nc");
      ctx.saveNetcdf(again, "t", t); // a double variable: not scaled a second time when read
      try (DistArray back = ctx.loadNetcdf(again, "t")) {
        assertValues(T, back.toNdArray(), "saved unpacked, loaded again");
      }
    }
  }

  @Test
  void packedBytesAndIntsTakeTheTypeOfTheirScaleFactor() throws Exception {
    DistContext ctx = CONTEXTS.withEngines(2);
    Path file = packedFile("packed-b-i.nc");
    try (DistArray b = ctx.loadNetcdf(file, "b", ctx.distribution(Shape.of(2, 3), "bc"))) {
      assertEquals(DType.FLOAT32, b.dtype(), "float scale_factor and add_offset: float32");
      // raw * 0.25 + 1: 0 -> 1, 4 -> 2, -128 is _FillValue, 127 -> 32.75, -4 -> 0, 2 -> 1.5
      assertValues(new double[] {1.0, 2.0, Double.NaN, 32.75, 0.0, 1.5}, b.toNdArray(), "b");
    }
    try (DistArray i = ctx.loadNetcdf(file, "i")) {
      assertEquals(DType.FLOAT64, i.dtype());
      assertValues(new double[] {1.0, 2.5, Double.NaN}, i.toNdArray(), "i: raw * 0.001, -1 missing");
    }
  }

  @Test
  void packedVariablesLoadRawWithTheirPackingAttributesAndSaveBackPacked() throws Exception {
    DistContext ctx = CONTEXTS.withEngines(3);
    Path file = packedFile("packed-raw.nc");
    short[] stored = {0, 1, -999, -1, 4, 100, -200, 7, 8, 20000, -3, 2};
    for (org.distarray.arrays.dist.Distribution d : List.of(ctx.distribution(Shape.of(4, 3), "b"),
        ctx.distribution(Shape.of(4, 3), "cc", new int[] {3, 1}, new int[] {2, 0, 1}))) {
      try (DistArray t = ctx.loadNetcdfRaw(file, "t", d)) {
        // netCDF4-python with set_auto_maskandscale(False): the int16 values as stored
        assertEquals(DType.INT16, t.dtype());
        ArrayAssertions.assertMatches(NdArray.of(stored, false, 4, 3), t.toNdArray(), "t as stored under " + d);
        assertEquals(0.5, ((Number) t.attributes().get("scale_factor")).doubleValue());
        assertEquals(-999, ((Number) t.attributes().get("_FillValue")).intValue());
      }
    }
    try (DistArray t = ctx.loadNetcdfRaw(file, "t")) {
      Path again = dir.resolve("repacked.nc");
      ctx.saveNetcdf(again, "t", t); // int16 with the packing attributes: packed again
      try (DistArray unpacked = ctx.loadNetcdf(again, "t")) {
        assertValues(T, unpacked.toNdArray(), "saved raw, loaded unpacked");
      }
    }
    try (DistArray b = ctx.loadNetcdfRaw(file, "b")) {
      assertEquals(DType.INT8, b.dtype());
      assertEquals(-128, b.minLong());
    }
  }

  // ---- HDF5 files that take more datasets (h5py's mode "a") ----

  @Test
  void saveHdf5AddsDatasetsToAnExistingFile() throws Exception {
    DistContext ctx = CONTEXTS.withEngines(3);
    Path file = dir.resolve("several.h5");
    NdArray first = NdArray.of(new double[] {1.5, 2.5, 3.5, 4.5, 5.5, 6.5}, 2, 3);
    NdArray second = NdArray.of(new int[] {7, 8, 9, 10, 11}, 5);
    try (DistArray a = ctx.fromNdArray(first, ctx.distribution(Shape.of(2, 3), "nc"));
        DistArray b = ctx.fromNdArray(second, ctx.distribution(Shape.of(5), "c"))) {
      ctx.saveHdf5(file, "first", a);
      ctx.saveHdf5(file, "second", b);
    }
    try (DistArray a = ctx.loadHdf5(file, "first"); DistArray b = ctx.loadHdf5(file, "second")) {
      ArrayAssertions.assertMatches(first, a.toNdArray(), "the dataset written first");
      ArrayAssertions.assertMatches(second, b.toNdArray(), "the dataset added");
    }
    // enough names for several symbol table nodes (8 names each) and B-tree nodes (32 children each) of the root
    for (int k = 0; k < 300; k++) {
      try (DistArray v = ctx.fromNdArray(NdArray.of(new long[] {k, -k}))) {
        ctx.saveHdf5(file, String.format("d%03d", k), v);
      }
    }
    for (int k : new int[] {0, 7, 8, 255, 256, 299}) {
      try (DistArray v = ctx.loadHdf5(file, String.format("d%03d", k))) {
        assertArrayEquals(new long[] {k, -k}, v.toNdArray().toLongArray(), "d" + k);
      }
    }
    try (DistArray a = ctx.loadHdf5(file, "first")) {
      assertEquals(24.0, a.sum(), "the first dataset after 300 more");
    }
  }

  @Test
  void aDatasetIsAddedToAnH5pyFileWhoseObjectsStayAsTheyWere() throws Exception {
    DistContext ctx = CONTEXTS.withEngines(2);
    Path file = dir.resolve("from-h5py.h5");
    Files.copy(ClusterFixtures.IO.resolve("netcdf").resolve("data.h5"), file);
    try (DistArray extra = ctx.fromNdArray(NdArray.of(new float[] {0.5f, -0.25f, 8f}))) {
      ctx.saveHdf5(file, "extra", extra);
    }
    try (DistArray values = ctx.loadHdf5(file, "grid/values"); DistArray ints = ctx.loadHdf5(file, "ints");
        DistArray extra = ctx.loadHdf5(file, "extra")) {
      assertEquals(34 * 1.5, values.getDouble(4, 6), "values[i, j] = (7 i + j) * 1.5, in a group");
      assertEquals(DType.INT32, ints.dtype());
      assertEquals(11 * 3.0, ints.getDouble(2, 3), "ints = arange(12).reshape(3, 4) * 3");
      ArrayAssertions.assertMatches(NdArray.of(new float[] {0.5f, -0.25f, 8f}), extra.toNdArray(), "extra");
    }
  }

  @Test
  void aNameTheFileHasIsRefusedAndTheFileStaysAsItWas() throws Exception {
    DistContext ctx = CONTEXTS.withEngines(2);
    Path file = dir.resolve("taken.h5");
    Files.copy(ClusterFixtures.IO.resolve("netcdf").resolve("data.h5"), file);
    Path netcdf4 = dir.resolve("netcdf4-copy.nc");
    Files.copy(ClusterFixtures.IO.resolve("netcdf").resolve("netcdf4.nc"), netcdf4);
    Path npy = dir.resolve("not-hdf5.npy");
    try (DistArray v = ctx.fromNdArray(NdArray.of(new double[] {1, 2}))) {
      ctx.saveNpy(npy, v);
      for (Path target : List.of(file, netcdf4, npy)) {
        for (String name : List.of("ints", "grid", "fresh")) {
          byte[] before = Files.readAllBytes(target);
          if (target.equals(file) && name.equals("fresh")) {
            continue; // a name data.h5 does not have: added, see the test above
          }
          IoException e = assertThrows(IoException.class, () -> ctx.saveHdf5(target, name, v), target + " " + name);
          assertTrue(e.getMessage().contains(target.toString()), e.getMessage());
          if (target.equals(file)) {
            assertTrue(e.getMessage().contains("already holds '" + name + "'"), e.getMessage());
          }
          assertArrayEquals(before, Files.readAllBytes(target), "unchanged: " + target + " " + name);
        }
      }
    }
    try (DistArray ints = ctx.loadHdf5(file, "ints")) {
      assertEquals(198.0, ints.sum(), "3 * (0 + 1 + ... + 11)");
    }
  }
}
