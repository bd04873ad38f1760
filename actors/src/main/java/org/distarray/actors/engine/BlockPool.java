package org.distarray.actors.engine;

import java.util.ArrayDeque;
import java.util.Iterator;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;

/**
 * Storage of freed blocks, kept for the next result of the same dtype and size: a loop that computes and frees
 * arrays of one shape then reuses memory instead of allocating (and zeroing) a fresh block each time. Bounded in
 * bytes; the oldest storage goes first. Only results that overwrite every element take from the pool.
 */
final class BlockPool {
  private record Slot(DType dtype, int length, Object storage) {}

  private final ArrayDeque<Slot> slots = new ArrayDeque<>();
  private final long capacityBytes;
  private long bytes;

  BlockPool(long capacityBytes) {
    this.capacityBytes = capacityBytes;
  }

  /** Bytes of storage kept now. */
  long bytes() {
    return bytes;
  }

  /**
   * Keeps a freed block's storage when the block owns all of it (no view of a larger array) and it fits both the
   * pool's capacity and room (the bytes the engine's budget has free).
   */
  void recycle(NdArray block, long room) {
    int length = (int) NdArray.elementsIn(block.dtype(), block.storage());
    long size = (long) length * block.dtype().itemSize();
    if (length == 0 || block.offset() != 0 || block.size() != length || !block.isContiguous()
        || size > capacityBytes || size > room) {
      return;
    }
    while (bytes + size > capacityBytes && !slots.isEmpty()) {
      Slot old = slots.removeFirst();
      bytes -= (long) old.length() * old.dtype().itemSize();
    }
    slots.addLast(new Slot(block.dtype(), length, block.storage()));
    bytes += size;
  }

  /** Gives back at least bytes of kept storage (the oldest first), or all of it. */
  void shrink(long wanted) {
    long released = 0;
    while (released < wanted && !slots.isEmpty()) {
      Slot old = slots.removeFirst();
      long size = (long) old.length() * old.dtype().itemSize();
      bytes -= size;
      released += size;
    }
  }

  /** True when a storage of dtype with length elements is kept (take then allocates nothing). */
  boolean has(DType dtype, long length) {
    for (Slot s : slots) {
      if (s.dtype() == dtype && s.length() == length) {
        return true;
      }
    }
    return false;
  }

  /** A C-order array of dtype and shape whose values are unspecified: every element must be written. */
  NdArray take(DType dtype, long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    for (Iterator<Slot> it = slots.iterator(); it.hasNext(); ) {
      Slot s = it.next();
      if (s.dtype() == dtype && s.length() == n) {
        it.remove();
        bytes -= (long) s.length() * dtype.itemSize();
        return NdArray.view(dtype, s.storage(), 0, shape, NdArray.contiguousStrides(shape));
      }
    }
    // a new size: the work has moved on to other shapes, so the storage kept for the old ones only weighs on the
    // heap; drop it before allocating
    slots.clear();
    bytes = 0;
    return NdArray.zeros(dtype, shape);
  }
}
