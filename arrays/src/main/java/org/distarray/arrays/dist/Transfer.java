package org.distarray.arrays.dist;

/**
 * One message of a {@link TransferPlan}: the elements of {@code piece} go from the block of
 * {@code sourceRank} to the block of {@code targetRank}.
 *
 * @param sourceRank rank in the source distribution (or the sliced distribution of a slice copy)
 * @param targetRank rank in the target distribution
 * @param piece global indices in the target array's coordinates, ascending along every axis; never empty
 */
public record Transfer(int sourceRank, int targetRank, Piece piece) {
  public Transfer {
    if (piece == null || piece.isEmpty()) {
      throw new IllegalArgumentException("a transfer from rank " + sourceRank + " to rank " + targetRank
          + " needs a non-empty piece, got " + piece);
    }
  }

  /** Number of elements moved. */
  public long size() {
    return piece.size();
  }
}
