package org.distarray.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.distarray.arrays.DType;
import org.distarray.arrays.DTypeException;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.Distribution;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The integer dtypes, Python-int scalars, 0-d arrays and the Distributed Array Protocol export on every
 * distribution kind, against NumPy: the .npy files in src/test/resources/npy were written by NumPy
 * (src-test/fixtures/generate_npy_dtypes.py), each the (7, 5) array {@link #VALUES} cast to its dtype.
 */
class DTypeParityTest {
  private static final EngineContexts CONTEXTS = new EngineContexts();
  /** The values of every fixture file before NumPy's cast (negative ones wrap in unsigned dtypes). */
  private static final long[] VALUES = {0, 1, -1, 7, 100, -100, 127, -128, 2, 3, 250, -7, -11, -10, -9, -8, -7, -6,
      -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
  private static final List<DType> FILE_DTYPES = List.of(DType.INT8, DType.INT16, DType.UINT8, DType.UINT16,
      DType.UINT32, DType.UINT64, DType.INT32, DType.INT64, DType.FLOAT32, DType.FLOAT64, DType.BOOL);

  @TempDir
  Path dir;

  @AfterAll
  static void closeContexts() {
    CONTEXTS.close();
  }

  static Stream<Arguments> everyDtypeOnEveryMatrixLayout() {
    return DistributionCases.all().stream()
        .filter(c -> c.shape().equals(DistributionCases.MATRIX))
        .flatMap(c -> FILE_DTYPES.stream().map(t -> Arguments.of(c, t)));
  }

  /** NumPy's astype of VALUES, shaped (7, 5). */
  private static NdArray expected(DType t) {
    return NdArray.of(VALUES.clone(), 7, 5).astype(t);
  }

  private Path fixture(DType t) throws IOException {
    Path p = dir.resolve("numpy-" + t.numpyName() + ".npy");
    try (InputStream in = DTypeParityTest.class.getResourceAsStream("/npy/" + t.numpyName() + ".npy")) {
      Files.copy(in, p);
    }
    return p;
  }

  @ParameterizedTest(name = "{1} from NumPy's file on {0}")
  @MethodSource("everyDtypeOnEveryMatrixLayout")
  void numpyFilesLoadComputeMoveAndSaveByteForByte(DistCase c, DType t) throws IOException {
    DistContext ctx = CONTEXTS.withEngines(c.engines());
    Path numpyFile = fixture(t);
    NdArray want = expected(t);
    Distribution d = c.distribution();
    try (DistArray a = ctx.loadNpy(numpyFile, d)) {
      assertEquals(t, a.dtype());
      ArrayAssertions.assertMatches(want, a.toNdArray(), t + " loaded on " + d);
      // redistribution and gather keep every bit
      try (DistArray moved = a.redistribute(Distribution.of(Shape.of(7, 5), "cb", ctx.engineIds().length))) {
        ArrayAssertions.assertMatches(want, moved.toNdArray(), t + " redistributed");
      }
      // saved again: the same bytes NumPy wrote
      Path ours = dir.resolve("ours-" + t.numpyName() + ".npy");
      ctx.saveNpy(ours, a);
      assertArrayEquals(Files.readAllBytes(numpyFile), Files.readAllBytes(ours), t + ": .npy bytes");
      if (t.isInteger()) {
        long sum = 0; // wrapping like NumPy's int64 and uint64 sums
        for (long v : want.toLongArray()) {
          sum += v;
        }
        assertEquals(sum, a.sumLong(), t + " sum");
        assertEquals(t.isUnsigned() ? DType.UINT64 : DType.INT64, a.sum(0).dtype(), t + " sum(0) dtype");
      }
    }
  }

  private Path otherTool(String name) throws IOException {
    Path p = dir.resolve(name);
    if (!Files.exists(p)) {
      try (InputStream in = DTypeParityTest.class.getResourceAsStream("/other-tools/" + name)) {
        Files.copy(in, p);
      }
    }
    return p;
  }

  /**
   * Files h5py and netCDF4-python wrote (src-test/fixtures/generate_h5_nc_dtypes.py): every numeric dtype loads with
   * its dtype and values. netCDF4-python itself would mask the values equal to a type's default fill value (255 in
   * uint8, from -1) in a masked array; the file holds them and so does the loaded array.
   */
  @ParameterizedTest(name = "{1} from h5py's and netCDF4's files on {0}")
  @MethodSource("everyDtypeOnEveryMatrixLayout")
  void h5pyAndNetcdf4FilesOfEveryDtypeLoad(DistCase c, DType t) throws IOException {
    if (t == DType.BOOL) {
      return; // neither format has a bool type
    }
    DistContext ctx = CONTEXTS.withEngines(c.engines());
    try (DistArray h = ctx.loadHdf5(otherTool("h5py_dtypes.h5"), t.numpyName(), c.distribution());
        DistArray n = ctx.loadNetcdf(otherTool("netcdf4_dtypes.nc"), t.numpyName(), c.distribution())) {
      ArrayAssertions.assertMatches(expected(t), h.toNdArray(), t + " from h5py's file on " + c.distribution());
      ArrayAssertions.assertMatches(expected(t), n.toNdArray(), t + " from netCDF4's file on " + c.distribution());
    }
  }

  @Test
  void netcdf4sPackedShortsLoadUnpackedOrRaw() throws IOException {
    DistContext ctx = CONTEXTS.withEngines(3);
    Path file = otherTool("netcdf4_dtypes.nc");
    double[] unpacked = new double[VALUES.length];
    for (int i = 0; i < VALUES.length; i++) { // netCDF4-python: raw * 0.5 + 10, _FillValue -7 masked
      unpacked[i] = VALUES[i] == -7 ? Double.NaN : VALUES[i] * 0.5 + 10;
    }
    try (DistArray p = ctx.loadNetcdf(file, "packed"); DistArray raw = ctx.loadNetcdfRaw(file, "packed")) {
      ArrayAssertions.assertMatches(NdArray.of(unpacked, 7, 5), p.toNdArray(), "unpacked");
      ArrayAssertions.assertMatches(expected(DType.INT16), raw.toNdArray(), "as stored");
      assertEquals(0.5, ((Number) raw.attributes().get("scale_factor")).doubleValue());
    }
  }

  @Test
  void numpysSumsOfTheFixtures() throws IOException {
    DistContext ctx = CONTEXTS.withEngines(3);
    try (DistArray i8 = ctx.loadNpy(fixture(DType.INT8)); DistArray u8 = ctx.loadNpy(fixture(DType.UINT8));
        DistArray u64 = ctx.loadNpy(fixture(DType.UINT64))) {
      // NumPy: np.load(...).sum() is -2 (int8 file), 4094 (uint8), 254 (uint64: wraps modulo 2^64)
      assertEquals(-2, i8.sumLong());
      assertEquals(-128, i8.minLong());
      assertEquals(4094, u8.sumLong());
      assertEquals(254, u64.sumLong());
      assertEquals(255, u8.maxLong());
      assertEquals("18446744073709551615", Long.toUnsignedString(u64.maxLong())); // -1 cast to uint64
      assertEquals(0, u64.minLong());
      assertThrows(DTypeException.class, () -> ctx.zeros(Shape.of(4)).sumLong());
    }
  }

  static Stream<DistCase> everyLayout() {
    return DistributionCases.all().stream();
  }

  @ParameterizedTest(name = "Python ints on {0}")
  @MethodSource("everyLayout")
  void pythonIntScalarsKeepTheIntegerDtypeAndWrap(DistCase c) {
    DistContext ctx = CONTEXTS.withEngines(c.engines());
    long n = c.shape().size();
    NdArray local = NdArray.full(DType.INT32, Integer.MAX_VALUE, c.shape().dims());
    try (DistArray a = ctx.fromNdArray(local, c.distribution());
        DistArray b = ctx.fromNdArray(NdArray.ones(DType.BOOL, c.shape().dims()), c.distribution());
        DistArray u = ctx.fromNdArray(NdArray.full(DType.UINT8, 200, c.shape().dims()), c.distribution())) {
      // NumPy 2: np.full(s, 2**31 - 1, np.int32) + 1 is int32 -2**31 (wraps); + 1.0 is float64 2**31
      DistArray wrapped = a.add(1L);
      assertEquals(DType.INT32, wrapped.dtype());
      ArrayAssertions.assertMatches(NdArray.full(DType.INT32, Integer.MIN_VALUE, c.shape().dims()),
          wrapped.toNdArray(), "int32 + 1");
      assertEquals(DType.FLOAT64, a.add(1.0).dtype());
      // bool + 1 is int64 2
      assertEquals(DType.INT64, b.add(1L).dtype());
      assertEquals(2 * n, b.add(1L).sumLong());
      // uint8 200 + 100 wraps to 44; uint8 + 300 raises (OverflowError in NumPy); uint8 < 300 is all true
      ArrayAssertions.assertMatches(NdArray.full(DType.UINT8, 44, c.shape().dims()), u.add(100L).toNdArray(),
          "uint8 + 100");
      assertThrows(DTypeException.class, () -> u.add(300L));
      assertEquals(n, u.less(300L).sumLong());
      // int32 floor_divide by 0 is 0 (NumPy, with a warning), not an infinity
      assertEquals(0, a.floorDivide(0L).sumLong());
      // 200 >> 3 = 25, 200 & 15 = 8, ~200 = 55 in uint8
      assertEquals(25 * n, u.rightShift(3L).sumLong());
      assertEquals(8 * n, u.bitwiseAnd(15L).sumLong());
      assertEquals(55 * n, u.invert().sumLong());
      assertThrows(DTypeException.class, () -> ctx.zeros(c.distribution()).bitwiseAnd(1L));
    }
  }

  @ParameterizedTest(name = "fill on {0}")
  @MethodSource("everyLayout")
  void fillWritesEveryElementInPlace(DistCase c) {
    DistContext ctx = CONTEXTS.withEngines(c.engines());
    try (DistArray a = ctx.zeros(c.distribution(), DType.UINT8); DistArray f = ctx.zeros(c.distribution())) {
      DistArray before = a.add(1L); // a lazy result keeps the values a had (NumPy's eager semantics)
      a.fill(7); // NumPy: np.zeros(s, np.uint8); a.fill(7); a.sum() == 7 * size
      f.fill(-2.5);
      assertEquals(7L * c.shape().size(), a.sumLong());
      assertEquals(-2.5 * c.shape().size(), f.sum(), 0.0); // an empty array sums to 0.0, not -0.0
      assertEquals(c.shape().size(), before.sumLong());
    }
  }

  @ParameterizedTest(name = "exact elements on {0}")
  @MethodSource("everyLayout")
  void int64AndUint64ElementsTravelExactly(DistCase c) {
    if (c.shape().size() == 0) {
      return;
    }
    DistContext ctx = CONTEXTS.withEngines(c.engines());
    long[] last = new long[c.shape().ndim()];
    for (int k = 0; k < last.length; k++) {
      last[k] = -1;
    }
    try (DistArray a = ctx.zeros(c.distribution(), DType.INT64); DistArray u = ctx.zeros(c.distribution(), DType.UINT64);
        DistArray b = ctx.zeros(c.distribution(), DType.INT8)) {
      // 2^53 + 1 is not a double: NumPy's a[-1, ...] = 2**53 + 1 keeps it, and a.sum() == 2**53 + 1 exactly
      a.set((1L << 53) + 1, last);
      assertEquals((1L << 53) + 1, a.getLong(last));
      assertEquals((1L << 53) + 1, a.sumLong());
      u.set(-1L, last); // the bits of 2**64 - 1
      assertEquals("18446744073709551615", Long.toUnsignedString(u.getLong(last)));
      b.set(200L, last); // wraps to -56 (NumPy: np.int64(200).astype(np.int8))
      assertEquals(-56, b.getLong(last));
      assertEquals(-56.0, b.getDouble(last));
    }
  }

  @Test
  void zeroDimensionalArraysLiveOnOneEngine() {
    DistContext ctx = CONTEXTS.withEngines(4);
    NdArray scalar = NdArray.scalar(DType.FLOAT64, 2.5);
    try (DistArray a = ctx.fromNdArray(scalar); DistArray z = ctx.zeros(Shape.of())) {
      assertEquals("", a.distribution().dist());
      assertEquals(0, a.ndim());
      assertEquals(2.5, a.getDouble());
      assertEquals(2.5, a.sum());
      assertEquals(0.0, z.sum());
      ArrayAssertions.assertMatches(NdArray.scalar(DType.FLOAT64, 5.0), a.add(z).multiply(2.0).toNdArray(), "0-d");
    }
  }

  /** Every rank's dim_data for every layout follows the Distributed Array Protocol 0.10.0's rules. */
  @ParameterizedTest(name = "dim_data of {0}")
  @MethodSource("everyLayout")
  void dimDataFollowsTheProtocol(DistCase c) {
    Distribution d = c.distribution();
    for (int r = 0; r < d.ranks(); r++) {
      List<Map<String, Object>> dims = d.dimData(r);
      assertEquals(d.ndim(), dims.size());
      for (int a = 0; a < dims.size(); a++) {
        checkAxis(dims.get(a), d.shape().dims()[a], d.gridShape()[a], d.gridCoords(r)[a], d + " rank " + r + " axis "
            + a);
      }
    }
  }

  /** The protocol's validator rules for one dim dict. */
  private static void checkAxis(Map<String, Object> m, long size, int gridSize, int coord, String what) {
    Object type = m.get("dist_type");
    assertTrue(Set.of("b", "c", "u").contains(type), what + ": dist_type " + type);
    assertEquals(size, ((Number) m.get("size")).longValue(), what + ": size");
    assertEquals(gridSize, ((Number) m.get("proc_grid_size")).intValue(), what + ": proc_grid_size");
    assertEquals(coord, ((Number) m.get("proc_grid_rank")).intValue(), what + ": proc_grid_rank");
    assertTrue(coord >= 0 && coord < gridSize, what + ": proc_grid_rank in range");
    switch ((String) type) {
      case "b" -> {
        long start = ((Number) m.get("start")).longValue();
        long stop = ((Number) m.get("stop")).longValue();
        assertTrue(0 <= start && start <= stop && stop <= size, what + ": 0 <= start <= stop <= size");
        if (gridSize == 1) {
          assertEquals(0, start, what);
          assertEquals(size, stop, what);
        }
      }
      case "c" -> {
        Object bs = m.get("block_size");
        long blockSize = bs == null ? 1 : ((Number) bs).longValue();
        assertTrue(blockSize >= 1, what + ": block_size >= 1");
        assertEquals(coord * blockSize, ((Number) m.get("start")).longValue(), what + ": start of the first block");
      }
      default -> {
        long[] indices = (long[]) m.get("indices");
        for (long i : indices) {
          assertTrue(i >= 0 && i < size, what + ": index " + i + " in range");
        }
      }
    }
  }
}
