package org.distarray.arrays;

/**
 * The positions one axis of a basic index selects: {@code start, start + step, ..., } {@code count} of them.
 *
 * <p>Normalised: {@code start} is a valid position when {@code count > 0}, {@code step != 0} (negative steps
 * walk backwards), and {@code count >= 0}. {@code dropped} marks an integer index (count 1) whose axis does
 * not appear in the result, as NumPy drops the axis of {@code a[2]}.
 */
public record AxisRange(long start, long step, long count, boolean dropped) {
  public AxisRange {
    if (step == 0) {
      throw new IllegalArgumentException("slice step cannot be zero");
    }
    if (count < 0) {
      throw new IllegalArgumentException("negative count " + count + " in axis range");
    }
    if (dropped && count != 1) {
      throw new IllegalArgumentException("a dropped axis selects one position, not " + count);
    }
  }

  /** The whole axis of length n, kept. */
  public static AxisRange all(long n) {
    return new AxisRange(0, 1, n, false);
  }

  /** The i-th selected position, {@code start + i * step}. */
  public long position(long i) {
    return start + i * step;
  }
}
