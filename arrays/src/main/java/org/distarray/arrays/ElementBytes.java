package org.distarray.arrays;

import java.nio.ByteBuffer;

/**
 * Copies runs of an array's storage to and from bytes in the buffer's byte order (bool as one byte, 0 or 1): the one
 * element codec of the wire format, the data plane and the file formats.
 */
public final class ElementBytes {
  private ElementBytes() {}

  /** Puts storage elements [from, from + n) of a at buf's position and advances it past them. */
  public static void put(ByteBuffer buf, NdArray a, int from, int n) {
    int at = buf.position();
    switch (a.dtype()) {
      case FLOAT64 -> buf.asDoubleBuffer().put((double[]) a.storage(), from, n);
      case FLOAT32 -> buf.asFloatBuffer().put((float[]) a.storage(), from, n);
      case INT64 -> buf.asLongBuffer().put((long[]) a.storage(), from, n);
      case INT32 -> buf.asIntBuffer().put((int[]) a.storage(), from, n);
      case BOOL -> {
        boolean[] v = (boolean[]) a.storage();
        for (int i = 0; i < n; i++) {
          buf.put(at + i, (byte) (v[from + i] ? 1 : 0));
        }
      }
    }
    buf.position(at + n * a.dtype().itemSize());
  }

  /** Reads n elements at buf's position into storage [from, from + n) of a and advances buf past them. */
  public static void get(ByteBuffer buf, NdArray a, int from, int n) {
    int at = buf.position();
    switch (a.dtype()) {
      case FLOAT64 -> buf.asDoubleBuffer().get((double[]) a.storage(), from, n);
      case FLOAT32 -> buf.asFloatBuffer().get((float[]) a.storage(), from, n);
      case INT64 -> buf.asLongBuffer().get((long[]) a.storage(), from, n);
      case INT32 -> buf.asIntBuffer().get((int[]) a.storage(), from, n);
      case BOOL -> {
        boolean[] v = (boolean[]) a.storage();
        for (int i = 0; i < n; i++) {
          v[from + i] = buf.get(at + i) != 0;
        }
      }
    }
    buf.position(at + n * a.dtype().itemSize());
  }
}
