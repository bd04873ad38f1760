package org.distarray.arrays.task;

import org.distarray.arrays.NdArray;
import org.distarray.arrays.dist.Distribution;

/** What a {@link LocalTask} sees on one engine: its rank, its engine id, and its block of each array argument. */
public interface LocalBlocks {
  /** This engine's rank in the first array's distribution (0..ranks-1, row-major over the process grid). */
  int rank();

  /** The id of the engine running the task. */
  int engineId();

  /**
   * This engine's block of the i-th array argument, writable: changes are the array's new values.
   *
   * @throws IndexOutOfBoundsException naming the argument and the argument count when there is no such argument
   */
  NdArray block(int argument);

  /**
   * The block of the i-th array argument with its ghost layers (an array made by {@code ghosted(width, boundary)}):
   * the same storage, width more layers on both sides of every axis, holding the neighbours' values (or the
   * boundary's) as of the last {@code updateGhosts()}. Writable; writes into the ghost layers are not sent anywhere.
   *
   * @throws IllegalStateException when the argument has no ghost layers
   */
  NdArray ghostedBlock(int argument);

  /** The distribution of the i-th array argument. */
  Distribution distribution(int argument);

  /**
   * Reports how far a long task has come on this engine (done of total units, e.g. elements read); the runtime passes
   * it on to a progress listener when the caller set one. Cheap to call often: reports are thinned out.
   */
  default void progress(long done, long total) {}
}
