package org.distarray.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.distarray.arrays.DType;

/**
 * Saving HDF5 in parallel: the caller writes the file's structure once ({@link Hdf5Writer}: one contiguous dataset
 * in the root group) into a temporary file, every engine writes its own elements of the dataset with
 * {@link NpyTasks.Write} (little-endian, C order, at the dataset's data address), and {@link #commit} gives the file
 * its name. A dataset for a file that exists is added to it instead ({@link Hdf5Append}). h5py and h5dump read the result; loading goes through NetCDF-Java ({@link NetcdfTasks}).
 */
public final class Hdf5Tasks {
  private Hdf5Tasks() {}

  /**
   * A save in progress: the file the engines write (a temporary file for a new file, the file itself when a dataset
   * is added to an existing one), where the dataset's elements start, where it goes, and the addition (null for a
   * new file).
   */
  public record Save(Path target, Path temporary, long dataOffset, Hdf5Append.Plan append) {}

  /**
   * Starts saving a dataset of dtype and shape named dataset (in the root group) to target: a new file when there is
   * none, else the dataset is added to the existing file ({@link Hdf5Append}, h5py's mode "a").
   *
   * @throws IoException when the name is not a plain name of the root group, the existing file already has it, is
   *     not an HDF5 file of a layout that can take another dataset, or the file cannot be made
   */
  public static Save begin(Path target, String dataset, DType dtype, long[] shape) {
    String name = dataset.startsWith("/") ? dataset.substring(1) : dataset;
    if (name.isEmpty() || name.contains("/") || !name.chars().allMatch(c -> c > 32 && c < 127)) {
      throw new IoException(target, "dataset name '" + dataset + "': saveHdf5 writes one dataset in the root group, "
          + "named with printable ASCII and no '/'");
    }
    if (dtype.isComplex()) {
      throw new IoException(target, "dataset '" + dataset + "' is " + dtype + ": HDF5 has no complex type (h5py "
          + "stores one as a compound of two floats, which saveHdf5 does not write); save real() and imag() as two "
          + "datasets, or use saveNpy");
    }
    Path abs = PartialFiles.checkedTarget(target);
    if (Files.exists(abs)) {
      if (!Files.isRegularFile(abs)) {
        throw new IoException(target, "is not a regular file: a dataset cannot be added to it");
      }
      Hdf5Append.Plan plan = Hdf5Append.begin(abs, name, dtype, shape);
      return new Save(abs, abs, plan.dataAddress(), plan);
    }
    try {
      Path tmp = PartialFiles.next(abs);
      long data = Hdf5Writer.create(tmp, name, dtype, shape);
      return new Save(abs, tmp, data, null);
    } catch (IOException e) {
      throw new IoException(target, "cannot create the HDF5 file: " + e, e);
    }
  }

  /** Moves a complete new file into place, or makes an added dataset part of its file. */
  public static void commit(Save s) {
    if (s.append() != null) {
      Hdf5Append.commit(s.append());
    } else {
      PartialFiles.commit(s.temporary(), s.target());
    }
  }

  /** Removes the temporary file of a save that failed, or cuts a file back to what it was before the addition. */
  public static void abort(Save s) {
    if (s.append() != null) {
      Hdf5Append.abort(s.append());
    } else {
      PartialFiles.abort(s.temporary());
    }
  }
}
