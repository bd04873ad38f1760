package org.distarray.actors.engine;

import org.distarray.arrays.NdArray;
import org.distarray.arrays.dist.Distribution;

/** A block and how its array is distributed; rank is this engine's rank in that distribution. */
record Block(NdArray data, Distribution distribution, int rank) {}
