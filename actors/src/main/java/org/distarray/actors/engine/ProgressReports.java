package org.distarray.actors.engine;

import org.apache.pekko.actor.typed.ActorRef;
import org.distarray.actors.TaskProgress;

/**
 * A task's progress for whoever asked for it and for the coordinator (the dashboard shows it), at most every 1/64 of
 * the total (and always the end).
 */
final class ProgressReports {
  private final long requestId;
  private final int engineId;
  private final int rank;
  private final ActorRef<TaskProgress> to;
  private final ActorRef<TaskProgress> coordinator;
  private long last = -1;

  ProgressReports(long requestId, int engineId, int rank, ActorRef<TaskProgress> to,
      ActorRef<TaskProgress> coordinator) {
    this.requestId = requestId;
    this.engineId = engineId;
    this.rank = rank;
    this.to = to;
    this.coordinator = coordinator;
  }

  void report(long done, long total) {
    if ((to != null || coordinator != null)
        && (done >= total || last < 0 || done - last >= Math.max(1, total / 64))) {
      last = done;
      TaskProgress p = new TaskProgress(requestId, engineId, rank, done, total);
      if (to != null) {
        to.tell(p);
      }
      if (coordinator != null) {
        coordinator.tell(p);
      }
    }
  }
}
