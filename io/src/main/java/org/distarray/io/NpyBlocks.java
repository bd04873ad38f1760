package org.distarray.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.function.LongConsumer;
import org.distarray.arrays.DType;
import org.distarray.arrays.ElementBytes;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.dist.IndexRuns;

/**
 * Moves one engine's block between the block and its elements in a .npy file, with positional file IO: along the
 * file's fastest axis (the last for C order, the first for Fortran order) each run of consecutive global indices is
 * one read or write of contiguous bytes through a 4 MiB direct buffer (a mapping of the run's pages measured
 * half as fast for 1 GiB saves: every page faults in); runs of other steps
 * (cyclic axes) are read through a window of nearby bytes and written element by element, so that no engine writes
 * bytes another engine owns.
 */
final class NpyBlocks {
  private static final int BUFFER = 4 << 20;

  private NpyBlocks() {}

  /** Reads (write false) or writes rank's block of d from or to the file's elements. */
  static long transfer(FileChannel ch, Path file, NpyHeader h, NdArray block, Distribution d, int rank, boolean write)
      throws IOException {
    return transfer(ch, file, h, block, d, rank, write, null);
  }

  /** The same, telling progress the number of elements done so far after each run (when it is not null). */
  static long transfer(FileChannel ch, Path file, NpyHeader h, NdArray block, Distribution d, int rank, boolean write,
      LongConsumer progress) throws IOException {
    Progress counter = new Progress(progress);
    int nd = h.shape().length;
    DType dtype = h.dtype();
    int item = dtype.itemSize();
    // direct: the channel reads and writes it without another copy
    ByteBuffer buf = ByteBuffer.allocateDirect((int) Math.min(BUFFER, Math.max(item, block.size() * item)))
        .order(h.order());
    if (block.size() == 0) {
      return 0;
    }
    long[] strides = block.strides();
    if (nd == 0) {
      runAt(ch, file, h, buf, block, block.offset(), 1, h.dataOffset(), 1, write, counter);
      return 1;
    }
    long[] fileStrides = new long[nd];
    long acc = 1;
    for (int i = 0; i < nd; i++) {
      int k = h.fortranOrder() ? i : nd - 1 - i;
      fileStrides[k] = acc;
      acc *= h.shape()[k];
    }
    int fast = h.fortranOrder() ? 0 : nd - 1;
    long[][] global = new long[nd][];
    for (int k = 0; k < nd; k++) {
      global[k] = d.localIndices(rank, k).toArray();
    }
    IndexRuns fastRuns = d.localIndices(rank, fast);
    int[] pos = new int[nd];
    long done = 0;
    while (true) {
      long fileBase = 0;
      long blockBase = block.offset();
      for (int k = 0; k < nd; k++) {
        if (k != fast) {
          fileBase += global[k][pos[k]] * fileStrides[k];
          blockBase += pos[k] * strides[k];
        }
      }
      long q = 0;
      for (int r = 0; r < fastRuns.runs(); r++) {
        long start = fastRuns.runStart(r);
        long step = fastRuns.runStep(r);
        long count = fastRuns.runLength(r);
        long at = blockBase + q * strides[fast];
        if (step == 1 || count == 1) {
          runAt(ch, file, h, buf, block, at, strides[fast], h.dataOffset() + (fileBase + start) * item, count, write,
              counter);
        } else {
          strided(ch, file, h, buf, block, at, strides[fast], fileBase, start, step, count, write, counter);
        }
        q += count;
        done += count;
      }
      int k = nd - 1;
      while (k >= 0 && (k == fast || ++pos[k] == global[k].length)) {
        if (k != fast) {
          pos[k] = 0;
        }
        k--;
      }
      if (k < 0) {
        return done;
      }
    }
  }

  /** Elements done so far, told to a consumer after each buffer of them (when there is one). */
  private static final class Progress {
    final LongConsumer consumer;
    long done;

    Progress(LongConsumer consumer) {
      this.consumer = consumer;
    }

    void add(long n) {
      done += n;
      if (consumer != null) {
        consumer.accept(done);
      }
    }
  }

  /** count elements contiguous in the file from position, at block storage index at with stride. */
  private static void runAt(FileChannel ch, Path file, NpyHeader h, ByteBuffer buf, NdArray block, long at,
      long stride, long position, long count, boolean write, Progress progress) throws IOException {
    int item = h.dtype().itemSize();
    int per = buf.capacity() / item;
    for (long off = 0; off < count; off += per) {
      int n = (int) Math.min(per, count - off);
      buf.clear().limit(n * item);
      long p = position + off * item;
      if (write) {
        encode(buf, block, at + off * stride, stride, n);
        buf.flip();
        writeFully(ch, buf, p);
      } else {
        readFully(ch, file, buf, p);
        buf.flip();
        decode(buf, block, at + off * stride, stride, n);
      }
      if (progress != null) {
        progress.add(n);
      }
    }
  }

  /** Elements start, start + step, ... (count of them) of one line of the file along the fast axis. */
  private static void strided(FileChannel ch, Path file, NpyHeader h, ByteBuffer buf, NdArray block, long at,
      long stride, long fileBase, long start, long step, long count, boolean write, Progress progress)
      throws IOException {
    int item = h.dtype().itemSize();
    if (write || step < 0 || step * item > 256) {
      for (long j = 0; j < count; j++) {
        runAt(ch, file, h, buf, block, at + j * stride, stride, h.dataOffset() + (fileBase + start + j * step) * item,
            1, write, progress);
      }
      return;
    }
    // a window of the line holds every step-th element for this engine: one read instead of many
    long perWindow = Math.max(1, buf.capacity() / (step * item));
    for (long j0 = 0; j0 < count; j0 += perWindow) {
      long n = Math.min(perWindow, count - j0);
      long first = start + j0 * step;
      int span = (int) (((n - 1) * step + 1) * item);
      buf.clear().limit(span);
      readFully(ch, file, buf, h.dataOffset() + (fileBase + first) * item);
      for (long j = 0; j < n; j++) {
        buf.position((int) (j * step * item));
        decode(buf, block, at + (j0 + j) * stride, stride, 1);
      }
      progress.add(n);
    }
  }

  private static void decode(ByteBuffer buf, NdArray block, long at, long stride, int n) {
    ElementBytes.getStrided(buf, block, at, stride, n);
  }

  private static void encode(ByteBuffer buf, NdArray block, long at, long stride, int n) {
    if (stride == 1) {
      ElementBytes.put(buf, block, (int) at, n);
    } else {
      ElementBytes.putStrided(buf, block, at, stride, n);
    }
  }

  private static void readFully(FileChannel ch, Path file, ByteBuffer b, long position) throws IOException {
    long at = position;
    while (b.hasRemaining()) {
      int n = ch.read(b, at);
      if (n < 0) {
        throw new IoException(file, "truncated: the file ends at byte " + at);
      }
      at += n;
    }
  }

  private static void writeFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
    long at = position;
    while (b.hasRemaining()) {
      at += ch.write(b, at);
    }
  }

  static ByteOrder order(boolean littleEndian) {
    return littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
  }
}
