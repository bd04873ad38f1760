package org.distarray.io;

import java.nio.file.Path;

/**
 * A file could not be read or written as asked: missing, truncated, corrupt, of a dtype or layout that is not
 * supported, or of another shape than the distribution. The message names the file and the problem.
 */
public class IoException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public IoException(Path file, String problem) {
    super(file + ": " + problem);
  }

  /** An IO failure reported from elsewhere (an engine) whose message already names the file. */
  public IoException(String message) {
    super(message);
  }

  public IoException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
  }
}
