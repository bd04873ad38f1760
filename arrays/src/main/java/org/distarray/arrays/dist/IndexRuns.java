package org.distarray.arrays.dist;

import java.util.Arrays;

/**
 * An ordered sequence of indices along one axis, stored compactly as strided runs {@code (start, step, count)}.
 *
 * <p>A run stands for {@code start, start + step, ..., start + (count - 1) * step}; steps may be negative. The
 * indices a process owns along an axis take one run for a block, one run for a cyclic map, one run per owned
 * block for a block-cyclic map, and a few runs per process for unstructured lists; so sets of indices cost
 * O(runs), not O(elements). Equal by run list (two run lists for the same indices may differ; compare
 * {@link #toArray()} for element equality). Immutable.
 *
 * <p>Example: the indices a cyclic map gives coordinate 1 of 3 along an axis of length 10 are
 * {@code IndexRuns.of(1, 3, 3)}, that is 1, 4, 7; printed {@code [1:10:3]} in NumPy slice notation.
 */
public final class IndexRuns {
  private static final IndexRuns EMPTY = new IndexRuns(new long[0], new long[0], new long[0], 0);

  private final long[] starts;
  private final long[] steps;
  private final long[] counts;
  private final int runs;
  private final long size;

  private IndexRuns(long[] starts, long[] steps, long[] counts, int runs) {
    this.starts = starts;
    this.steps = steps;
    this.counts = counts;
    this.runs = runs;
    long n = 0;
    for (int i = 0; i < runs; i++) {
      n += counts[i];
    }
    this.size = n;
  }

  /** Receives one run at a time from {@link #forEachRun(RunConsumer)}. */
  @FunctionalInterface
  public interface RunConsumer {
    /** Accepts the run {@code start, start + step, ..., start + (count - 1) * step}. */
    void accept(long start, long step, long count);
  }

  /** No indices. */
  public static IndexRuns empty() {
    return EMPTY;
  }

  /**
   * The single run {@code start, start + step, ..., start + (count - 1) * step}.
   *
   * @throws IllegalArgumentException when {@code count < 0}, or {@code step == 0} with {@code count > 1}
   */
  public static IndexRuns of(long start, long step, long count) {
    if (count < 0 || (step == 0 && count > 1)) {
      throw new IllegalArgumentException("invalid run start " + start + " step " + step + " count " + count);
    }
    return count == 0 ? EMPTY : one(start, count == 1 ? 1 : step, count);
  }

  private static IndexRuns one(long start, long step, long count) {
    return new IndexRuns(new long[] {start}, new long[] {step}, new long[] {count}, 1);
  }

  /** The indices {@code start} up to but excluding {@code stop}, step 1 (empty when {@code stop <= start}). */
  public static IndexRuns range(long start, long stop) {
    return stop <= start ? EMPTY : of(start, 1, stop - start);
  }

  /** These indices in this order, compressed greedily into runs (copied). */
  public static IndexRuns ofIndices(long... indices) {
    Builder b = new Builder();
    for (long i : indices) {
      b.add(i);
    }
    return b.build();
  }

  /** Number of indices. */
  public long size() {
    return size;
  }

  /** True when there are no indices. */
  public boolean isEmpty() {
    return size == 0;
  }

  /** Number of runs. */
  public int runs() {
    return runs;
  }

  /** First index of run {@code r}. */
  public long runStart(int r) {
    return starts[checkRun(r)];
  }

  /** Step of run {@code r} (1 for a run of one index). */
  public long runStep(int r) {
    return steps[checkRun(r)];
  }

  /** Number of indices in run {@code r} (at least 1). */
  public long runLength(int r) {
    return counts[checkRun(r)];
  }

  /** Last index of run {@code r}. */
  public long runLast(int r) {
    checkRun(r);
    return starts[r] + (counts[r] - 1) * steps[r];
  }

  /** The first index of the sequence. @throws IllegalStateException when empty */
  public long first() {
    if (runs == 0) {
      throw new IllegalStateException("no first index of an empty IndexRuns");
    }
    return starts[0];
  }

  /** The last index of the sequence. @throws IllegalStateException when empty */
  public long last() {
    if (runs == 0) {
      throw new IllegalStateException("no last index of an empty IndexRuns");
    }
    return runLast(runs - 1);
  }

  /** Calls {@code action} once per run, in order; no boxing. */
  public void forEachRun(RunConsumer action) {
    for (int r = 0; r < runs; r++) {
      action.accept(starts[r], steps[r], counts[r]);
    }
  }

  /** The indices in order as a new array. @throws ArithmeticException when more than fit in an array */
  public long[] toArray() {
    long[] out = new long[Math.toIntExact(size)];
    int k = 0;
    for (int r = 0; r < runs; r++) {
      long v = starts[r];
      long st = steps[r];
      for (long c = counts[r]; c > 0; c--) {
        out[k++] = v;
        v += st;
      }
    }
    return out;
  }

  /** True when the indices strictly increase, as every set of owned indices does. */
  public boolean isAscending() {
    for (int r = 0; r < runs; r++) {
      if (steps[r] <= 0 || (r > 0 && starts[r] <= runLast(r - 1))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The arithmetic progression these indices form, as {@code {start, step, count}}, or null when they form
   * none; a sequence of 0 or 1 indices has step 1.
   */
  public long[] asProgression() {
    if (runs == 0) {
      return new long[] {0, 1, 0};
    }
    long step = size == 1 ? 1 : counts[0] > 1 ? steps[0] : starts[1] - starts[0];
    if (step == 0) {
      return null;
    }
    long expected = starts[0];
    for (int r = 0; r < runs; r++) {
      if (starts[r] != expected || (counts[r] > 1 && steps[r] != step)) {
        return null;
      }
      expected = starts[r] + counts[r] * step;
    }
    return new long[] {starts[0], step, size};
  }

  /** The same indices in reverse order. */
  public IndexRuns reversed() {
    Builder b = new Builder();
    for (int r = runs - 1; r >= 0; r--) {
      b.addRun(runLast(r), -steps[r], counts[r]);
    }
    return b.build();
  }

  /**
   * The indices in both sequences, ascending; both must be ascending (as owned sets are).
   *
   * <p>Cost O(runs of this + runs of other): runs are swept like sorted intervals and each overlapping pair is
   * intersected as two arithmetic progressions (Chinese remainder theorem).
   *
   * @throws IllegalArgumentException when either sequence is not ascending
   */
  public IndexRuns intersect(IndexRuns other) {
    if (!isAscending() || !other.isAscending()) {
      throw new IllegalArgumentException("intersect needs ascending indices, got " + this + " and " + other);
    }
    Builder out = new Builder();
    int i = 0;
    int j = 0;
    while (i < runs && j < other.runs) {
      long lastA = runLast(i);
      long lastB = other.runLast(j);
      if (lastA < other.starts[j]) {
        i++;
      } else if (lastB < starts[i]) {
        j++;
      } else {
        Progressions.intersect(starts[i], steps[i], lastA, other.starts[j], other.steps[j], lastB, out);
        if (lastA <= lastB) {
          i++;
        }
        if (lastB <= lastA) {
          j++;
        }
      }
    }
    return out.build();
  }

  private int checkRun(int r) {
    if (r < 0 || r >= runs) {
      throw new IndexOutOfBoundsException("run " + r + " of " + runs);
    }
    return r;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IndexRuns x && runs == x.runs
        && Arrays.equals(starts, 0, runs, x.starts, 0, runs)
        && Arrays.equals(steps, 0, runs, x.steps, 0, runs)
        && Arrays.equals(counts, 0, runs, x.counts, 0, runs);
  }

  @Override
  public int hashCode() {
    int h = 1;
    for (int r = 0; r < runs; r++) {
      h = 31 * (31 * (31 * h + Long.hashCode(starts[r])) + Long.hashCode(steps[r])) + Long.hashCode(counts[r]);
    }
    return h;
  }

  /** Runs in NumPy slice notation {@code start:stop[:step]}, for example {@code [0:4, 8:14:2]}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("[");
    for (int r = 0; r < runs; r++) {
      if (r > 0) {
        sb.append(", ");
      }
      sb.append(starts[r]).append(':').append(starts[r] + counts[r] * steps[r]);
      if (steps[r] != 1) {
        sb.append(':').append(steps[r]);
      }
    }
    return sb.append(']').toString();
  }

  /**
   * Collects indices and runs in order into an {@link IndexRuns}, merging each addition into the current run
   * when it continues it.
   */
  public static final class Builder {
    /** Finished runs, made at the second run (most sequences built are one run: no arrays for them). */
    private long[] starts;
    private long[] steps;
    private long[] counts;
    private int runs;
    private long curStart;
    private long curStep = 1;
    private long curCount;

    /** Appends one index. */
    public Builder add(long index) {
      if (curCount == 0) {
        curStart = index;
        curStep = 1;
        curCount = 1;
      } else if (curCount == 1 && index != curStart) {
        curStep = index - curStart;
        curCount = 2;
      } else if (curCount > 1 && index == curStart + curCount * curStep) {
        curCount++;
      } else {
        flush();
        curStart = index;
        curStep = 1;
        curCount = 1;
      }
      return this;
    }

    /**
     * Appends the run {@code start, start + step, ..., start + (count - 1) * step}; a count of 0 adds nothing.
     *
     * @throws IllegalArgumentException when {@code count < 0}, or {@code step == 0} with {@code count > 1}
     */
    public Builder addRun(long start, long step, long count) {
      if (count < 0 || (step == 0 && count > 1)) {
        throw new IllegalArgumentException("invalid run start " + start + " step " + step + " count " + count);
      }
      if (count == 0) {
        return this;
      }
      if (count == 1) {
        return add(start);
      }
      if (curCount == 1 && start - curStart == step) {
        curStep = step;
        curCount = count + 1;
      } else if (curCount > 1 && step == curStep && start == curStart + curCount * curStep) {
        curCount += count;
      } else {
        flush();
        curStart = start;
        curStep = step;
        curCount = count;
      }
      return this;
    }

    private void flush() {
      if (curCount == 0) {
        return;
      }
      if (starts == null) {
        starts = new long[4];
        steps = new long[4];
        counts = new long[4];
      } else if (runs == starts.length) {
        int n = runs * 2;
        starts = Arrays.copyOf(starts, n);
        steps = Arrays.copyOf(steps, n);
        counts = Arrays.copyOf(counts, n);
      }
      starts[runs] = curStart;
      steps[runs] = curCount == 1 ? 1 : curStep;
      counts[runs] = curCount;
      runs++;
      curCount = 0;
    }

    /** The runs added so far; the builder may go on being used. */
    public IndexRuns build() {
      if (runs == 0) {
        return curCount == 0 ? EMPTY : one(curStart, curCount == 1 ? 1 : curStep, curCount);
      }
      flush();
      return new IndexRuns(Arrays.copyOf(starts, runs), Arrays.copyOf(steps, runs), Arrays.copyOf(counts, runs),
          runs);
    }
  }
}
