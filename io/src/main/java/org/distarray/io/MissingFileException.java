package org.distarray.io;

import java.nio.file.Path;

/**
 * A file to load does not exist (NumPy's {@code FileNotFoundError}). The message names the file and, for a variable
 * or dataset of a NetCDF or HDF5 file, the name that was to be loaded from it.
 */
public class MissingFileException extends IoException {
  private static final long serialVersionUID = 1L;
  private final transient Path file;

  /** The file that does not exist; what (may be null) says what was to be read from it. */
  public MissingFileException(Path file, String what) {
    super(file, "no such file" + (what == null ? "" : " (to load " + what + " from)"));
    this.file = file;
  }

  /** The path that was asked for. */
  public Path file() {
    return file;
  }
}
