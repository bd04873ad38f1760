package org.distarray.io;

import java.nio.file.Path;
import java.util.List;

/**
 * A NetCDF variable or HDF5 dataset to load is not in its file (h5py's and netCDF4-python's {@code KeyError} /
 * {@code IndexError}). The message names the file, the name asked for and the names the file has.
 */
public class MissingVariableException extends IoException {
  private static final long serialVersionUID = 1L;
  private final transient Path file;
  private final String name;

  /** The name asked for in file, which holds the variables or datasets present. */
  public MissingVariableException(Path file, String name, List<String> present) {
    super(file, "no variable or dataset '" + name + "'; it has " + present);
    this.file = file;
    this.name = name;
  }

  /** The file that was read. */
  public Path file() {
    return file;
  }

  /** The variable or dataset name that was asked for. */
  public String name() {
    return name;
  }
}
