package org.distarray.io;

import java.io.IOException;
import java.nio.file.Path;
import org.distarray.arrays.DType;

/**
 * Saving HDF5 in parallel: the caller writes the file's structure once ({@link Hdf5Writer}: one contiguous dataset
 * in the root group) into a temporary file, every engine writes its own elements of the dataset with
 * {@link NpyTasks.Write} (little-endian, C order, at the dataset's data address), and {@link #commit} gives the file
 * its name. h5py and h5dump read the result; loading goes through NetCDF-Java ({@link NetcdfTasks}).
 */
public final class Hdf5Tasks {
  private Hdf5Tasks() {}

  /** A save in progress: the temporary file, where the dataset's elements start, and where it goes. */
  public record Save(Path target, Path temporary, long dataOffset) {}

  /**
   * Starts saving a dataset of dtype and shape named dataset (in the root group) to target.
   *
   * @throws IoException when the name is not a plain name of the root group or the file cannot be made
   */
  public static Save begin(Path target, String dataset, DType dtype, long[] shape) {
    String name = dataset.startsWith("/") ? dataset.substring(1) : dataset;
    if (name.isEmpty() || name.contains("/") || !name.chars().allMatch(c -> c > 32 && c < 127)) {
      throw new IoException(target, "dataset name '" + dataset + "': saveHdf5 writes one dataset in the root group, "
          + "named with printable ASCII and no '/'");
    }
    Path abs = PartialFiles.checkedTarget(target);
    try {
      Path tmp = PartialFiles.next(abs);
      long data = Hdf5Writer.create(tmp, name, dtype, shape);
      return new Save(abs, tmp, data);
    } catch (IOException e) {
      throw new IoException(target, "cannot create the HDF5 file: " + e, e);
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
