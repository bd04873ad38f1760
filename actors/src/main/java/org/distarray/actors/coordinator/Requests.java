package org.distarray.actors.coordinator;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.distarray.actors.ErrorInfo;
import org.distarray.actors.engine.Engine;

/** The coordinator's operations that wait for engines' answers, by request id. */
final class Requests {
  /** One operation waiting for its engines. */
  static final class Pending {
    final int expected;
    final Engine.Done[] answers;
    final Consumer<Pending> onComplete;
    /** The engines the operation sent commands to: losing one fails it. */
    final BitSet involved = new BitSet();
    /** Where each engine's answer goes in answers (null: in the order they arrive). */
    Map<Integer, Integer> slotByEngine;
    int received;
    ErrorInfo error;

    Pending(int expected, Consumer<Pending> onComplete) {
      this.expected = expected;
      this.answers = new Engine.Done[expected];
      this.onComplete = onComplete;
    }
  }

  private final Map<Long, Pending> open = new HashMap<>();
  private long next = 1;

  /** A new request id. */
  long nextId() {
    return next++;
  }

  /** Registers p as waiting under request id req. */
  Pending open(long req, Pending p) {
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
    Integer slot = p.slotByEngine != null ? p.slotByEngine.get(done.engineId()) : null;
    p.answers[slot != null ? slot : p.received] = done;
    p.received++;
    if (done.error() != null && p.error == null) {
      p.error = done.error();
    }
    if (p.received == p.expected || p.error != null) {
      open.remove(done.requestId());
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
        failed.add(p);
      }
    }
    return failed;
  }
}
