package org.distarray.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.AxisMap;
import org.distarray.arrays.dist.BlockCopy;
import org.distarray.arrays.dist.Distribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NetCDF-3 (classic and 64-bit offset), NetCDF-4 and HDF5 files written by netCDF4-python and h5py
 * (src/test/python/make_netcdf_fixtures.py) read rank by rank under every kind of distribution; NetCDF-3 files
 * written rank by rank read back, also by the same reader.
 */
class NetcdfTasksTest {
  private static final Path FIXTURES = Path.of("src/test/resources/netcdf");


  private static List<Distribution> layouts(Shape shape) {
    List<Distribution> out = new ArrayList<>();
    String base = shape.ndim() == 1 ? "b" : shape.ndim() == 2 ? "bc" : "bcn";
    String other = shape.ndim() == 1 ? "c" : shape.ndim() == 2 ? "cb" : "ncb";
    for (int engines : new int[] {1, 3, 4}) {
      out.add(Distribution.of(shape, base, engines));
      out.add(Distribution.of(shape, other, engines));
    }
    List<AxisMap> maps = new ArrayList<>();
    long first = shape.dims()[0];
    maps.add(AxisMap.unstructured(new long[][] {{first - 1, 0}, java.util.stream.LongStream.range(1, first - 1)
        .map(i -> first - 1 - i).toArray()}));
    for (int k = 1; k < shape.ndim(); k++) {
      maps.add(k == 1 ? AxisMap.blockCyclic(2) : AxisMap.none());
    }
    int[] grid = new int[shape.ndim()];
    java.util.Arrays.fill(grid, 1);
    grid[0] = 2;
    if (shape.ndim() > 1) {
      grid[1] = 2;
    }
    out.add(Distribution.of(shape, maps, grid, shape.ndim() > 1 ? new int[] {2, 0, 3, 1} : new int[] {1, 0}));
    return out;
  }

  private static NdArray readAll(Path file, String variable, Distribution d) {
    NetcdfTasks.VariableInfo info = NetcdfTasks.inspect(file, variable);
    NdArray whole = NdArray.zeros(info.dtype(), d.shape().dims());
    for (int rank = 0; rank < d.ranks(); rank++) {
      NdArray block = NdArray.zeros(info.dtype(), d.localShape(rank).dims());
      long n = new NetcdfTasks.Read(file.toString(), variable).run(new RankBlocks(rank, block, d));
      assertEquals(block.size(), n);
      BlockCopy.toGlobal(block, d, rank, whole);
    }
    return whole;
  }

  private static double temp(long t, long y, long x) {
    return t * 100 + y * 10 + x + 0.25;
  }

  @Test
  void netcdf3And4FilesReadUnderEveryKindOfDistribution() {
    for (String name : List.of("classic.nc", "offset64.nc", "netcdf4.nc")) {
      Path file = FIXTURES.resolve(name);
      NetcdfTasks.VariableInfo info = NetcdfTasks.inspect(file, "temp");
      assertEquals(DType.FLOAT64, info.dtype());
      assertArrayEquals(new long[] {3, 4, 5}, info.shape());
      assertEquals(List.of("time", "lat", "lon"), info.dimensions());
      assertEquals("K", info.attributes().get("units"), name + " attributes");
      for (Distribution d : layouts(Shape.of(3, 4, 5))) {
        NdArray got = readAll(file, "temp", d);
        for (long t = 0; t < 3; t++) {
          for (long y = 0; y < 4; y++) {
            for (long x = 0; x < 5; x++) {
              assertEquals(temp(t, y, x), got.getDouble(t, y, x), name + " temp under " + d);
            }
          }
        }
      }
      for (Distribution d : layouts(Shape.of(4, 5))) {
        NdArray got = readAll(file, "counts", d);
        assertEquals(DType.INT32, got.dtype());
        for (int i = 0; i < 20; i++) {
          assertEquals(i - 7, got.reshape(-1).getDouble(i), name + " counts under " + d);
        }
      }
      for (Distribution d : layouts(Shape.of(6))) {
        NdArray got = readAll(file, "level", d);
        assertEquals(DType.FLOAT32, got.dtype());
        for (int i = 0; i < 6; i++) {
          assertEquals(i * 0.5, got.getDouble(i), name + " level under " + d);
        }
      }
    }
  }

  @Test
  void hdf5DatasetsFromH5pyRead() {
    Path file = FIXTURES.resolve("data.h5");
    for (Distribution d : layouts(Shape.of(5, 7))) {
      NdArray got = readAll(file, "/grid/values", d);
      for (int i = 0; i < 35; i++) {
        assertEquals(i * 1.5, got.reshape(-1).getDouble(i), "grid/values under " + d);
      }
    }
    NdArray ints = readAll(file, "ints", Distribution.of(Shape.of(3, 4), "cc", 4));
    assertEquals(DType.INT32, ints.dtype());
    assertEquals(33.0, ints.getDouble(2, 3));
  }

  @Test
  void blocksWrittenByEveryRankReadBack(@TempDir Path dir) {
    Shape shape = Shape.of(3, 4, 5);
    NdArray values = NdArray.arange(60).astype(DType.FLOAT64).reshape(3, 4, 5);
    List<Distribution> layouts = layouts(shape);
    for (int i = 0; i < layouts.size(); i++) {
      Distribution d = layouts.get(i);
      Path target = dir.resolve("out" + i + ".nc");
      NetcdfTasks.Save save = NetcdfTasks.begin(target, "values", DType.FLOAT64, shape.dims(),
          List.of("time", "lat", "lon"), java.util.Map.of("units", "K", "scale", 2.5));
      for (int rank = 0; rank < d.ranks(); rank++) {
        new NetcdfTasks.Write(save.temporary().toString(), save.dataOffset())
            .run(new RankBlocks(rank, BlockCopy.fromGlobal(values, d, rank), d));
      }
      assertFalse(Files.exists(target));
      NetcdfTasks.commit(save);
      NetcdfTasks.VariableInfo info = NetcdfTasks.inspect(target, "values");
      assertEquals(List.of("time", "lat", "lon"), info.dimensions(), "dimension names are kept");
      assertEquals("K", info.attributes().get("units"), "attributes are kept");
      assertEquals(2.5, ((Number) info.attributes().get("scale")).doubleValue());
      assertEquals(values.toString(), readAll(target, "values", Distribution.of(shape, "bnn", 2)).toString(),
          "written under " + d);
    }
  }

  /** Our HDF5 files (checked by hand with h5py and h5dump) read back through NetCDF-Java's HDF5 reader. */
  @Test
  void hdf5FilesWrittenRankByRankReadBack(@TempDir Path dir) {
    Shape shape = Shape.of(3, 4, 5);
    for (DType dtype : List.of(DType.FLOAT64, DType.FLOAT32, DType.INT64, DType.INT32)) {
      NdArray values = NdArray.arange(60).astype(DType.FLOAT64).reshape(3, 4, 5).astype(dtype);
      List<Distribution> layouts = layouts(shape);
      for (int i = 0; i < layouts.size(); i++) {
        Distribution d = layouts.get(i);
        Path target = dir.resolve(dtype + "-" + i + ".h5");
        Hdf5Tasks.Save save = Hdf5Tasks.begin(target, "values", dtype, shape.dims());
        for (int rank = 0; rank < d.ranks(); rank++) {
          new NpyTasks.Write(save.temporary().toString(), save.dataOffset())
              .run(new RankBlocks(rank, BlockCopy.fromGlobal(values, d, rank), d));
        }
        Hdf5Tasks.commit(save);
        NetcdfTasks.VariableInfo info = NetcdfTasks.inspect(target, "values");
        assertEquals(dtype, info.dtype());
        assertEquals(values.toString(), readAll(target, "/values", Distribution.of(shape, "cnn", 2)).toString(),
            dtype + " written under " + d);
      }
    }
    assertMessage(() -> Hdf5Tasks.begin(dir.resolve("g.h5"), "group/values", DType.FLOAT64, new long[] {2}),
        "g.h5", "one dataset in the root group");
  }

  @Test
  void badFilesVariablesAndDtypesNameTheProblem(@TempDir Path dir) throws Exception {
    assertMessage(() -> NetcdfTasks.inspect(dir.resolve("none.nc"), "temp"), "none.nc", "no such file");
    assertMessage(() -> NetcdfTasks.inspect(FIXTURES.resolve("classic.nc"), "pressure"), "classic.nc",
        "no variable or dataset 'pressure'");
    // netCDF4-python's i2 variable (np.arange(6, dtype=np.int16)) is int16, no longer refused
    NetcdfTasks.VariableInfo shorts = NetcdfTasks.inspect(FIXTURES.resolve("classic.nc"), "shorts");
    assertEquals(DType.INT16, shorts.dtype());
    assertArrayEquals(new long[] {6}, shorts.shape());
    Path junk = dir.resolve("junk.nc");
    Files.writeString(junk, "not a netcdf file");
    assertMessage(() -> NetcdfTasks.inspect(junk, "temp"), "junk.nc", "cannot read as NetCDF or HDF5");
    assertMessage(() -> NetcdfTasks.begin(dir.resolve("x.nc"), "v", DType.INT64, new long[] {3}, null, null), "x.nc",
        "int64 cannot be stored in NetCDF-3");
    assertMessage(() -> NetcdfTasks.begin(dir.resolve("y.nc"), "v", DType.UINT16, new long[] {3}, null, null), "y.nc",
        "uint16 cannot be stored in NetCDF-3");
  }

  private static void assertMessage(org.junit.jupiter.api.function.Executable call, String file, String problem) {
    IoException e = assertThrows(IoException.class, call);
    assertTrue(e.getMessage().contains(file) && e.getMessage().contains(problem),
        "message '" + e.getMessage() + "' should name " + file + " and say: " + problem);
  }
}
