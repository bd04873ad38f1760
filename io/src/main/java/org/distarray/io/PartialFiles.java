package org.distarray.io;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

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

  /**
   * A new empty file next to the (absolute) target, to be written and then given the target's name. It is created
   * as any program creates a file (mode 0666 less the umask), not with the owner-only mode of
   * {@code Files.createTempFile}: the rename keeps the mode, and the saved file should be as readable as others.
   */
  static Path next(Path target) throws IOException {
    for (int attempt = 0; ; attempt++) {
      long tag = java.util.concurrent.ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
      Path p = target.resolveSibling("." + target.getFileName() + "." + Long.toString(tag, 36) + ".partial");
      try {
        Files.newByteChannel(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        return p;
      } catch (FileAlreadyExistsException taken) {
        if (attempt == 99) {
          throw taken;
        }
      }
    }
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
