package org.distarray.actors.engine;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.distarray.actors.transport.Wire;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.dist.Piece;
import org.distarray.arrays.dist.PieceCopy;
import org.distarray.arrays.dist.ReshapePlan;
import org.distarray.arrays.dist.Transfer;
import org.distarray.arrays.dist.TransferPlan;

/**
 * A sending engine's side of a move it plans itself ({@link Engine.SendPlanned}): its own transfers, from the two
 * distributions alone; pieces for engines of this node written straight into their landings, the others returned
 * to go in chunks.
 */
final class PlannedMoves {
  private PlannedMoves() {}

  /**
   * Plans and does engine's part of move m from its block of the source: returns the pieces for engines of other
   * nodes. The bytes copied straight into other engines' blocks of this JVM are counted into sent.
   *
   * @throws IllegalStateException when a receiving engine is not among peers
   */
  static List<Engine.Outgoing> send(Engine.SendPlanned m, Block source, int engine,
      Engine.Peers peers, Landings landings, ActorRef<Engine.Command> self, java.util.function.LongConsumer sent) {
    NdArray whole = source.data();
    Distribution result = m.resultDistribution();
    Distribution from = m.flat() ? ReshapePlan.flat(m.sourceDistribution()) : m.sourceDistribution();
    Distribution to = m.flat() ? ReshapePlan.flat(result) : result;
    int rank = m.sourceDistribution().rankOfEngine(engine);
    if (rank < 0) {
      throw new IllegalStateException("engine " + engine + " is not a target of " + m.sourceDistribution());
    }
    List<Transfer> transfers = TransferPlan.fromRank(from, to, rank);
    List<Engine.Outgoing> remote = new ArrayList<>();
    NdArray block = null;
    for (Transfer t : transfers) {
      int targetEngine = to.target(t.targetRank());
      ActorRef<Engine.Command> target = targetEngine == engine ? self : peers.ref(targetEngine);
      if (target == null) {
        throw new IllegalStateException("engine " + engine + " does not know engine " + targetEngine
            + ", a target of " + to);
      }
      Piece src = t.piece().toLocal(from, rank);
      Piece dst = t.piece().toLocal(to, t.targetRank());
      if (block == null) {
        block = Transfers.addressed(whole, src);
      }
      if (Wire.isRemote(target)) {
        remote.add(new Engine.Outgoing(target, src, dst));
        continue;
      }
      int resultRank = t.targetRank(); // to is the result's distribution or its flat form, of the same ranks
      Landings.Landing landing = landings.landing(m.requestId(), targetEngine, result.localSize(resultRank),
          () -> NdArray.zeros(whole.dtype(), result.localShape(resultRank).dims()));
      if (landing == null) {
        continue; // the receiver gave the request up
      }
      PieceCopy.copy(block, src, Transfers.addressed(landing.block, dst), dst);
      if (targetEngine != engine) {
        sent.accept(t.size() * whole.dtype().itemSize());
      }
      if (landing.add(t.size())) {
        target.tell(new Engine.Landed(m.requestId()));
      }
    }
    return remote;
  }
}
