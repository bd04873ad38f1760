package org.distarray.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.dist.IndexRuns;
import org.distarray.arrays.ops.MatrixProducts.RowBlock;

/**
 * Blocks of rows that the engines of one JVM lend each other for one matrix product, under a key unique in the JVM.
 *
 * <p>In the embedded runtime every engine lives in the client's JVM, so an engine that needs all of a matrix's rows
 * can read them from the blocks of the engines that hold them, instead of each engine receiving a copy of the whole
 * matrix: the holders lend views of their blocks, the readers copy the rows straight into their native product's
 * operand, and the lender's caller releases the key when the product is done. Nobody writes the lent blocks meanwhile:
 * the caller that lends them waits for the product. Reads cross threads safely: lending happens before the caller
 * learns that it is done, and the product's tasks are sent after that.
 */
final class LentRows {
  private static final AtomicLong KEYS = new AtomicLong();
  private static final ConcurrentHashMap<Long, Queue<RowBlock>> LENT = new ConcurrentHashMap<>();

  private LentRows() {}

  /** A key no other product of this JVM uses. */
  static long newKey() {
    return KEYS.incrementAndGet();
  }

  /**
   * True when every engine's block of an array of distribution d holds whole rows: all of axis 1 on every rank (axis
   * 0 may be laid out in any way, and rows may be held more than once).
   */
  static boolean lendable(Distribution d) {
    if (d.ndim() != 2) {
      return false;
    }
    IndexRuns all = IndexRuns.range(0, d.shape().dims()[1]);
    for (int rank = 0; rank < d.ranks(); rank++) {
      if (!d.localIndices(rank, 1).equals(all)) {
        return false;
      }
    }
    return true;
  }

  /** Lends the block of the given rank of an array of distribution d (lendable) under key. */
  static void lend(long key, Distribution d, int rank, NdArray block) {
    Queue<RowBlock> lent = LENT.computeIfAbsent(key, x -> new ConcurrentLinkedQueue<>());
    IndexRuns rows = d.localIndices(rank, 0);
    long local = 0;
    for (int r = 0; r < rows.runs(); r++) {
      long length = rows.runLength(r);
      if (rows.runStep(r) == 1) {
        lent.add(new RowBlock(rows.runStart(r), block.slice(local + ":" + (local + length))));
      } else {
        for (long i = 0; i < length; i++) {
          long row = rows.runStart(r) + i * rows.runStep(r);
          lent.add(new RowBlock(row, block.slice((local + i) + ":" + (local + i + 1))));
        }
      }
      local += length;
    }
  }

  /** The lent rows [from, to) under key, numbered from from. */
  static List<RowBlock> rows(long key, long from, long to) {
    Queue<RowBlock> lent = LENT.get(key);
    if (lent == null) {
      throw new IllegalStateException("no rows are lent under key " + key + " in this JVM");
    }
    List<RowBlock> out = new ArrayList<>();
    for (RowBlock r : lent) {
      long first = Math.max(from, r.first());
      long last = Math.min(to, r.first() + r.rows().dims()[0]);
      if (first < last) {
        NdArray rows = first == r.first() && last - first == r.rows().dims()[0] ? r.rows()
            : r.rows().slice((first - r.first()) + ":" + (last - r.first()));
        out.add(new RowBlock(first - from, rows));
      }
    }
    return out;
  }

  /** Ends the loan under key: the blocks are the lenders' alone again. */
  static void release(long key) {
    LENT.remove(key);
  }

  /** How many loans this JVM has made since it started. */
  static long loansMade() {
    return KEYS.get();
  }

  /** How many products have rows lent now (0 between products). */
  static int loans() {
    return LENT.size();
  }
}
