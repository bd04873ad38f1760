package org.distarray.actors.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.distarray.actors.ErrorInfo;
import org.distarray.actors.Expr;
import org.distarray.actors.transport.Wire;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.ops.PartialReduction;
import org.distarray.arrays.ops.ReduceOp;

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

  /**
   * p's first share, or the error that stops it: this engine's (here null), or that of the engines here, this one
   * first ({@link NodeReductions}).
   */
  static void firstShare(Pending p, int[] here, LongFunction<Block> block, BlockStore blocks,
      NodeEngines node, int engineId) {
    try {
      if (here == null) {
        localShare(p, block, blocks);
      } else {
        NodeReductions.share(p, here, node, blocks);
      }
    } catch (RuntimeException e) {
      p.error = ErrorInfo.of(e, engineId);
    }
  }

  /**
   * This engine's share of p's reduction, into p: reduced from its block of the source (a leaf), or from the fused
   * expression (all axes at once, or through a temporary block given back afterwards).
   */
  static void localShare(Pending p, LongFunction<Block> block, BlockStore blocks) {
    Block b = block.apply(Expr.leaves(p.command.source()).iterator().next());
    NdArray temporary = null;
    boolean arg = p.command.op() == ReduceOp.ARGMIN || p.command.op() == ReduceOp.ARGMAX;
    boolean all = allTrue(p.command.reduced());
    if (!(p.command.source() instanceof Expr.Leaf)) {
      FusedEvaluation fused = FusedEvaluation.of(p.command.source(), id -> block.apply(id).data(),
          b.distribution().localShape(b.rank()).dims());
      p.dtype = fused.dtype();
      if (all && !arg) {
        p.share = fused.reduceAll(p.command.op());
        return;
      }
      temporary = fused.evaluate(blocks);
      b = new Block(temporary, b.distribution(), b.rank());
    }
    p.dtype = b.data().dtype();
    long[][] global = null;
    if (arg) {
      global = new long[b.distribution().ndim()][];
      for (int a = 0; a < global.length; a++) {
        if (p.command.reduced()[a]) {
          global[a] = b.distribution().localIndices(b.rank(), a).toArray();
        }
      }
    }
    p.share = PartialReduction.local(p.command.op(), b.data(), p.command.reduced(), global,
        b.distribution().shape().dims());
    if (temporary != null) {
      blocks.recycle(temporary);
    }
  }

  /**
   * Passes a reduction that has every child's share on: to its parent, or (at the root) finished, as the value
   * answered to the client or kept as this engine's block of the result.
   */
  static void finish(Pending p, int engineId, BlockStore blocks, org.apache.pekko.actor.typed.ActorSystem<?> system) {
    Engine.Reduce m = p.command;
    if (m.parent() != null) {
      Wire.tell(system, m.parent(), new Engine.Partial(m.requestId(), p.error == null ? p.share : null, p.error));
      return;
    }
    if (p.error != null) {
      m.replyTo().tell(new Engine.Done(m.requestId(), engineId, p.error, 0, null, null));
      return;
    }
    try {
      NdArray result = PartialReduction.finish(m.op(), p.share, p.dtype);
      if (m.result() < 0 && m.answerTo() != null) { // the client first: the coordinator's Done is off its path
        m.answerTo().tell(new Engine.Done(m.requestId(), engineId, null, 0, result, null));
        Wire.tell(system, m.replyTo(), Engine.Done.ok(m.requestId(), engineId));
      } else if (m.result() < 0) {
        Wire.tell(system, m.replyTo(), new Engine.Done(m.requestId(), engineId, null, 0, result, null));
      } else {
        int rank = m.resultDistribution().rankOfEngine(engineId);
        if (rank < 0) {
          throw new IllegalStateException("engine " + engineId + " is not a target of " + m.resultDistribution());
        }
        blocks.reserve(BlockStore.storageBytes(result), "the result of a reduction");
        blocks.put(m.result(), new Block(result, m.resultDistribution(), rank));
        m.replyTo().tell(Engine.Done.ok(m.requestId(), engineId));
      }
    } catch (RuntimeException e) {
      m.replyTo().tell(new Engine.Done(m.requestId(), engineId, ErrorInfo.of(e, engineId), 0, null, null));
    }
  }

  static boolean allTrue(boolean[] flags) {
    for (boolean f : flags) {
      if (!f) {
        return false;
      }
    }
    return true;
  }

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
