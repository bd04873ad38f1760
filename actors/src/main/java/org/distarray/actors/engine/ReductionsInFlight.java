package org.distarray.actors.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.distarray.actors.ErrorInfo;
import org.distarray.arrays.DType;
import org.distarray.arrays.ops.PartialReduction;

/**
 * An engine's reductions waiting for the shares of their children (engine to engine, along a reduction tree or the
 * tree a command came down), and the shares that came before their reduction started here.
 */
final class ReductionsInFlight {
  /** A reduction started here: this engine's share so far, or the first error, and how many children are missing. */
  static final class Pending {
    final Engine.Reduce command;
    PartialReduction share;
    ErrorInfo error;
    int waiting;
    DType dtype;

    Pending(Engine.Reduce command) {
      this.command = command;
      this.waiting = command.children();
    }
  }

  private final Map<Long, Pending> open = new HashMap<>();
  private final Map<Long, List<Engine.Partial>> early = new HashMap<>();

  /**
   * Registers a started reduction and folds in the children that answered early; returns it when no child is
   * missing any more (it is then forgotten here), else null.
   */
  Pending start(Pending p, int engine) {
    long req = p.command.requestId();
    open.put(req, p);
    List<Engine.Partial> arrived = early.remove(req);
    if (arrived != null) {
      for (Engine.Partial child : arrived) {
        fold(p, child, engine);
      }
    }
    return complete(p);
  }

  /** Folds in a child's share; returns its reduction when that was the last missing one, else null (kept if early). */
  Pending arrived(Engine.Partial m, int engine) {
    Pending p = open.get(m.requestId());
    if (p == null) {
      early.computeIfAbsent(m.requestId(), k -> new ArrayList<>()).add(m);
      return null;
    }
    fold(p, m, engine);
    return complete(p);
  }

  /** Drops a request's reduction and its early shares (aborted). */
  void forget(long requestId) {
    open.remove(requestId);
    early.remove(requestId);
  }

  /** Drops everything (a new coordinator). */
  void clear() {
    open.clear();
    early.clear();
  }

  private Pending complete(Pending p) {
    if (p.waiting > 0) {
      return null;
    }
    open.remove(p.command.requestId());
    return p;
  }

  private static void fold(Pending p, Engine.Partial child, int engine) {
    p.waiting--;
    if (p.error != null) {
      return;
    }
    if (child.error() != null) {
      p.error = child.error();
      return;
    }
    try {
      p.share = PartialReduction.combine(p.command.op(), p.share, child.partial());
    } catch (RuntimeException e) {
      p.error = ErrorInfo.of(e, engine);
    }
  }
}
