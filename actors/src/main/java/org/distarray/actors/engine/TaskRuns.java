package org.distarray.actors.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.distarray.actors.TaskResult;
import org.distarray.actors.wire.UserValues;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.task.LocalTask;

/** Runs a user's {@link LocalTask} on an engine's blocks and makes its result ready to travel. */
final class TaskRuns {
  private TaskRuns() {}

  /**
   * The task's result over this engine's blocks of the command's arrays: a block (or a view of one) handed back is
   * copied, so the caller gets the values and not the live block.
   *
   * @throws IllegalArgumentException naming the engine and the task when the result cannot be sent
   */
  static TaskResult run(int engineId, Engine.RunTask m, LocalTask<?> task, BlockStore blocks, ObjectMapper mapper) {
    List<Block> args = new ArrayList<>();
    for (long id : m.arrays()) {
      args.add(blocks.get(id));
    }
    Object value = task.run(new EngineBlocks(engineId, m.rank(), m.arrays(), args,
        new ProgressReports(m.requestId(), engineId, m.rank(), m.progress(), m.watcher())));
    if (value instanceof NdArray a && blocks.uses(a.storage())) {
      value = a.copy();
    }
    TaskResult result = new TaskResult(value);
    try {
      UserValues.checkResult(mapper, result);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("engine " + engineId + " cannot send the result of task "
          + m.task().className() + ": " + e.getMessage(), e);
    }
    return result;
  }
}
