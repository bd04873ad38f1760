package org.distarray.arrays.ops;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Three native buffers for the operands of a native matrix product, grown as products need and kept for the next
 * one (fresh native memory costs a page fault per 4 KiB on first touch); after a product, buffers above
 * {@link #KEEP} bytes are given back. One per thread ({@link MatrixProducts} keeps them in a thread-local).
 */
final class NativeBuffers {
  /** Buffers up to this size stay allocated between products. */
  private static final long KEEP = 256L << 20;

  private final Pointer[] buffers = new Pointer[3];

  /** Buffer i with room for n doubles. */
  DoublePointer doubles(int i, long n) {
    if (!(buffers[i] instanceof DoublePointer p) || p.capacity() < n) {
      release(i);
      buffers[i] = new DoublePointer(Math.max(1, n));
    }
    return (DoublePointer) buffers[i];
  }

  /** Buffer i with room for n floats. */
  FloatPointer floats(int i, long n) {
    if (!(buffers[i] instanceof FloatPointer p) || p.capacity() < n) {
      release(i);
      buffers[i] = new FloatPointer(Math.max(1, n));
    }
    return (FloatPointer) buffers[i];
  }

  /** Gives back the buffers larger than {@link #KEEP}. */
  void trim() {
    for (int i = 0; i < buffers.length; i++) {
      if (buffers[i] != null && buffers[i].capacity() * buffers[i].sizeof() > KEEP) {
        release(i);
      }
    }
  }

  private void release(int i) {
    if (buffers[i] != null) {
      buffers[i].close();
      buffers[i] = null;
    }
  }
}
