package org.distarray.arrays.dist;

/** The {@code 'b'} axis map with balanced blocks like {@code numpy.array_split}; see {@link AxisMap#block()}. */
public record BlockMap() implements AxisMap {
  static final BlockMap INSTANCE = new BlockMap();

  @Override
  public char distType() {
    return 'b';
  }

  @Override
  public String toString() {
    return "block()";
  }
}
