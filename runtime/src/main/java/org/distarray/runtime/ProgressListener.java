package org.distarray.runtime;

/**
 * Told how far a long operation has come: {@code done} of {@code total} elements (loads and saves of files). Calls
 * come from a runtime thread while the operation runs, in order, with done never decreasing; the last call, with
 * done == total, comes from the caller's thread before the operation returns, when it succeeded. Keep it short
 * (print a bar, update a counter).
 */
@FunctionalInterface
public interface ProgressListener {
  void progress(String operation, long done, long total);
}
