package org.distarray.actors.wire;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;

/**
 * Storage for the large arrays read from the wire, used again once their reader is done with them. A chunk of a
 * move between nodes (megabytes) is read into an array that lives only until the receiving engine has copied it into
 * its block; allocating a fresh one for every chunk makes the collector zero and reclaim it each time, and arrays of
 * that size are humongous to G1 (half a region or more), which starts old-generation cycles. The engine hands such
 * an array back ({@link #giveBack}) and the next chunk of that size is read into it.
 *
 * <p>Only storage this class lent is taken back: a chunk from an engine of the same JVM is a view of the sender's
 * block and must never be reused. Storage that is lent and not given back (an array that is part of a result) is
 * simply collected; the record of it is weak. At most {@link #KEPT_BYTES} bytes wait here, of the sizes given
 * back last.
 */
public final class ReceivedStorage {
  /** Arrays of fewer bytes are allocated as usual: young and cheap. */
  static final long MIN_BYTES = 256 * 1024;
  /** Bytes of storage kept for reuse, at most: 64 MiB, or a sixteenth of the heap when that is less. */
  static final long KEPT_BYTES = Math.min(64L * 1024 * 1024, Runtime.getRuntime().maxMemory() / 16);

  private static final Map<Object, Boolean> LENT = new WeakHashMap<>(); // arrays compare by identity
  private static final Map<Key, ArrayDeque<Object>> FREE = new HashMap<>();
  private static long keptBytes;

  private record Key(Class<?> type, int length) {}

  private ReceivedStorage() {}

  /** A C-order array of dtype and dims whose elements the caller overwrites, all of them (not zeroed). */
  static NdArray forReading(DType dtype, long[] dims, long size) {
    int n = (int) size;
    if (size * dtype.itemSize() < MIN_BYTES) {
      return NdArray.zeros(dtype, dims);
    }
    Object storage = take(dtype, n);
    return NdArray.view(dtype, storage, 0, dims.clone(), NdArray.contiguousStrides(dims));
  }

  private static synchronized Object take(DType dtype, int n) {
    Object empty = NdArray.allocate(dtype, 0);
    int length = dtype.isComplex() ? 2 * n : n;
    ArrayDeque<Object> free = FREE.get(new Key(empty.getClass(), length));
    Object storage = free == null ? null : free.poll();
    if (storage != null) {
      keptBytes -= (long) length * slotBytes(dtype);
    } else {
      storage = NdArray.allocate(dtype, n);
    }
    LENT.put(storage, Boolean.TRUE);
    return storage;
  }

  /**
   * Takes back the storage of an array read from the wire once nothing reads it any more. Anything else (a view of
   * a block, storage not lent here) is ignored.
   */
  public static synchronized void giveBack(NdArray a) {
    Object storage = a.storage();
    if (LENT.remove(storage) == null) {
      return;
    }
    int length = java.lang.reflect.Array.getLength(storage);
    long bytes = (long) length * slotBytes(a.dtype());
    if (bytes > KEPT_BYTES) {
      return;
    }
    if (keptBytes + bytes > KEPT_BYTES) { // chunks of another size now: what waits is dropped for them
      FREE.clear();
      keptBytes = 0;
    }
    FREE.computeIfAbsent(new Key(storage.getClass(), length), k -> new ArrayDeque<>()).push(storage);
    keptBytes += bytes;
  }

  /** Bytes of storage waiting for reuse. */
  static synchronized long keptBytes() {
    return keptBytes;
  }

  private static int slotBytes(DType dtype) {
    return dtype.isComplex() ? dtype.itemSize() / 2 : dtype.itemSize();
  }
}
