package org.distarray.runtime;

/** What lies outside a ghosted array, as NumPy's {@code pad} modes: 0, the other side, the nearest element. */
public enum Boundary {
  /** {@code np.pad(mode="constant")}: 0 outside the array. */
  ZERO,
  /** {@code np.pad(mode="wrap")}: the array repeats, the last layers before the first. */
  PERIODIC,
  /** {@code np.pad(mode="edge")}: the nearest element of the array. */
  EDGE
}
