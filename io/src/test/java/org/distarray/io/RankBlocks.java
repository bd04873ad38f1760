package org.distarray.io;

import org.distarray.arrays.NdArray;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.task.LocalBlocks;

/** What an engine's task sees, for running IO tasks rank by rank in a test: its rank and its block of d. */
record RankBlocks(int rank, NdArray block, Distribution d) implements LocalBlocks {
  @Override
  public int engineId() {
    return d.target(rank);
  }

  @Override
  public NdArray block(int argument) {
    return block;
  }

  @Override
  public NdArray ghostedBlock(int argument) {
    throw new IllegalStateException("a test's rank block has no ghost layers");
  }

  @Override
  public Distribution distribution(int argument) {
    return d;
  }
}
