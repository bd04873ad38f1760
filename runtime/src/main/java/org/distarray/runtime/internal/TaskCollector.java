package org.distarray.runtime.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.distarray.actors.ErrorInfo;
import org.distarray.actors.TaskAnswer;
import org.distarray.actors.TaskResult;

/**
 * The client's end of one task: takes each engine's result straight from the engine and the task's end from the
 * coordinator (in either order), and completes its outcome with the results in rank order once it has the end and
 * every result, or at once with the first error. Then it stops.
 */
public final class TaskCollector {
  /** A task's results in rank order, or its first error (results null). */
  public record Outcome(List<TaskResult> results, ErrorInfo error) {}

  private TaskCollector() {}

  /** A collector that completes outcome. */
  public static Behavior<TaskAnswer> create(CompletableFuture<Outcome> outcome) {
    return collecting(outcome, new TreeMap<>(), -1);
  }

  private static Behavior<TaskAnswer> collecting(CompletableFuture<Outcome> outcome,
      TreeMap<Integer, TaskResult> byRank, int ranks) {
    return Behaviors.receive(TaskAnswer.class)
        .onMessage(TaskAnswer.Output.class, o -> {
          byRank.put(o.rank(), o.result());
          return completeIfDone(outcome, byRank, ranks);
        })
        .onMessage(TaskAnswer.End.class, end -> {
          if (end.error() != null) {
            outcome.complete(new Outcome(null, end.error()));
            return Behaviors.stopped();
          }
          return completeIfDone(outcome, byRank, end.ranks());
        })
        .build();
  }

  private static Behavior<TaskAnswer> completeIfDone(CompletableFuture<Outcome> outcome,
      TreeMap<Integer, TaskResult> byRank, int ranks) {
    if (ranks < 0 || byRank.size() < ranks) {
      return collecting(outcome, byRank, ranks);
    }
    outcome.complete(new Outcome(new ArrayList<>(byRank.values()), null));
    return Behaviors.stopped();
  }
}
