package org.distarray.actors.engine;

import java.util.List;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.task.LocalBlocks;

/** The blocks a task sees on this engine. */
record EngineBlocks(int engineId, int rank, long[] ids, List<Block> args, ProgressReports reports)
    implements LocalBlocks {

  @Override
  public void progress(long done, long total) {
    reports.report(done, total);
  }

  @Override
  public NdArray block(int argument) {
    return arg(argument).data();
  }

  @Override
  public NdArray ghostedBlock(int argument) {
    return arg(argument).ghosted();
  }

  @Override
  public Distribution distribution(int argument) {
    return arg(argument).distribution();
  }

  private Block arg(int i) {
    if (i < 0 || i >= args.size()) {
      throw new IndexOutOfBoundsException("task argument " + i + " does not exist: the task was given "
          + args.size() + " arrays");
    }
    Block b = args.get(i);
    if (b == null) {
      throw new IllegalStateException("engine " + engineId + " holds no block of task argument " + i
          + " (array " + ids[i] + ")");
    }
    return b;
  }
}
