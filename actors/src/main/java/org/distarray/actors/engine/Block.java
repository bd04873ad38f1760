package org.distarray.actors.engine;

import org.distarray.arrays.NdArray;
import org.distarray.arrays.dist.Distribution;

/**
 * A block and how its array is distributed; rank is this engine's rank in that distribution. ghosts is the width of
 * the ghost layers around data in its storage (data is the interior of a padded block), 0 for an ordinary block.
 */
record Block(NdArray data, Distribution distribution, int rank, int ghosts) {
  Block(NdArray data, Distribution distribution, int rank) {
    this(data, distribution, rank, 0);
  }

  /** The padded block around data: the same storage, ghosts more layers on both sides of every axis. */
  NdArray ghosted() {
    if (ghosts == 0) {
      throw new IllegalStateException("the block of this array has no ghost layers: make it with ghosted(width, "
          + "boundary)");
    }
    long[] dims = data.dims();
    long[] strides = data.strides();
    long offset = data.offset();
    long[] padded = new long[dims.length];
    for (int k = 0; k < dims.length; k++) {
      padded[k] = dims[k] + 2L * ghosts;
      offset -= ghosts * strides[k];
    }
    return NdArray.view(data.dtype(), data.storage(), offset, padded, strides);
  }
}
