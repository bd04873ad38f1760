package org.distarray.arrays.task;

/**
 * A value for every global index, evaluated on the engines to fill an array (NumPy's {@code fromfunction}).
 *
 * <p>Implement it as a record whose components are its parameters; it travels to the engines.
 * Example: {@code record Diagonal(double v) implements IndexFunction { public double apply(long[] i) { return
 * i[0] == i[1] ? v : 0; } }}.
 */
@FunctionalInterface
public interface IndexFunction {
  /** The value at a global index (one entry per axis). Must not keep or modify the index array. */
  double apply(long[] globalIndex);
}
