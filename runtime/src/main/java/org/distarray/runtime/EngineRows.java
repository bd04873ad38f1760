package org.distarray.runtime;

import org.distarray.arrays.DType;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.task.LocalTask;

/**
 * Per-engine counts added up the engines' reduction tree: a task writes each engine's row of an (engines, width)
 * INT64 array, and {@code sum(0)} of it reaches the client as one row, whatever the engine count.
 */
final class EngineRows {
  private EngineRows() {}

  /**
   * Runs task on a's engines with (a, rows), rows being this engine's (1, width) block to write, and returns the
   * column sums of the rows.
   */
  static long[] sum(DistContext ctx, DistArray a, int width, LocalTask<?> task) {
    Distribution d = a.distribution();
    Distribution rows = Distribution.of(Shape.of(d.ranks(), width), "bn", new int[] {d.ranks(), 1}, d.targets());
    try (DistArray counts = ctx.empty(rows, DType.INT64)) {
      ctx.apply(task, a, counts);
      try (DistArray total = counts.sum(0)) {
        return total.toNdArray().toLongArray();
      }
    }
  }
}
