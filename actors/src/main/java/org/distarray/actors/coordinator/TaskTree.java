package org.distarray.actors.coordinator;

/**
 * The binomial tree a combined task's results climb: rank r's parent is r with its lowest set bit cleared, and its
 * children are r + 2^j for every 2^j below that bit (every 2^j for rank 0) that is a rank. Child r + 2^j brings
 * the ranks [r + 2^j, r + 2^(j+1)), so folding the children in rank order keeps the ranks in order; the depth is
 * log2 of the rank count.
 */
final class TaskTree {
  private TaskTree() {}

  /** How many children rank waits for among ranks ranks. */
  static int children(int rank, int ranks) {
    int below = rank == 0 ? Integer.MAX_VALUE : Integer.lowestOneBit(rank);
    int count = 0;
    for (long step = 1; step < below && rank + step < ranks; step <<= 1) {
      count++;
    }
    return count;
  }
}
