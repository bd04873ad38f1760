package org.distarray.actors.coordinator;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.distarray.actors.ErrorInfo;
import org.distarray.actors.engine.Engine;

/**
 * The coordinator's operations that wait for engines' answers, by request id. Ids are unique across coordinator
 * incarnations (they start from the time this one started), so that chunks or partials of an earlier coordinator's
 * requests never match a new one's.
 */
final class Requests {
  /** One operation waiting for its engines. */
  static final class Pending {
    final int expected;
    final Engine.Done[] answers;
    final Consumer<Pending> onComplete;
    /** The engines the operation sent commands to: losing one fails it. */
    final BitSet involved = new BitSet();
    /** Per engine, the commands sent to it that it has not answered yet (reductions' inner engines never do). */
    final Map<Integer, Integer> unanswered = new HashMap<>();
    /** The groups of commands spread along trees. */
    final List<int[]> spreads = new ArrayList<>(2);
    /** Its request id (set when opened). */
    long id;
    /** When it times out (System.nanoTime), set when opened. */
    long deadline;
    /** When it was opened (System.nanoTime, and ms since the epoch) and the command it serves (or null). */
    long startedNanos;
    long startedMillis;
    Object command;
    /** A task's progress by rank: done and total units (null until one is reported). */
    Map<Integer, long[]> progress;

    /** Units done and in all, summed over the ranks that reported ({-1, -1} when none did). */
    long[] progressSum() {
      if (progress == null) {
        return new long[] {-1, -1};
      }
      long[] sum = new long[2];
      for (long[] p : progress.values()) {
        sum[0] += p[0];
        sum[1] += p[1];
      }
      return sum;
    }
    int received;
    ErrorInfo error;

    Pending(int expected, Consumer<Pending> onComplete) {
      this.expected = expected;
      this.answers = new Engine.Done[expected];
      this.onComplete = onComplete;
    }

    /** Records a command sent to engine, whose answer (if it gives one) this operation waits for. */
    void sent(int engine) {
      involved.set(engine);
      unanswered.merge(engine, 1, Integer::sum);
    }

    /**
     * Records a command spread along a tree over group (led by group[0], who answers for all of them): losing any of
     * them fails the operation.
     */
    void sentSpread(int[] group) {
      for (int engine : group) {
        involved.set(engine);
      }
      unanswered.merge(group[0], 1, Integer::sum);
      spreads.add(group);
    }

    /**
     * The engines with commands of this operation they have not answered (to abort when it fails): every engine of
     * a spread group whose leader has not answered.
     */
    List<Integer> unansweredEngines() {
      BitSet out = new BitSet();
      unanswered.forEach((engine, n) -> {
        if (n > 0) {
          out.set(engine);
        }
      });
      for (int[] group : spreads) {
        if (unanswered.getOrDefault(group[0], 0) > 0) {
          for (int engine : group) {
            out.set(engine);
          }
        }
      }
      return out.stream().boxed().toList();
    }
  }

  private final Map<Long, Pending> open = new HashMap<>();
  private final long timeoutNanos;
  private final OperationLog log;
  private long next;

  /**
   * Requests of a coordinator that starts now, each failed after timeoutNanos without its answers; log learns of
   * each one's command and end.
   */
  Requests(long timeoutNanos, OperationLog log) {
    this(incarnationBase(), timeoutNanos, log);
  }

  Requests(long firstId, long timeoutNanos, OperationLog log) {
    this.next = firstId;
    this.timeoutNanos = timeoutNanos;
    this.log = log;
  }

  /**
   * The first request id of a coordinator that starts now: the time in ms shifted left by 20 bits, so that a
   * coordinator started later begins above every id an earlier one could have used (unless it made more than a
   * million requests per millisecond it lived).
   */
  static long incarnationBase() {
    return System.currentTimeMillis() << 20;
  }

  /** A new request id. */
  long nextId() {
    return next++;
  }

  /** Registers p as waiting under request id req. */
  Pending open(long req, Pending p) {
    p.id = req;
    p.startedNanos = System.nanoTime();
    p.startedMillis = System.currentTimeMillis();
    p.command = log.current();
    p.deadline = p.startedNanos + timeoutNanos;
    open.put(req, p);
    return p;
  }

  /**
   * Records an engine's answer. Returns its operation when that is now complete (every answer in, or the first
   * error), after removing it; null while it waits for more, or when it had finished already (failed earlier).
   */
  Pending answer(Engine.Done done) {
    Pending p = open.get(done.requestId());
    if (p == null) {
      return null;
    }
    p.unanswered.computeIfPresent(done.engineId(), (engine, n) -> n - 1);
    if (p.received < p.answers.length) {
      p.answers[p.received] = done;
    }
    p.received++;
    if (done.error() != null && p.error == null) {
      p.error = done.error();
    }
    if (p.received == p.expected || p.error != null) {
      open.remove(done.requestId());
      ended(p);
      return p;
    }
    return null;
  }

  /** Removes the operations that sent commands to an engine and returns them, each failed with error. */
  List<Pending> failInvolving(int engine, ErrorInfo error) {
    List<Pending> failed = new ArrayList<>();
    for (Long req : new ArrayList<>(open.keySet())) {
      Pending p = open.get(req);
      if (p.involved.get(engine)) {
        open.remove(req);
        p.error = error;
        p.unanswered.remove(engine);
        ended(p);
        failed.add(p);
      }
    }
    return failed;
  }

  /** Removes the operations whose deadline passed by now (System.nanoTime) and returns them, each failed. */
  List<Pending> expire(long now, int coordinatorId) {
    List<Pending> failed = new ArrayList<>();
    for (Long req : new ArrayList<>(open.keySet())) {
      Pending p = open.get(req);
      if (now - p.deadline >= 0) {
        open.remove(req);
        p.error = new ErrorInfo(java.util.concurrent.TimeoutException.class.getName(), "engines "
            + p.unansweredEngines() + " did not answer request " + req + " within "
            + timeoutNanos / 1_000_000 + " ms (distarray.ask-timeout)", coordinatorId);
        ended(p);
        failed.add(p);
      }
    }
    return failed;
  }

  /** Records a task's progress on one engine (ignored when its request ended). */
  void progress(org.distarray.actors.TaskProgress t) {
    Pending p = open.get(t.requestId());
    if (p != null) {
      if (p.progress == null) {
        p.progress = new HashMap<>();
      }
      p.progress.put(t.rank(), new long[] {t.done(), t.total()});
    }
  }

  private void ended(Pending p) {
    log.finished(p, p.error == null ? null : p.error.type() + ": " + p.error.message());
  }

  /** The operations waiting for engines now, as the dashboard shows them. */
  List<org.distarray.actors.RuntimeState.Operation> running() {
    List<org.distarray.actors.RuntimeState.Operation> out = new ArrayList<>(open.size());
    for (Pending p : open.values()) {
      out.add(OperationLog.running(p));
    }
    return out;
  }

  /** How many operations wait. */
  int size() {
    return open.size();
  }
}
