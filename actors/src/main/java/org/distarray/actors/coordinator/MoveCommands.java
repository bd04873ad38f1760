package org.distarray.actors.coordinator;

import java.util.ArrayList;
import java.util.List;
import org.distarray.actors.Fill;
import org.distarray.actors.coordinator.Catalog.Entry;
import org.distarray.actors.engine.Engine;
import org.distarray.arrays.Shape;
import org.distarray.arrays.ShapeMismatchException;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.dist.DistributionException;
import org.distarray.arrays.dist.IndexRuns;
import org.distarray.arrays.dist.Piece;
import org.distarray.arrays.dist.ReshapePlan;

/**
 * The coordinator's commands that move elements to new positions (not only to new engines): {@link
 * Coordinator.Reshape} (C order kept, shape changed) and {@link Coordinator.MoveRuns} (runs of 1-D blocks to given
 * places, a sort's all-to-all exchange). Runs on the coordinator's thread, with its catalog and requests.
 */
final class MoveCommands {
  private final Coordinator c;

  MoveCommands(Coordinator c) {
    this.c = c;
  }

  void reshape(Coordinator.Reshape m) {
    try {
      Entry a = c.entry(m.source());
      Shape shape = Shape.of(m.shape());
      if (shape.size() != a.distribution().shape().size()) {
        throw new ShapeMismatchException("cannot reshape array of size " + a.distribution().shape().size()
            + " into shape " + shape);
      }
      Distribution dst = ReshapePlan.rows(shape, a.distribution().targets());
      if (shape.size() == 0) {
        long id = c.newArrayId();
        c.dispatch(dst, p -> c.finishArray(p, id, dst, a.dtype(), m.replyTo()),
            (req, engine, rank) -> new Engine.Create(req, id, dst, a.dtype(), new Fill.Empty(), c.engineReplies));
        c.catalog.claim(id, m.replyTo());
        return;
      }
      if (ReshapePlan.isRowLayout(a.distribution())) {
        c.movePlanned(m.source(), a, dst, true, m.replyTo());
        return;
      }
      List<List<Engine.Outgoing>> out = MoveCommands.outgoingPerSourceRank(a.distribution());
      for (ReshapePlan.Move mv : ReshapePlan.moves(a.distribution(), dst)) {
        out.get(mv.sourceRank()).add(c.outgoing(dst.target(mv.targetRank()), mv.sourceLocal(), mv.targetFlat(),
            null));
      }
      c.fillNewArray(m.source(), a, dst, rank -> null, out, m.replyTo());
    } catch (RuntimeException e) {
      m.replyTo().tell(new Coordinator.ArrayReply(0, null, null, Coordinator.errorOf(e)));
    }
  }

  void moveRuns(Coordinator.MoveRuns m) {
    try {
      Entry a = c.entry(m.source());
      Distribution src = a.distribution();
      Distribution dst = m.target();
      long[] runs = m.runs();
      if (src.ndim() != 1 || dst.ndim() != 1 || runs.length % 5 != 0) {
        throw new DistributionException("runs move between 1-D arrays, five numbers a run: source " + src
            + ", target " + dst + ", " + runs.length + " numbers");
      }
      long[] written = new long[dst.ranks()];
      List<List<Engine.Outgoing>> out = MoveCommands.outgoingPerSourceRank(src);
      for (int k = 0; k < runs.length; k += 5) {
        int from = (int) runs[k];
        int to = (int) runs[k + 2];
        long start = runs[k + 1];
        long at = runs[k + 3];
        long length = runs[k + 4];
        if (from < 0 || from >= src.ranks() || to < 0 || to >= dst.ranks() || length <= 0 || start < 0 || at < 0
            || start + length > src.localSize(from) || at + length > dst.localSize(to)) {
          throw new DistributionException("run " + k / 5 + " (rank " + from + " [" + start + ", +" + length
              + ") to rank " + to + " at " + at + ") is outside the blocks of " + src + " and " + dst);
        }
        written[to] += length;
        out.get(from).add(c.outgoing(dst.target(to), Piece.of(IndexRuns.range(start, start + length)),
            Piece.of(IndexRuns.range(at, at + length)), null));
      }
      for (int r = 0; r < dst.ranks(); r++) {
        if (written[r] != dst.localSize(r)) {
          throw new DistributionException("the runs write " + written[r] + " elements of rank " + r + "'s block of "
              + dst + ", which has " + dst.localSize(r));
        }
      }
      c.fillNewArray(m.source(), a, dst, rank -> null, out, m.replyTo());
    } catch (RuntimeException e) {
      m.replyTo().tell(new Coordinator.ArrayReply(0, null, null, Coordinator.errorOf(e)));
    }
  }

  /** One empty list of outgoing pieces per rank of src. */
  static List<List<Engine.Outgoing>> outgoingPerSourceRank(Distribution src) {
    List<List<Engine.Outgoing>> out = new ArrayList<>();
    for (int rank = 0; rank < src.ranks(); rank++) {
      out.add(new ArrayList<>());
    }
    return out;
  }
}
