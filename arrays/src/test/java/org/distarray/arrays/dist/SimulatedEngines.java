package org.distarray.arrays.dist;

import org.distarray.arrays.NdArray;

/**
 * Applies slice plans to blocks in one process the way the engines of the {@code actors} module do, so that plan
 * tests can compare the assembled result with the slice of the whole array.
 *
 * <p>The rules copied here: a view result is the source block viewed through {@link BlockView#localRanges()}
 * ({@code Engine.onMakeView}); a copy result receives every transfer of {@link TransferPlan#fromSlice} into a new
 * C-order block, either straight from block to block when both ranks are on one engine
 * ({@link PieceCopy#copy}), or cut into chunks of rows of the source piece that are extracted, sent and inserted
 * ({@code Transfers.startSending} and {@code write}); a piece of one axis addresses its block flattened to one
 * axis, and a target piece of another number of axes than the source piece is cut by flat C-order positions.
 */
final class SimulatedEngines {
  private SimulatedEngines() {}

  /** How a transfer reaches its target block. */
  enum Route {
    /** Source and target rank on one engine: one piece-to-piece copy. */
    SAME_ENGINE,
    /** Different engines: chunks of rows of the source piece, each extracted and inserted. */
    MESSAGES
  }

  /**
   * The selection of {@code plan} copied into a new array distributed by target and assembled whole, every
   * transfer taking {@code route}, {@code chunkRows} rows of the source piece per message.
   *
   * @param whole Not modified; the array {@code plan.source()} distributes.
   */
  static NdArray copy(NdArray whole, SlicePlan plan, Distribution target, Route route, int chunkRows) {
    Distribution source = plan.source();
    TransferPlan transfers = TransferPlan.fromSlice(plan, target);
    NdArray[] blocks = new NdArray[target.ranks()];
    for (int r = 0; r < blocks.length; r++) {
      blocks[r] = NdArray.zeros(whole.dtype(), target.localShape(r).dims());
    }
    for (Transfer t : transfers.transfers()) {
      Piece src = transfers.sourceLocal(t);
      Piece dst = transfers.targetLocal(t);
      NdArray from = addressed(BlockCopy.fromGlobal(whole, source, t.sourceRank()), src);
      NdArray to = addressed(blocks[t.targetRank()], dst);
      if (route == Route.SAME_ENGINE) {
        PieceCopy.copy(from, src, to, dst);
      } else {
        sendInChunks(from, src, to, dst, chunkRows);
      }
    }
    return assemble(blocks, target, whole);
  }

  /**
   * The selection of {@code plan} as views of the source blocks, assembled whole.
   *
   * @throws java.util.NoSuchElementException when the plan has no view distribution
   */
  static NdArray view(NdArray whole, SlicePlan plan) {
    Distribution result = plan.resultDistribution().orElseThrow();
    NdArray[] blocks = new NdArray[result.ranks()];
    for (int r = 0; r < blocks.length; r++) {
      BlockView v = plan.view(r);
      blocks[r] = BlockCopy.fromGlobal(whole, plan.source(), v.sourceRank()).view(v.localRanges());
    }
    return assemble(blocks, result, whole);
  }

  private static void sendInChunks(NdArray from, Piece src, NdArray to, Piece dst, int chunkRows) {
    if (src.ndim() == 0) {
      PieceCopy.insert(to, dst, PieceCopy.extract(from, src));
      return;
    }
    long rows = src.shape()[0];
    long perRow = src.size() / rows;
    for (long lo = 0; lo < rows; lo += chunkRows) {
      long hi = Math.min(rows, lo + chunkRows);
      Piece part = PieceCopy.rows(src, lo, hi);
      Piece target = dst.ndim() == src.ndim() ? PieceCopy.rows(dst, lo, hi)
          : PieceCopy.positions(dst, lo * perRow, hi * perRow);
      NdArray data = NdArray.zeros(from.dtype(), part.shape());
      PieceCopy.extractInto(from, part, data);
      PieceCopy.insert(addressed(to, target), target, data);
    }
  }

  /** The block as the piece addresses it: flattened in C order for a one-axis piece of a block of more axes. */
  private static NdArray addressed(NdArray block, Piece piece) {
    return piece.ndim() == 1 && block.ndim() != 1 ? block.reshape(-1) : block;
  }

  private static NdArray assemble(NdArray[] blocks, Distribution d, NdArray like) {
    NdArray out = NdArray.zeros(like.dtype(), d.shape().dims());
    for (int r = 0; r < blocks.length; r++) {
      BlockCopy.toGlobal(blocks[r], d, r, out);
    }
    return out;
  }
}
