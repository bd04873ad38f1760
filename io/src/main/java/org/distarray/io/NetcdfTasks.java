package org.distarray.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.distarray.arrays.AxisRange;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.dist.IndexRuns;
import org.distarray.arrays.task.LocalBlocks;
import org.distarray.arrays.task.LocalTask;
import ucar.ma2.Array;
import ucar.ma2.DataType;
import ucar.ma2.InvalidRangeException;
import ucar.ma2.Range;
import ucar.ma2.Section;
import ucar.nc2.Dimension;
import ucar.nc2.NetcdfFile;
import ucar.nc2.NetcdfFileWriter;
import ucar.nc2.Variable;
import ucar.nc2.iosp.netcdf3.N3iosp;

/**
 * Parallel NetCDF and HDF5 IO with NetCDF-Java: each engine reads its own hyperslabs of a variable (NetCDF-3,
 * NetCDF-4 and HDF5 files; an HDF5 dataset is named by its path, for example {@code grid/values}) and writes its own
 * into a NetCDF-3 64-bit-offset file whose header the caller defined once ({@link #begin}). Along each axis an
 * engine's indices are runs of one step: one hyperslab read per combination of runs. Writes go straight to the
 * variable's bytes (NetCDF-Java's writer buffers whole blocks of the file, which would overwrite other engines'
 * elements).
 */
public final class NetcdfTasks {
  private NetcdfTasks() {}

  /**
   * What the caller needs before creating the array: the variable's dtype and shape, its dimensions' names and its
   * attributes (values: String, a Number, or a List of numbers).
   */
  public record VariableInfo(DType dtype, long[] shape, List<String> dimensions,
      java.util.Map<String, Object> attributes) {}

  /**
   * The dtype and shape of a variable (or HDF5 dataset); a packed one ({@link NetcdfPacking}) has the dtype of its
   * unpacked values and no packing attributes.
   *
   * @throws IoException naming the file when it is missing or unreadable, the variable does not exist, or its type
   *     is not f8, f4, i8 or i4 (or packed integers)
   */
  public static VariableInfo inspect(Path file, String variable) {
    return inspect(file, variable, false);
  }

  /**
   * As {@link #inspect(Path, String)}; with {@code stored}, a packed variable as stored: its integer dtype and every
   * attribute, packing ones included.
   */
  public static VariableInfo inspect(Path file, String variable, boolean stored) {
    if (!Files.isRegularFile(file)) {
      throw new MissingFileException(file, "'" + variable + "'");
    }
    try (NetcdfFile nc = NetcdfPacking.open(file, variable, stored)) {
      Variable v = find(nc, file, variable);
      boolean unpacked = nc instanceof ucar.nc2.dataset.NetcdfDataset;
      int[] shape = v.getShape();
      long[] dims = new long[shape.length];
      for (int k = 0; k < shape.length; k++) {
        dims[k] = shape[k];
      }
      List<String> names = new ArrayList<>();
      for (Dimension d : v.getDimensions()) {
        if (d.getShortName() == null) { // anonymous dimensions (HDF5 datasets without dimension scales)
          names = List.of();
          break;
        }
        names.add(d.getShortName());
      }
      java.util.Map<String, Object> attributes = new java.util.LinkedHashMap<>();
      for (ucar.nc2.Attribute a : v.getAttributes()) {
        if (unpacked && NetcdfPacking.PACKING_ATTRIBUTES.contains(a.getShortName())) {
          continue;
        }
        if (a.isString()) {
          attributes.put(a.getShortName(), a.getStringValue());
        } else if (a.getLength() == 1) {
          attributes.put(a.getShortName(), a.getNumericValue());
        } else {
          List<Number> values = new ArrayList<>();
          for (int i = 0; i < a.getLength(); i++) {
            values.add(a.getNumericValue(i));
          }
          attributes.put(a.getShortName(), values);
        }
      }
      return new VariableInfo(dtypeOf(file, variable, v.getDataType(), v.isUnsigned()), dims, names, attributes);
    } catch (IOException e) {
      throw new IoException(file, "cannot read as NetCDF or HDF5: " + e.getMessage(), e);
    }
  }

  /**
   * The variable of that name (a path for HDF5 datasets in groups). NetCDF-Java's full names escape '.' (a structure
   * member's separator), so a variable named {@code temp_1.5} is also looked for by its unescaped full name.
   */
  static Variable find(NetcdfFile nc, Path file, String variable) {
    String name = variable.startsWith("/") ? variable.substring(1) : variable;
    Variable v = nc.findVariable(name);
    if (v != null) {
      return v;
    }
    List<String> names = new ArrayList<>();
    for (Variable other : nc.getVariables()) {
      String plain = NetcdfFile.makeNameUnescaped(other.getFullName());
      if (plain.equals(name)) {
        return other;
      }
      names.add(plain);
    }
    throw new MissingVariableException(file, variable, names);
  }

  private static DType dtypeOf(Path file, String variable, DataType t, boolean unsigned) {
    return switch (t) {
      case DOUBLE -> DType.FLOAT64;
      case FLOAT -> DType.FLOAT32;
      case LONG -> unsigned ? DType.UINT64 : DType.INT64;
      case INT -> unsigned ? DType.UINT32 : DType.INT32;
      case SHORT -> unsigned ? DType.UINT16 : DType.INT16;
      case BYTE -> unsigned ? DType.UINT8 : DType.INT8;
      default -> throw new IoException(file, "variable '" + variable + "' is of type " + t
          + ", which is not supported (double, float, long, int, short and byte are)");
    };
  }

  /**
   * Reads the engine's block of the first array argument from a variable: a packed one unpacked, or, with
   * {@code stored}, its integers as stored.
   */
  public record Read(String file, String variable, boolean stored) implements LocalTask<Long> {
    /** Reads unpacked values. */
    public Read(String file, String variable) {
      this(file, variable, false);
    }

    @Override
    public Long run(LocalBlocks blocks) {
      Path p = Path.of(file);
      NdArray block = blocks.block(0);
      Distribution d = blocks.distribution(0);
      try (NetcdfFile nc = NetcdfPacking.open(p, variable, stored)) {
        Variable v = find(nc, p, variable);
        long[] done = {0};
        return forEachBox(d, blocks.rank(), block, true, (section, local) -> {
          Array data = v.read(section);
          local.copyFrom(toNdArray(data, local.dims(), block.dtype()));
          done[0] += local.size();
          blocks.progress(done[0], block.size());
        });
      } catch (IOException | InvalidRangeException e) {
        throw new IoException(p, "cannot read variable '" + variable + "' on engine " + blocks.engineId() + ": "
            + e.getMessage(), e);
      }
    }
  }

  /**
   * Writes the engine's block of the first array argument into the variable of a file that {@link #begin} made: the
   * variable's elements are big-endian in C order from dataOffset (NetCDF-3's layout), written with positional IO so
   * that engines never rewrite each other's bytes.
   */
  public record Write(String file, long dataOffset) implements LocalTask<Long> {
    @Override
    public Long run(LocalBlocks blocks) {
      return NpyTasks.writeOwn(Path.of(file), java.nio.ByteOrder.BIG_ENDIAN, dataOffset, blocks);
    }
  }

  /** One hyperslab: the file's section and the block's view of the same elements. */
  private interface BoxAction {
    void apply(Section section, NdArray local) throws IOException, InvalidRangeException;
  }

  /**
   * Calls action for each hyperslab of rank's block: the cartesian product of the runs of its indices along every
   * axis (strided runs are one range when reading, single indices when writing).
   */
  private static long forEachBox(Distribution d, int rank, NdArray block, boolean strided, BoxAction action)
      throws IOException, InvalidRangeException {
    int nd = d.ndim();
    if (block.size() == 0) {
      return 0;
    }
    List<List<long[]>> runs = new ArrayList<>(); // per axis: {first global, step, count, first local position}
    for (int k = 0; k < nd; k++) {
      IndexRuns r = d.localIndices(rank, k);
      List<long[]> axis = new ArrayList<>();
      long q = 0;
      for (int i = 0; i < r.runs(); i++) {
        long start = r.runStart(i);
        long step = r.runStep(i);
        long count = r.runLength(i);
        if (count == 1 || step == 1 || strided && step > 1) {
          axis.add(new long[] {start, count == 1 ? 1 : step, count, q});
        } else {
          for (long j = 0; j < count; j++) {
            axis.add(new long[] {start + j * step, 1, 1, q + j});
          }
        }
        q += count;
      }
      runs.add(axis);
    }
    int[] at = new int[nd];
    long done = 0;
    while (true) {
      List<Range> ranges = new ArrayList<>();
      List<AxisRange> local = new ArrayList<>();
      for (int k = 0; k < nd; k++) {
        long[] run = runs.get(k).get(at[k]);
        ranges.add(new Range((int) run[0], (int) (run[0] + (run[2] - 1) * run[1]), (int) run[1]));
        local.add(new AxisRange(run[3], 1, run[2], false));
      }
      NdArray view = block.view(local);
      action.apply(new Section(ranges), view);
      done += view.size();
      int k = nd - 1;
      while (k >= 0 && ++at[k] == runs.get(k).size()) {
        at[k] = 0;
        k--;
      }
      if (k < 0) {
        return done;
      }
    }
  }

  private static NdArray toNdArray(Array data, long[] dims, DType dtype) {
    return switch (dtype) {
      case FLOAT64 -> NdArray.of((double[]) data.get1DJavaArray(double.class), dims);
      case FLOAT32 -> NdArray.of((float[]) data.get1DJavaArray(float.class), dims);
      case INT32 -> NdArray.of((int[]) data.get1DJavaArray(int.class), dims);
      case INT16, UINT16 -> NdArray.of((short[]) data.get1DJavaArray(short.class), dtype == DType.UINT16, dims);
      case INT8, UINT8 -> NdArray.of((byte[]) data.get1DJavaArray(byte.class), dtype == DType.UINT8, dims);
      case INT64, UINT64 -> NdArray.view(dtype, data.get1DJavaArray(long.class), 0, dims,
          NdArray.contiguousStrides(dims));
      case UINT32 -> NdArray.view(dtype, data.get1DJavaArray(int.class), 0, dims, NdArray.contiguousStrides(dims));
      default -> throw new IllegalStateException("no " + dtype + " variables");
    };
  }

  /** A save in progress: the temporary file the engines write, where its variable's data starts, and where it goes. */
  public record Save(Path target, Path temporary, long dataOffset) {}

  /**
   * Starts saving an array of dtype and shape as variable in a NetCDF-3 64-bit-offset file: a temporary file next to
   * the target with the dimensions (named dimensions, or dim0, dim1, ...) and the variable with its attributes (may
   * be null) defined.
   *
   * @throws IoException when the dtype cannot be stored in NetCDF-3 (int64, bool) or the file cannot be made
   */
  public static Save begin(Path target, String variable, DType dtype, long[] shape, List<String> dimensions,
      java.util.Map<String, Object> attributes) {
    DataType t = switch (dtype) {
      case FLOAT64 -> DataType.DOUBLE;
      case FLOAT32 -> DataType.FLOAT;
      case INT32 -> DataType.INT;
      case INT16 -> DataType.SHORT;
      case INT8 -> DataType.BYTE;
      default -> throw new IoException(target, dtype + " cannot be stored in NetCDF-3 (double, float, int, short and"
          + " byte can):"
          + " convert with astype first");
    };
    Path abs = PartialFiles.checkedTarget(target);
    checkName(target, "variable", variable);
    List<String> dimNames = new ArrayList<>();
    for (int k = 0; k < shape.length; k++) {
      dimNames.add(dimensions != null && k < dimensions.size() ? dimensions.get(k) : "dim" + k);
      checkName(target, "dimension", dimNames.get(k));
    }
    Path tmp = null;
    try {
      tmp = PartialFiles.next(abs);
      NetcdfFileWriter w = NetcdfFileWriter.createNew(NetcdfFileWriter.Version.netcdf3, tmp.toString());
      w.setLargeFile(true); // the 64-bit offset variant of NetCDF-3
      List<Dimension> dims = new ArrayList<>();
      for (int k = 0; k < shape.length; k++) {
        Dimension dim = w.addDimension(null, dimNames.get(k), (int) shape[k]);
        checkKept(target, "dimension", dimNames.get(k), dim.getShortName());
        dims.add(dim);
      }
      Variable v = w.addVariable(null, variable, t, dims);
      checkKept(target, "variable", variable, v.getShortName());
      if (attributes != null) {
        for (java.util.Map.Entry<String, Object> e : attributes.entrySet()) {
          Object value = e.getValue();
          ucar.nc2.Attribute a = value instanceof Number n ? new ucar.nc2.Attribute(e.getKey(), n)
              : value instanceof List<?> list ? new ucar.nc2.Attribute(e.getKey(), list)
              : new ucar.nc2.Attribute(e.getKey(), String.valueOf(value));
          w.addVariableAttribute(v, a);
        }
      }
      w.setFill(true); // the file gets its full length: the one variable's data is its last bytes
      w.create();
      w.close();
      long bytes = org.distarray.arrays.Shape.of(shape).size() * dtype.itemSize();
      // NetCDF-3 pads a variable's data to a multiple of 4 bytes (shorts and bytes leave padding after them)
      long offset = Files.size(tmp) - (bytes + 3) / 4 * 4;
      if (offset < 32) {
        throw new IOException("the new file has " + Files.size(tmp) + " bytes, too few for " + bytes + " of data");
      }
      return new Save(abs, tmp, offset);
    } catch (IoException e) {
      if (tmp != null) {
        PartialFiles.abort(tmp);
      }
      throw e;
    } catch (IOException | RuntimeException e) {
      if (tmp != null) {
        PartialFiles.abort(tmp);
      }
      throw new IoException(target, "cannot create the NetCDF file: " + e.getMessage(), e);
    }
  }

  /**
   * Refuses a name that NetCDF-Java's rule for object names rejects ({@code N3iosp.isValidNetcdfObjectName}: the
   * first character an ASCII letter, digit or underscore, then no control character, '/' or DEL): its writer would
   * silently store another name.
   */
  private static void checkName(Path target, String kind, String name) {
    if (name == null || !N3iosp.isValidNetcdfObjectName(name)) {
      throw new IoException(target, "the " + kind + " name '" + name + "' cannot be stored in NetCDF (a name starts "
          + "with an ASCII letter, digit or underscore, and holds no control character, '/' or DEL)");
    }
  }

  /** Refuses a name that NetCDF-Java's NetCDF-3 writer changed on the way in (a space becomes '_'). */
  private static void checkKept(Path target, String kind, String name, String stored) {
    if (!name.equals(stored)) {
      throw new IoException(target, "the " + kind + " name '" + name + "' cannot be stored in NetCDF-3 as it is "
          + "(NetCDF-Java would write '" + stored + "')");
    }
  }

  /** Moves a complete save into place (replacing an existing file). */
  public static void commit(Save s) {
    PartialFiles.commit(s.temporary(), s.target());
  }

  /** Removes the temporary file of a save that failed. */
  public static void abort(Save s) {
    PartialFiles.abort(s.temporary());
  }
}
