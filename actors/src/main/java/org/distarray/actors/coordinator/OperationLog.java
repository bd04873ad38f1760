package org.distarray.actors.coordinator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Signal;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.distarray.actors.RuntimeState;

/**
 * What the coordinator's operations were: the command each request serves (the message being handled when it was
 * opened), and the last {@value #KEEP} that finished, with their durations, for the dashboard; every finished one is
 * timed into {@link OperationMetrics} by kind. Noting a message is a field write; the arrays an operation concerns
 * are read from its command only when the state is asked for.
 */
final class OperationLog {
  /** Finished operations kept for the dashboard. */
  static final int KEEP = 100;

  private final ArrayDeque<RuntimeState.Operation> recent = new ArrayDeque<>(KEEP);
  private final OperationMetrics metrics;
  private Object current;

  OperationLog(OperationMetrics metrics) {
    this.metrics = metrics;
  }

  /** receive, noting each message as the command of the requests opened while it is handled. */
  <T> Receive<T> noting(Receive<T> receive) {
    return new Receive<>() {
      @Override
      public Behavior<T> receiveMessage(T message) throws Exception {
        current = message;
        try {
          return receive.receiveMessage(message);
        } finally {
          current = null;
        }
      }

      @Override
      public Behavior<T> receiveSignal(Signal signal) throws Exception {
        return receive.receiveSignal(signal);
      }
    };
  }

  /** The command being handled now (null outside a message). */
  Object current() {
    return current;
  }

  /** Records a request that ended (error null when it succeeded). */
  void finished(Requests.Pending p, String error) {
    long nanos = System.nanoTime() - p.startedNanos;
    String kind = Commands.kind(p.command);
    metrics.record(kind, nanos, error != null);
    if (recent.size() == KEEP) {
      recent.removeFirst();
    }
    long[] progress = p.progressSum();
    recent.addLast(new RuntimeState.Operation(p.id, kind, Commands.arrays(p.command), p.startedMillis, nanos,
        error, progress[0], progress[1]));
  }

  /** The address of this node's dashboard ("" when none runs here). */
  String dashboardUrl() {
    return metrics.dashboardUrl();
  }

  /** The finished operations, oldest first. */
  List<RuntimeState.Operation> recent() {
    return new ArrayList<>(recent);
  }

  /** A running request as the dashboard shows it (its duration so far). */
  static RuntimeState.Operation running(Requests.Pending p) {
    long[] progress = p.progressSum();
    return new RuntimeState.Operation(p.id, Commands.kind(p.command), Commands.arrays(p.command), p.startedMillis,
        System.nanoTime() - p.startedNanos, null, progress[0], progress[1]);
  }
}
