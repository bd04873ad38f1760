package org.distarray.arrays.dist;

/** The {@code 'n'} axis map: the axis is not distributed; see {@link AxisMap#none()}. */
public record NoneMap() implements AxisMap {
  static final NoneMap INSTANCE = new NoneMap();

  @Override
  public char distType() {
    return 'n';
  }

  @Override
  public String toString() {
    return "none()";
  }
}
