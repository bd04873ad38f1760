package org.distarray.actors.coordinator;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.distarray.arrays.AxisRange;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.dist.DistributionException;
import org.distarray.arrays.dist.HaloPlan;
import org.distarray.arrays.dist.Piece;
import org.distarray.arrays.dist.SlicePlan;
import org.distarray.arrays.dist.TransferPlan;
import org.distarray.actors.coordinator.Catalog.Entry;
import org.distarray.actors.coordinator.Requests.Pending;
import org.distarray.actors.engine.Engine;

/**
 * The coordinator's commands for arrays that are views of other arrays' blocks, and for ghost cells: {@link
 * Coordinator.SliceArray} (a view where the selection forms a distribution, else a compact copy), {@link
 * Coordinator.TransposeArray}, {@link Coordinator.InnerArray} (a view of part of every block), {@link
 * Coordinator.UpdateGhosts} (one round of copies engine to engine, {@link HaloPlan#of}) and {@link
 * Coordinator.StencilStep} (the same round, and one command per engine that computes while the slabs travel). Runs on
 * the coordinator's thread, with its catalog and requests.
 */
final class ViewCommands {
  private final Coordinator c;

  ViewCommands(Coordinator c) {
    this.c = c;
  }

  void sliceArray(Coordinator.SliceArray m) {
    try {
      Entry a = c.entry(m.source());
      SlicePlan plan = SlicePlan.of(a.distribution(), m.ranges());
      java.util.Optional<Distribution> view = plan.resultDistribution();
      if (view.isPresent() && plan.resultShape().size() > 0) {
        Distribution d = view.get();
        long id = c.newArrayId();
        c.dispatch(d, p -> c.finishArray(p, id, new Entry(d, a.dtype()), 0, m.replyTo(), true),
            (req, engine, rank) -> new Engine.MakeView(req, m.source(), id, d, plan.view(rank).localRanges(), null, 0,
                c.engineReplies));
        c.catalog.claim(id, m.replyTo());
      } else {
        Shape shape = plan.resultShape();
        Distribution d = Distribution.of(shape, shape.ndim() == 0 ? "" : "b", c.engines.idArray());
        c.moveBlocks(m.source(), a, d, TransferPlan.fromSlice(plan, d), m.replyTo());
      }
    } catch (RuntimeException e) {
      m.replyTo().tell(new Coordinator.ArrayReply(0, null, null, Coordinator.errorOf(e)));
    }
  }

  void transposeArray(Coordinator.TransposeArray m) {
    try {
      Entry a = c.entry(m.source());
      int[] perm = Distribution.normalizePermutation(m.axes(), a.distribution().ndim());
      Distribution d = a.distribution().transpose(perm);
      long id = c.newArrayId();
      c.dispatch(d, p -> c.finishArray(p, id, new Entry(d, a.dtype()), 0, m.replyTo(), true),
          (req, engine, rank) -> new Engine.MakeView(req, m.source(), id, d, null, perm, 0, c.engineReplies));
      c.catalog.claim(id, m.replyTo());
    } catch (RuntimeException e) {
      m.replyTo().tell(new Coordinator.ArrayReply(0, null, null, Coordinator.errorOf(e)));
    }
  }

  void innerArray(Coordinator.InnerArray m) {
    try {
      Entry a = c.entry(m.source());
      Distribution src = a.distribution();
      Distribution d = m.distribution();
      int nd = d.ndim();
      if (src.ndim() != nd || m.offsets().length != nd || !java.util.Arrays.equals(src.targets(), d.targets())
          || !java.util.Arrays.equals(src.gridShape(), d.gridShape())) {
        throw new DistributionException("an inner array needs the source's engines and grid and one offset per axis: "
            + "source " + src + ", inner " + d + ", offsets " + java.util.Arrays.toString(m.offsets()));
      }
      List<List<AxisRange>> ranges = new ArrayList<>();
      for (int rank = 0; rank < d.ranks(); rank++) {
        long[] inner = d.localShape(rank).dims();
        long[] outer = src.localShape(rank).dims();
        List<AxisRange> r = new ArrayList<>();
        for (int k = 0; k < nd; k++) {
          if (m.offsets()[k] < 0 || m.offsets()[k] + inner[k] > outer[k]) {
            throw new DistributionException("inner block of " + inner[k] + " elements from " + m.offsets()[k]
                + " along axis " + k + " at rank " + rank + " does not fit the source's block of " + outer[k]);
          }
          r.add(new AxisRange(m.offsets()[k], 1, inner[k], false));
        }
        ranges.add(r);
      }
      Entry e = new Entry(d, a.dtype());
      long id = c.newArrayId();
      c.dispatch(d, p -> c.finishArray(p, id, e, e.blockBytes(), m.replyTo(), false),
          (req, engine, rank) -> new Engine.MakeView(req, m.source(), id, d, ranges.get(rank), null,
              m.ghosts(), c.engineReplies));
      c.catalog.claim(id, m.replyTo());
    } catch (RuntimeException e) {
      m.replyTo().tell(new Coordinator.ArrayReply(0, null, null, Coordinator.errorOf(e)));
    }
  }

  void updateGhosts(Coordinator.UpdateGhosts m) {
    try {
      Entry a = c.entry(m.padded());
      Distribution d = a.distribution();
      HaloPlan plan = HaloPlan.of(d, m.width(), m.edge());
      long req = c.requests.nextId();
      int receivers = 0;
      for (int rank = 0; rank < d.ranks(); rank++) {
        receivers += plan.elements(rank) > 0 ? 1 : 0;
      }
      Pending p = c.requests.open(req, new Pending(d.ranks() + receivers + plan.fills().size(),
          done -> m.replyTo().tell(new Coordinator.ArrayReply(m.padded(), d, a.dtype(), done.error))));
      for (int rank = 0; rank < d.ranks(); rank++) {
        if (plan.elements(rank) > 0) {
          c.send(p, d.target(rank), new Engine.ReceiveInto(req, m.padded(), plan.elements(rank), c.engineReplies));
        }
      }
      for (HaloPlan.Fill f : plan.fills()) {
        c.send(p, d.target(f.rank()), new Engine.FillPiece(req, m.padded(), f.local(), 0.0, c.engineReplies));
      }
      List<List<Engine.Outgoing>> out = MoveCommands.outgoingPerSourceRank(d);
      for (HaloPlan.Move mv : plan.moves()) {
        out.get(mv.sourceRank()).add(c.outgoing(d.target(mv.targetRank()), mv.sourceLocal(), mv.targetLocal(),
            mv.shapeAtTarget()));
      }
      for (int rank = 0; rank < d.ranks(); rank++) {
        c.send(p, d.target(rank), new Engine.SendPieces(req, m.padded(), m.padded(), out.get(rank), c.engineReplies));
      }
    } catch (RuntimeException e) {
      m.replyTo().tell(new Coordinator.ArrayReply(0, null, null, Coordinator.errorOf(e)));
    }
  }

  void stencilStep(Coordinator.StencilStep m) {
    try {
      Entry in = c.entry(m.inner());
      Entry pad = c.entry(m.padded());
      Distribution pd = pad.distribution();
      HaloPlan plan = HaloPlan.of(pd, m.width(), m.edge());
      long outPadded = c.newArrayId();
      long outInner = c.newArrayId();
      Entry padEntry = new Entry(pd, pad.dtype());
      Entry innerEntry = new Entry(in.distribution(), in.dtype());
      long req = c.requests.nextId();
      Pending p = c.requests.open(req, new Pending(2 * pd.ranks(),
          done -> finishStencil(done, outPadded, padEntry, outInner, innerEntry, m.replyTo())));
      List<List<Engine.Outgoing>> out = MoveCommands.outgoingPerSourceRank(pd);
      for (HaloPlan.Move mv : plan.moves()) {
        out.get(mv.sourceRank()).add(c.outgoing(pd.target(mv.targetRank()), mv.sourceLocal(), mv.targetLocal(),
            mv.shapeAtTarget()));
      }
      List<List<org.distarray.arrays.dist.Piece>> fills = new ArrayList<>();
      for (int rank = 0; rank < pd.ranks(); rank++) {
        fills.add(new ArrayList<>());
      }
      for (HaloPlan.Fill f : plan.fills()) {
        fills.get(f.rank()).add(f.local());
      }
      for (int rank = 0; rank < pd.ranks(); rank++) { // the slabs leave first, then the engine computes
        c.send(p, pd.target(rank), new Engine.SendPieces(req, m.padded(), m.padded(), out.get(rank), c.engineReplies));
        c.send(p, pd.target(rank), new Engine.StencilStep(req, m.inner(), m.padded(), outPadded, outInner, pd,
            in.distribution(), m.width(), m.task(), plan.elements(rank), fills.get(rank), c.engineReplies));
      }
      c.catalog.claim(outPadded, m.replyTo());
      c.catalog.claim(outInner, m.replyTo());
    } catch (RuntimeException e) {
      m.replyTo().tell(new Coordinator.StencilReply(null, null, Coordinator.errorOf(e)));
    }
  }

  /** Registers a stencil step's two new arrays and answers; frees them when an engine failed or the client left. */
  private void finishStencil(Pending p, long padded, Entry pad, long inner, Entry in, ActorRef<Coordinator.StencilReply> to) {
    if (p.error != null) {
      c.catalog.abandon(padded);
      c.catalog.abandon(inner);
      c.freeOnEngines(inner, in.distribution());
      c.freeOnEngines(padded, pad.distribution());
      to.tell(new Coordinator.StencilReply(null, null, p.error));
    } else if (!c.catalog.register(padded, pad, pad.blockBytes()) | !c.catalog.register(inner, in, 0)) {
      c.freeUnowned(inner, in.distribution(), to);
      c.freeUnowned(padded, pad.distribution(), to);
    } else {
      to.tell(new Coordinator.StencilReply(new Coordinator.ArrayReply(padded, pad.distribution(), pad.dtype(), null),
          new Coordinator.ArrayReply(inner, in.distribution(), in.dtype(), null), null));
    }
  }
}
