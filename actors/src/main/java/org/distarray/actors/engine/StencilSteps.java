package org.distarray.actors.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.distarray.actors.ErrorInfo;
import org.distarray.actors.TaskPayload;
import org.distarray.arrays.AxisRange;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.dist.Piece;
import org.distarray.arrays.dist.PieceCopy;
import org.distarray.arrays.task.LocalTask;

/**
 * An engine's stencil steps in progress: the interior of the output block is computed as soon as the step starts
 * (its neighbourhoods lie inside this engine's block), while the edge slabs travel; the rim once the ghosts are in.
 * The user's stencil sees each region as a block with its ghost layers around it, as it sees a whole block.
 */
final class StencilSteps {
  private record Step(Engine.StencilStep command, LocalTask<?> task, Block source, Block out, int engineId,
      int rank) {}

  private final Map<Long, Step> steps = new HashMap<>();

  /**
   * Starts a step: decodes its stencil task, makes the output blocks, fills the boundary's zero layers, starts
   * receiving the ghosts and computes the interior. A failure (a stencil whose class is not on this node's class
   * path, a block over budget, the stencil's own error) is answered here.
   *
   * @return the receive of the ghosts (complete when nothing more is to come), or null after a failure
   */
  Transfers.Receiving start(Engine.StencilStep m, int engineId, java.util.function.LongFunction<Block> block,
      int rank, BlockStore blocks, Transfers transfers, ActorRef<Engine.Done> ghostsIn) {
    try {
      return start(m, m.task().task(), blocks, engineId, block.apply(m.source()), block.apply(m.padded()), rank,
          transfers, ghostsIn);
    } catch (RuntimeException e) {
      transfers.abandon(m.requestId());
      steps.remove(m.requestId());
      Throwable reason = e instanceof TaskPayload.Undecodable u ? u.reason() : e;
      m.replyTo().tell(new Engine.Done(m.requestId(), engineId, new ErrorInfo(reason.getClass().getName(),
          "engine " + engineId + ": " + e.getMessage(), engineId), 0, null, null));
      return null;
    }
  }

  /** True while the step of requestId waits for its ghosts here. */
  boolean waiting(long requestId) {
    return steps.containsKey(requestId);
  }

  /** The ghosts of a step are in (or their receive failed): computes the rim and answers. */
  void ghostsIn(Engine.Done done, int engineId) {
    Step s = steps.get(done.requestId());
    if (s == null) {
      return; // forgotten: aborted, or failed at the start
    }
    Engine.Done answer = done;
    if (done.error() == null) {
      try {
        finish(done.requestId());
        answer = new Engine.Done(done.requestId(), engineId, null, 0, null, null);
      } catch (RuntimeException e) { // the stencil's own error: the engine answers and keeps running
        answer = new Engine.Done(done.requestId(), engineId, ErrorInfo.of(e, engineId), 0, null, null);
      }
    }
    steps.remove(done.requestId());
    s.command().replyTo().tell(answer);
  }

  private Transfers.Receiving start(Engine.StencilStep m, LocalTask<?> task, BlockStore blocks, int engineId,
      Block source, Block padded, int rank, Transfers transfers, ActorRef<Engine.Done> ghostsIn) {
    int w = m.width();
    NdArray p = padded.data();
    for (Piece fill : m.zeroFills()) {
      PieceCopy.insert(p, fill, NdArray.scalar(p.dtype(), 0).broadcastTo(org.distarray.arrays.Shape.of(fill.shape())));
    }
    long[] paddedShape = m.paddedLayout().localShape(rank).dims();
    NdArray outPadded = blocks.take(p.dtype(), paddedShape, "the output of a stencil step");
    blocks.put(m.outPadded(), new Block(outPadded, m.paddedLayout(), rank));
    long[] n = source.data().dims();
    List<AxisRange> interior = new ArrayList<>();
    for (long len : n) {
      interior.add(new AxisRange(w, 1, len, false));
    }
    Block out = new Block(outPadded.view(interior), m.innerLayout(), rank, w);
    blocks.put(m.outInner(), out);
    Step step = new Step(m, task, source, out, engineId, rank);
    steps.put(m.requestId(), step);
    Transfers.Receiving r = transfers.startReceivingInto(new Engine.ReceiveInto(m.requestId(), m.padded(),
        m.ghostElements(), ghostsIn), p, padded.rank());
    List<AxisRange> inside = inside(n, w);
    if (inside != null) {
      run(step, inside);
    }
    return r;
  }

  /** Computes the rim (the whole block when it has no interior) now that the ghosts are in. */
  private void finish(long requestId) {
    Step s = steps.get(requestId);
    if (s == null) {
      return;
    }
    long[] n = s.source().data().dims();
    int w = s.command().width();
    if (inside(n, w) == null) {
      List<AxisRange> all = new ArrayList<>();
      for (long len : n) {
        all.add(AxisRange.all(len));
      }
      run(s, all);
      return;
    }
    // slab k: axes before k inside, axis k its low or high w layers, axes after k whole
    for (int k = 0; k < n.length; k++) {
      for (int side = 0; side < 2; side++) {
        List<AxisRange> slab = new ArrayList<>();
        for (int j = 0; j < n.length; j++) {
          if (j < k) {
            slab.add(new AxisRange(w, 1, n[j] - 2L * w, false));
          } else if (j == k) {
            slab.add(new AxisRange(side == 0 ? 0 : n[j] - w, 1, w, false));
          } else {
            slab.add(AxisRange.all(n[j]));
          }
        }
        run(s, slab);
      }
    }
  }

  void forget(long requestId) {
    steps.remove(requestId);
  }

  /** The block's elements whose neighbourhoods need no ghost, or null when there are none. */
  private static List<AxisRange> inside(long[] n, int w) {
    List<AxisRange> r = new ArrayList<>();
    for (long len : n) {
      if (len <= 2L * w) {
        return null;
      }
      r.add(new AxisRange(w, 1, len - 2L * w, false));
    }
    return r;
  }

  /** The stencil over one region: the source's and the output's views of it, each with its ghost layers around. */
  private static void run(Step s, List<AxisRange> region) {
    int w = s.command().width();
    Block in = new Block(s.source().data().view(region), s.source().distribution(), s.rank(), w);
    Block out = new Block(s.out().data().view(region), s.out().distribution(), s.rank(), w);
    s.task().run(new EngineBlocks(s.engineId(), s.rank(), new long[] {s.command().source(), s.command().outInner()},
        List.of(in, out), new ProgressReports(0, s.engineId(), s.rank(), null, null)));
  }
}
