package org.distarray.conformance;

import java.util.Arrays;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.Distribution;

/**
 * One distribution of the conformance matrix and the number of engines of the context it runs on.
 *
 * @param kind a short name of the distribution kind, for example {@code "block-cyclic grid"}
 * @param engines engines of the context (at least every target + 1)
 * @param distribution the distribution under test
 */
record DistCase(String kind, int engines, Distribution distribution) {

  Shape shape() {
    return distribution.shape();
  }

  /** For example {@code (7, 5) bc: 'bc' grid (2, 2) targets [0, 1, 2, 3] on 4 engines}. */
  @Override
  public String toString() {
    return distribution.shape() + " " + kind + ": '" + distribution.dist() + "' grid "
        + Shape.format(Arrays.stream(distribution.gridShape()).asLongStream().toArray()) + " targets "
        + Arrays.toString(distribution.targets()) + " on " + engines + " engines";
  }
}
