package org.distarray.arrays.dist;

import java.util.List;
import org.distarray.arrays.AxisRange;

/**
 * How one block of a sliced array is a strided view of one source block: apply {@code localRanges} (one per
 * source axis, in the source block's local indices) to the block of {@code sourceRank}.
 *
 * @param sourceRank the rank of the source distribution whose block is viewed
 * @param localRanges one range per source axis; dropped axes are marked {@code dropped} (copied, immutable)
 */
public record BlockView(int sourceRank, List<AxisRange> localRanges) {
  public BlockView {
    localRanges = List.copyOf(localRanges);
  }
}
