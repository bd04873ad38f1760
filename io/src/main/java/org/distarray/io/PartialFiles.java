package org.distarray.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** A file written under a temporary name next to its target, and given the target's name only when complete. */
final class PartialFiles {
  private PartialFiles() {}

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
