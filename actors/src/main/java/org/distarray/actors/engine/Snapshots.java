package org.distarray.actors.engine;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.distarray.arrays.NdArray;

/**
 * Copies of an engine's blocks taken before they are written, for the lazy results that still read them. Blocks of
 * one storage (an array and its views) are copied together when together they cover at least the storage's length:
 * one pass over the storage, each copy then a view of the new storage with its original's offset and strides.
 * Otherwise each is copied compactly (C order). Everything is checked against the budget first, so a snapshot that
 * does not fit fails before any copy is made.
 */
final class Snapshots {
  private Snapshots() {}

  /** Makes copies[i] a copy of sources[i] for each source held here. */
  static void copy(BlockStore blocks, long[] sources, long[] copies) {
    Map<Object, List<Integer>> byStorage = new IdentityHashMap<>();
    for (int i = 0; i < sources.length; i++) {
      Block b = blocks.get(sources[i]);
      if (b != null) {
        byStorage.computeIfAbsent(b.data().storage(), k -> new ArrayList<>()).add(i);
      }
    }
    long bytes = 0;
    for (Map.Entry<Object, List<Integer>> e : byStorage.entrySet()) {
      bytes += Math.min(storageCopyBytes(blocks, e.getValue(), sources),
          compactCopyBytes(blocks, e.getValue(), sources));
    }
    blocks.reserve(bytes, "copies of arrays about to be written, for the lazy results that read them");
    for (Map.Entry<Object, List<Integer>> e : byStorage.entrySet()) {
      List<Integer> members = e.getValue();
      boolean whole = storageCopyBytes(blocks, members, sources)
          <= compactCopyBytes(blocks, members, sources);
      NdArray storageCopy = whole ? wholeStorage(blocks.get(sources[members.get(0)]).data()).copy() : null;
      for (int i : members) {
        Block b = blocks.get(sources[i]);
        NdArray data = b.data();
        NdArray copy = whole
            ? NdArray.view(data.dtype(), storageCopy.storage(), data.offset(), data.dims(), data.strides())
            : data.copy();
        blocks.put(copies[i], new Block(copy, b.distribution(), b.rank()));
      }
    }
  }

  private static long storageCopyBytes(BlockStore blocks, List<Integer> members, long[] sources) {
    return BlockStore.storageBytes(blocks.get(sources[members.get(0)]).data());
  }

  private static long compactCopyBytes(BlockStore blocks, List<Integer> members, long[] sources) {
    long bytes = 0;
    for (int i : members) {
      NdArray data = blocks.get(sources[i]).data();
      bytes += data.size() * data.dtype().itemSize();
    }
    return bytes;
  }

  /** The whole storage under a block, as a 1-D array. */
  private static NdArray wholeStorage(NdArray block) {
    long length = NdArray.elementsIn(block.dtype(), block.storage());
    return NdArray.view(block.dtype(), block.storage(), 0, new long[] {length}, new long[] {1});
  }
}
