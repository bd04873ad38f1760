package org.distarray.arrays.dist;

/**
 * The part of a basic-index selection that one source rank holds, in two coordinate systems.
 *
 * <p>{@code globalIndices} has one axis per source axis (a dropped axis holds its single index) and is
 * ascending along every axis; {@code positions} has one axis per result axis and pairs up with
 * {@code globalIndices} element by element in C order (descending along an axis sliced with a negative step).
 *
 * @param sourceRank rank of the source distribution that holds the elements
 * @param globalIndices the elements as global indices of the source array
 * @param positions the same elements as indices of the result array
 */
public record SlicedPiece(int sourceRank, Piece globalIndices, Piece positions) {
  /** Number of elements. */
  public long size() {
    return globalIndices.size();
  }
}
