package org.distarray.actors.engine;

import org.apache.pekko.actor.typed.ActorRef;
import org.distarray.actors.TaskProgress;

/** A task's progress for whoever asked for it, at most every 1/64 of the total (and always the end). */
final class ProgressReports {
  private final int engineId;
  private final int rank;
  private final ActorRef<TaskProgress> to;
  private long last = -1;

  ProgressReports(int engineId, int rank, ActorRef<TaskProgress> to) {
    this.engineId = engineId;
    this.rank = rank;
    this.to = to;
  }

  void report(long done, long total) {
    if (to != null && (done >= total || last < 0 || done - last >= Math.max(1, total / 64))) {
      last = done;
      to.tell(new TaskProgress(engineId, rank, done, total));
    }
  }
}
