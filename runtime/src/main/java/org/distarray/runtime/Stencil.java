package org.distarray.runtime;

import org.distarray.arrays.NdArray;

/**
 * A computation over each element's neighbourhood, run by {@link DistArray#stencil} on every engine's block with its
 * ghost layers. Implement it as a record: its components are its parameters and travel to the engines by name (the
 * class must be on every node's class path).
 */
public interface Stencil {
  /**
   * Writes out from the neighbourhoods in ghostedBlock.
   *
   * @param ghostedBlock Not modified; the block with width ghost layers on both sides of every axis (the neighbours'
   *     values, or the boundary's), so element i of the block is {@code ghostedBlock[i + width]}
   * @param out Modified; the block's shape and dtype
   * @param width the ghost width of the array (at least the stencil's reach)
   */
  void apply(NdArray ghostedBlock, NdArray out, int width);

  /**
   * The heat/diffusion step {@code out = u + alpha * (sum of the 2 ndim axis neighbours - 2 ndim u)}: the five-point
   * stencil in 2-D, 2n+1 points in n-D; reach 1.
   */
  static Stencil laplace(double alpha) {
    return new Laplace(alpha);
  }
}
