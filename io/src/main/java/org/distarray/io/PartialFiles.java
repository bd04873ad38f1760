package org.distarray.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** A file written under a temporary name next to its target, and given the target's name only when complete. */
final class PartialFiles {
  private PartialFiles() {}

  /**
   * The absolute target of a save.
   *
   * @throws IoException when its directory does not exist
   */
  static Path checkedTarget(Path target) {
    Path abs = target.toAbsolutePath();
    if (abs.getParent() == null || !Files.isDirectory(abs.getParent())) {
      throw new IoException(target, "the directory " + abs.getParent() + " does not exist");
    }
    return abs;
  }

  /** A new empty file next to the (absolute) target, to be written and then given the target's name. */
  static Path next(Path target) throws IOException {
    return Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".partial");
  }

  /** Renames temporary to target (replacing it); the temporary file is removed if that fails. */
  static void commit(Path temporary, Path target) {
    try {
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      abort(temporary);
      throw new IoException(target, "cannot move the written file into place: " + e, e);
    }
  }

  /** Removes the temporary file of a save that failed; the target was never touched. */
  static void abort(Path temporary) {
    try {
      Files.deleteIfExists(temporary);
    } catch (IOException ignored) {
      // best effort: nothing under the target's name depends on it
    }
  }
}
