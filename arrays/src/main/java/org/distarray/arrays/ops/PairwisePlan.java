package org.distarray.arrays.ops;

/**
 * NumPy's pairwise summation tree over n terms ({@link PairwiseWalk}'s splits) for a run of at most {@value #MAX}
 * terms, written out once as its leaves in order and, after each leaf, how many nodes it completes. A kernel sums
 * the leaves in a plain loop and folds each completed node's left half into the right half's sum on a small stack:
 *
 * <pre>{@code
 * PairwisePlan plan = PairwisePlan.of(n);
 * double[] stack = new double[PairwisePlan.DEPTH];
 * int top = 0;
 * for (int k = 0; k < plan.leaves(); k++) {
 *   double s = kernel(a, p + plan.start(k), plan.length(k));
 *   for (int j = plan.merges(k); j > 0; j--) {
 *     s = stack[--top] + s;
 *   }
 *   stack[top++] = s;
 * }
 * return stack[0];
 * }</pre>
 *
 * <p>The rows of an axis reduction share their length and so their plan. Summed this way rather than recursively,
 * rows of 4,096 doubles read memory about as fast as a plain loop (about 35 against 19 GB/s on one core of an AMD
 * EPYC). Plans are kept in a small table by length; a plan is immutable, so threads share it freely.
 */
final class PairwisePlan {
  /** The longest run planned; longer runs are walked ({@link PairwiseWalk}). */
  static final int MAX = PairwiseWalk.WALKED_ABOVE;
  /** More than the tree's depth for {@value #MAX} terms (a split leaves at most half a run plus eight terms). */
  static final int DEPTH = 16;
  private static final int SLOTS = 64;
  private static final PairwisePlan[] TABLE = new PairwisePlan[SLOTS];

  private final int n;
  private final int[] starts;
  private final int[] lengths;
  private final byte[] merges;

  private PairwisePlan(int n, int[] starts, int[] lengths, byte[] merges) {
    this.n = n;
    this.starts = starts;
    this.lengths = lengths;
    this.merges = merges;
  }

  /** The plan for runs of n terms, {@value PairwiseWalk#BLOCK} < n <= {@value #MAX}. */
  static PairwisePlan of(int n) {
    if (n <= PairwiseWalk.BLOCK || n > MAX) {
      throw new IllegalArgumentException("plans cover runs of " + (PairwiseWalk.BLOCK + 1) + " to " + MAX
          + " terms, not " + n);
    }
    int slot = n % SLOTS;
    PairwisePlan plan = TABLE[slot];
    if (plan == null || plan.n != n) {
      // a race only computes a plan twice: its fields are final, so any thread sees it whole
      plan = build(n);
      TABLE[slot] = plan;
    }
    return plan;
  }

  /** The number of leaves. */
  int leaves() {
    return starts.length;
  }

  /** Leaf k's first term. */
  int start(int k) {
    return starts[k];
  }

  /** Leaf k's number of terms: 64 to {@value PairwiseWalk#BLOCK}. */
  int length(int k) {
    return lengths[k];
  }

  /** The number of nodes whose last leaf is leaf k: how many left halves fold into the sum after it. */
  int merges(int k) {
    return merges[k];
  }

  private static PairwisePlan build(int n) {
    int count = count(n);
    int[] starts = new int[count];
    int[] lengths = new int[count];
    byte[] merges = new byte[count];
    int filled = fill(0, n, 0, starts, lengths, merges);
    assert filled == count;
    return new PairwisePlan(n, starts, lengths, merges);
  }

  private static int count(int n) {
    if (n <= PairwiseWalk.BLOCK) {
      return 1;
    }
    int half = split(n);
    return count(half) + count(n - half);
  }

  /** Writes the leaves of the run [from, from + n) from index k on; returns the index after its last leaf. */
  private static int fill(int from, int n, int k, int[] starts, int[] lengths, byte[] merges) {
    if (n <= PairwiseWalk.BLOCK) {
      starts[k] = from;
      lengths[k] = n;
      return k + 1;
    }
    int half = split(n);
    int next = fill(from, half, k, starts, lengths, merges);
    next = fill(from + half, n - half, next, starts, lengths, merges);
    merges[next - 1]++;
    return next;
  }

  /** NumPy's split: half the run, cut down to a multiple of eight. */
  private static int split(int n) {
    int half = n / 2;
    return half - half % 8;
  }
}
