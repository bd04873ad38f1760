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
      case COMPLEX128 -> buf.asDoubleBuffer().put((double[]) a.storage(), 2 * from, 2 * n);
      case COMPLEX64 -> buf.asFloatBuffer().put((float[]) a.storage(), 2 * from, 2 * n);
      case FLOAT32 -> buf.asFloatBuffer().put((float[]) a.storage(), from, n);
      case INT64, UINT64 -> buf.asLongBuffer().put((long[]) a.storage(), from, n);
      case INT32, UINT32 -> buf.asIntBuffer().put((int[]) a.storage(), from, n);
      case INT16, UINT16 -> buf.asShortBuffer().put((short[]) a.storage(), from, n);
      case INT8, UINT8 -> buf.put((byte[]) a.storage(), from, n);
      case BOOL -> {
        boolean[] v = (boolean[]) a.storage();
        for (int i = 0; i < n; i++) {
          buf.put(at + i, (byte) (v[from + i] ? 1 : 0));
        }
      }
    }
    buf.position(at + n * a.dtype().itemSize());
  }

  /**
   * Puts every element of a (any view: strided, sliced, broadcast) in C order at buf's position and advances it: a
   * contiguous run along the last axis is one bulk copy, with no intermediate array.
   */
  public static void putAll(ByteBuffer buf, NdArray a) {
    forEachRun(a, (from, step, n) -> {
      if (step == 1) {
        put(buf, a, (int) from, n);
      } else {
        putStrided(buf, a, from, step, n);
      }
    });
  }

  /** A run of an array's storage elements: from, from + step, ... (n of them). */
  public interface Run {
    void accept(long from, long step, int n);
  }

  /**
   * Calls run for every run of a's elements along its last axis (any view: strided, sliced, broadcast), in C order:
   * once for a contiguous array, never for an empty one.
   */
  public static void forEachRun(NdArray a, Run run) {
    long[] dims = a.dims();
    long size = a.size();
    if (size == 0) {
      return;
    }
    if (a.isContiguous()) {
      run.accept(a.offset(), 1, (int) size);
      return;
    }
    int nd = dims.length;
    long[] strides = a.strides();
    int inner = (int) dims[nd - 1];
    long innerStride = strides[nd - 1];
    long[] index = new long[Math.max(0, nd - 1)];
    long base = a.offset();
    while (true) {
      run.accept(base, innerStride, inner);
      int k = nd - 2;
      while (k >= 0) {
        base += strides[k];
        if (++index[k] < dims[k]) {
          break;
        }
        base -= strides[k] * dims[k];
        index[k] = 0;
        k--;
      }
      if (k < 0) {
        return;
      }
    }
  }

  /** Puts storage elements from, from + step, ... (n of them) of a at buf's position and advances it past them. */
  public static void putStrided(ByteBuffer buf, NdArray a, long from, long step, int n) {
    if (Scratch.bulk(a.dtype())) {
      Scratch.put(buf, a.storage(), from, step, n);
      return;
    }
    int at = buf.position();
    int size = a.dtype().itemSize();
    switch (a.dtype()) {
      case COMPLEX128 -> {
        double[] v = (double[]) a.storage();
        for (int i = 0; i < n; i++) {
          int p = (int) (2 * (from + i * step));
          buf.putDouble(at + i * size, v[p]);
          buf.putDouble(at + i * size + 8, v[p + 1]);
        }
      }
      case COMPLEX64 -> {
        float[] v = (float[]) a.storage();
        for (int i = 0; i < n; i++) {
          int p = (int) (2 * (from + i * step));
          buf.putFloat(at + i * size, v[p]);
          buf.putFloat(at + i * size + 4, v[p + 1]);
        }
      }
      case INT16, UINT16 -> {
        short[] v = (short[]) a.storage();
        for (int i = 0; i < n; i++) {
          buf.putShort(at + i * size, v[(int) (from + i * step)]);
        }
      }
      case INT8, UINT8 -> {
        byte[] v = (byte[]) a.storage();
        for (int i = 0; i < n; i++) {
          buf.put(at + i, v[(int) (from + i * step)]);
        }
      }
      case BOOL -> {
        boolean[] v = (boolean[]) a.storage();
        for (int i = 0; i < n; i++) {
          buf.put(at + i, (byte) (v[(int) (from + i * step)] ? 1 : 0));
        }
      }
    }
    buf.position(at + n * size);
  }

  /** Reads n elements at buf's position into storage [from, from + n) of a and advances buf past them. */
  public static void get(ByteBuffer buf, NdArray a, int from, int n) {
    int at = buf.position();
    switch (a.dtype()) {
      case FLOAT64 -> buf.asDoubleBuffer().get((double[]) a.storage(), from, n);
      case COMPLEX128 -> buf.asDoubleBuffer().get((double[]) a.storage(), 2 * from, 2 * n);
      case COMPLEX64 -> buf.asFloatBuffer().get((float[]) a.storage(), 2 * from, 2 * n);
      case FLOAT32 -> buf.asFloatBuffer().get((float[]) a.storage(), from, n);
      case INT64, UINT64 -> buf.asLongBuffer().get((long[]) a.storage(), from, n);
      case INT32, UINT32 -> buf.asIntBuffer().get((int[]) a.storage(), from, n);
      case INT16, UINT16 -> buf.asShortBuffer().get((short[]) a.storage(), from, n);
      case INT8, UINT8 -> buf.get(at, (byte[]) a.storage(), from, n);
      case BOOL -> {
        boolean[] v = (boolean[]) a.storage();
        for (int i = 0; i < n; i++) {
          v[from + i] = buf.get(at + i) != 0;
        }
      }
    }
    buf.position(at + n * a.dtype().itemSize());
  }

  /** Reads n elements at buf's position into storage from, from + step, ... of a and advances buf past them. */
  public static void getStrided(ByteBuffer buf, NdArray a, long from, long step, int n) {
    if (step == 1) {
      get(buf, a, (int) from, n);
      return;
    }
    if (Scratch.bulk(a.dtype())) {
      Scratch.get(buf, a.storage(), from, step, n);
      return;
    }
    int at = buf.position();
    int size = a.dtype().itemSize();
    Object data = a.storage();
    switch (a.dtype()) {
      case COMPLEX128 -> {
        double[] v = (double[]) data;
        for (int i = 0; i < n; i++) {
          int p = (int) (2 * (from + i * step));
          v[p] = buf.getDouble(at + i * size);
          v[p + 1] = buf.getDouble(at + i * size + 8);
        }
      }
      case COMPLEX64 -> {
        float[] v = (float[]) data;
        for (int i = 0; i < n; i++) {
          int p = (int) (2 * (from + i * step));
          v[p] = buf.getFloat(at + i * size);
          v[p + 1] = buf.getFloat(at + i * size + 4);
        }
      }
      case INT16, UINT16 -> { short[] v = (short[]) data; for (int i = 0; i < n; i++) v[(int) (from + i * step)] = buf.getShort(at + i * size); }
      case INT8, UINT8 -> { byte[] v = (byte[]) data; for (int i = 0; i < n; i++) v[(int) (from + i * step)] = buf.get(at + i); }
      case BOOL -> { boolean[] v = (boolean[]) data; for (int i = 0; i < n; i++) v[(int) (from + i * step)] = buf.get(at + i) != 0; }
    }
    buf.position(at + n * size);
  }

  /**
   * Strided runs of 8- and 4-byte elements through a small array of this thread: a bulk copy between the buffer and
   * that array, and a plain strided loop between it and the storage (element-by-element buffer access costs a bounds
   * and byte-order check per element, several times the copy's cost).
   */
  private static final class Scratch {
    private static final int LENGTH = 1024;
    private static final ThreadLocal<Scratch> OF_THREAD = ThreadLocal.withInitial(Scratch::new);
    private final double[] doubles = new double[LENGTH];
    private final float[] floats = new float[LENGTH];
    private final long[] longs = new long[LENGTH];
    private final int[] ints = new int[LENGTH];

    static boolean bulk(DType t) {
      return switch (t) {
        case FLOAT64, FLOAT32, INT64, UINT64, INT32, UINT32 -> true;
        default -> false;
      };
    }

    static void put(ByteBuffer buf, Object storage, long from, long step, int n) {
      Scratch s = OF_THREAD.get();
      for (int done = 0; done < n; ) {
        int k = Math.min(LENGTH, n - done);
        int p = (int) (from + done * step);
        int st = (int) step;
        if (storage instanceof double[] v) {
          for (int i = 0; i < k; i++, p += st) {
            s.doubles[i] = v[p];
          }
          buf.asDoubleBuffer().put(s.doubles, 0, k);
          buf.position(buf.position() + 8 * k);
        } else if (storage instanceof float[] v) {
          for (int i = 0; i < k; i++, p += st) {
            s.floats[i] = v[p];
          }
          buf.asFloatBuffer().put(s.floats, 0, k);
          buf.position(buf.position() + 4 * k);
        } else if (storage instanceof long[] v) {
          for (int i = 0; i < k; i++, p += st) {
            s.longs[i] = v[p];
          }
          buf.asLongBuffer().put(s.longs, 0, k);
          buf.position(buf.position() + 8 * k);
        } else {
          int[] v = (int[]) storage;
          for (int i = 0; i < k; i++, p += st) {
            s.ints[i] = v[p];
          }
          buf.asIntBuffer().put(s.ints, 0, k);
          buf.position(buf.position() + 4 * k);
        }
        done += k;
      }
    }

    static void get(ByteBuffer buf, Object storage, long from, long step, int n) {
      Scratch s = OF_THREAD.get();
      for (int done = 0; done < n; ) {
        int k = Math.min(LENGTH, n - done);
        int p = (int) (from + done * step);
        int st = (int) step;
        if (storage instanceof double[] v) {
          buf.asDoubleBuffer().get(s.doubles, 0, k);
          buf.position(buf.position() + 8 * k);
          for (int i = 0; i < k; i++, p += st) {
            v[p] = s.doubles[i];
          }
        } else if (storage instanceof float[] v) {
          buf.asFloatBuffer().get(s.floats, 0, k);
          buf.position(buf.position() + 4 * k);
          for (int i = 0; i < k; i++, p += st) {
            v[p] = s.floats[i];
          }
        } else if (storage instanceof long[] v) {
          buf.asLongBuffer().get(s.longs, 0, k);
          buf.position(buf.position() + 8 * k);
          for (int i = 0; i < k; i++, p += st) {
            v[p] = s.longs[i];
          }
        } else {
          int[] v = (int[]) storage;
          buf.asIntBuffer().get(s.ints, 0, k);
          buf.position(buf.position() + 4 * k);
          for (int i = 0; i < k; i++, p += st) {
            v[p] = s.ints[i];
          }
        }
        done += k;
      }
    }
  }
}
