package org.distarray.actors.engine;

import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.distarray.actors.EngineMemoryFull;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;

/**
 * An engine's blocks ({@code array id -> block}) and the memory they, the pool of freed storage and the transfer
 * buffers take, against the engine's budget. Storage shared by a view and its base is counted once, in full, until
 * the last block that uses it is removed; then it goes to the pool. Every allocation is checked first
 * ({@link #reserve}): when it does not fit, the pool gives back what it keeps, and if that is not enough the
 * allocation fails with {@link EngineMemoryFull} before anything is changed.
 *
 * <p>Only its engine changes it. The map of blocks is concurrent because another engine of the node may look a block
 * up ({@link NodeReductions}); everything else is the engine's alone.
 */
final class BlockStore {
  private final Map<Long, Block> blocks = new ConcurrentHashMap<>();
  /** Storage object -> how many blocks use it. */
  private final Map<Object, int[]> users = new IdentityHashMap<>();
  private final BlockPool pool;
  private final long budget;
  private long blockBytes;
  private long transferBytes;
  private int engineId;

  BlockStore(int engineId, long budget) {
    this.engineId = engineId;
    this.budget = budget;
    this.pool = new BlockPool(budget / 2);
  }

  void engineId(int id) {
    this.engineId = id;
  }

  long budget() {
    return budget;
  }

  /** Bytes of block storage now (each storage once). */
  long blockBytes() {
    return blockBytes;
  }

  int blockCount() {
    return blocks.size();
  }

  /** Blocks, pool and transfer buffers together. */
  long used() {
    return blockBytes + pool.bytes() + transferBytes;
  }

  Block get(long id) {
    return blocks.get(id);
  }

  Collection<Block> values() {
    return blocks.values();
  }

  /** The ids of the arrays whose blocks are here. */
  java.util.Set<Long> ids() {
    return blocks.keySet();
  }

  /** True when some block uses this storage. */
  boolean uses(Object storage) {
    return users.containsKey(storage);
  }

  /** Keeps block as array id's block (replacing and releasing an earlier one). */
  void put(long id, Block block) {
    Block old = blocks.put(id, block);
    int[] n = users.computeIfAbsent(block.data().storage(), k -> new int[1]);
    if (n[0]++ == 0) {
      blockBytes += storageBytes(block.data());
    }
    if (old != null) {
      release(old);
    }
  }

  /** Drops array id's block, if any; its storage goes to the pool when no other block uses it. */
  Block remove(long id) {
    Block b = blocks.remove(id);
    if (b != null) {
      release(b);
    }
    return b;
  }

  private void release(Block b) {
    Object storage = b.data().storage();
    int[] n = users.get(storage);
    if (n == null || --n[0] > 0) {
      return;
    }
    users.remove(storage);
    blockBytes -= storageBytes(b.data());
    long length = NdArray.elementsIn(b.data().dtype(), storage); // the whole storage, also when a view was its last user
    pool.recycle(NdArray.view(b.data().dtype(), storage, 0, new long[] {length}, new long[] {1}), budget - used());
  }

  /**
   * Drops every block, and gives their storage and the pool's back to the JVM, not to a pool for arrays to come
   * (the arrays of a coordinator that is gone).
   */
  void dropAll() {
    for (long id : new java.util.ArrayList<>(blocks.keySet())) {
      remove(id);
    }
    emptyPool();
  }

  /** Gives back all the storage the pool keeps. */
  void emptyPool() {
    pool.shrink(Long.MAX_VALUE);
  }

  /**
   * Checks that bytes more fit the budget, shrinking the pool first when they do not.
   *
   * @throws EngineMemoryFull naming this engine, the bytes asked for and the bytes free, when they do not fit
   */
  void reserve(long bytes, String what) {
    long free = budget - used();
    if (bytes <= free) {
      return;
    }
    pool.shrink(bytes - free);
    free = budget - used();
    if (bytes > free) {
      throw new EngineMemoryFull(engineId, bytes, free, budget, what);
    }
  }

  /** A C-order array of dtype and shape to be overwritten completely, within the budget (from the pool if it can). */
  NdArray take(DType dtype, long[] shape, String what) {
    long bytes = dtype.itemSize() * elements(shape);
    if (!pool.has(dtype, elements(shape))) {
      reserve(bytes, what);
    }
    return pool.take(dtype, shape);
  }

  /** Counts transfer buffers of bytes against the budget (checked first). */
  void holdTransfer(long bytes, String what) {
    reserve(bytes, what);
    transferBytes += bytes;
  }

  void releaseTransfer(long bytes) {
    transferBytes -= bytes;
  }

  /**
   * A byte array of length bytes whose contents are unspecified, for a chunk's serialized parts: kept storage of that
   * length when the pool has one, else a new array. The caller counts it with {@link #holdTransfer} beforehand.
   */
  byte[] takeBytes(int bytes) {
    long[] shape = {bytes};
    return pool.has(DType.UINT8, bytes) ? (byte[]) pool.take(DType.UINT8, shape).storage() : new byte[bytes];
  }

  /** Keeps a byte array that was a chunk's parts for the next move (when the pool has room for it). */
  void recycleBytes(byte[] parts) {
    pool.recycle(NdArray.view(DType.UINT8, parts, 0, new long[] {parts.length}, new long[] {1}), budget - used());
  }

  /** Returns storage that is no block's (a temporary) to the pool. */
  void recycle(NdArray temporary) {
    if (!users.containsKey(temporary.storage())) {
      pool.recycle(temporary, budget - used());
    }
  }

  static long elements(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  static long storageBytes(NdArray a) {
    return NdArray.elementsIn(a.dtype(), a.storage()) * a.dtype().itemSize();
  }
}
