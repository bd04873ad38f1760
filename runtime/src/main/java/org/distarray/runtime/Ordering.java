package org.distarray.runtime;

import java.util.List;

/**
 * Sorting and order statistics of {@link DistArray}: NumPy's {@code sort}, {@code argsort(kind="stable")},
 * {@code unique}, {@code searchsorted}, {@code median}, {@code percentile} (method "linear") and {@code histogram}.
 * Real dtypes and bool; NaN sorts last, and a median or percentile over NaN is NaN, as in NumPy.
 */
public abstract sealed class Ordering extends Elementwise permits LinearAlgebra {
  Ordering() {}

  DistArray self() {
    return (DistArray) this;
  }

  DistContext context() {
    return self().ctx;
  }

  /** NumPy's {@code sort} along the last axis: a new array distributed like this one. */
  public DistArray sort() {
    return sort(-1);
  }

  /**
   * NumPy's {@code sort(axis)}: a new array of this dtype distributed like this one, NaN last. Along a distributed
   * axis the engines sort their blocks and exchange runs engine to engine (a sample sort with exact splitting).
   *
   * @throws org.distarray.arrays.DTypeException for complex arrays
   * @throws IllegalArgumentException for an axis out of range, naming it
   */
  public DistArray sort(int axis) {
    return Sorts.sort(context(), self(), axis, false);
  }

  /** NumPy's {@code argsort(kind="stable")} along the last axis. */
  public DistArray argsort() {
    return argsort(-1);
  }

  /**
   * NumPy's {@code argsort(axis, kind="stable")}: INT64 indices along the axis, distributed like this array; equal
   * values (-0.0 and 0.0 among them) keep their index order.
   */
  public DistArray argsort(int axis) {
    return Sorts.sort(context(), self(), axis, true);
  }

  /** NumPy's {@code unique}: the sorted distinct values of the flattened array, 1-D, one NaN at the end if any. */
  public DistArray unique() {
    return Uniques.unique(context(), self(), false).get(0);
  }

  /** NumPy's {@code unique(return_counts=True)}: the distinct values and how often each occurs (INT64). */
  public List<DistArray> uniqueCounts() {
    return Uniques.unique(context(), self(), true);
  }

  /**
   * NumPy's {@code searchsorted(this, values, side="left")}: for each value, how many elements of this sorted 1-D
   * array are smaller (NaN after every number); INT64, shaped and distributed like values.
   *
   * @throws org.distarray.arrays.ShapeMismatchException when this array is not 1-D
   */
  public DistArray searchsorted(DistArray values) {
    return SearchSorted.of(context(), self(), values);
  }

  /** NumPy's {@code median} of all elements (NaN when there is a NaN, as NumPy). */
  public double median() {
    return Quantiles.median(context(), self());
  }

  /** NumPy's {@code median(axis)}: FLOAT64, distributed over the other axes. */
  public DistArray median(int axis) {
    return Quantiles.median(context(), self(), axis);
  }

  /**
   * NumPy's {@code percentile(this, q)} with method "linear", exact: a distributed selection of the two elements
   * around the rank, no full sort.
   *
   * @throws IllegalArgumentException when q is outside [0, 100] or the array is empty
   */
  public double percentile(double q) {
    return Quantiles.percentile(context(), self(), q);
  }

  /** NumPy's {@code percentile(this, q, axis)}: FLOAT64, distributed over the other axes. */
  public DistArray percentile(double q, int axis) {
    return Quantiles.percentile(context(), self(), q, axis);
  }

  /**
   * NumPy's {@code histogram(this, bins, range=(min, max))[0]}: counts per bin of equal width, a value equal to max
   * in the last bin, values outside [min, max] (and NaN) not counted. Each engine's counts are added up the engines'
   * reduction tree.
   *
   * @throws IllegalArgumentException when bins is not positive or the range is not finite with min <= max
   */
  public long[] histogram(int bins, double min, double max) {
    return Histograms.of(context(), self(), bins, min, max);
  }
}
