package org.distarray.actors.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.distarray.arrays.DType;
import org.distarray.arrays.ElementBytes;
import org.distarray.arrays.NdArray;

/**
 * The arrays of one message in flight through {@link ArrayFramedSerializer}: while it writes a message, the arrays
 * the Jackson codec meets are collected here (their elements follow the CBOR header raw); while it reads one,
 * the codec takes each array's elements from the buffer after the header, in the same order.
 */
final class ArrayFrames {
  private static final ThreadLocal<List<NdArray>> WRITING = new ThreadLocal<>();
  private static final ThreadLocal<RawBytes> READING = new ThreadLocal<>();

  private ArrayFrames() {}

  static void startWriting(List<NdArray> arrays) {
    WRITING.set(arrays);
  }

  static void stopWriting() {
    WRITING.remove();
  }

  /**
   * Stops collecting for the message being written (a nested value that must carry its arrays inline) and returns
   * what to give {@link #resumeWriting} afterwards.
   */
  static List<NdArray> suspendWriting() {
    List<NdArray> arrays = WRITING.get();
    WRITING.remove();
    return arrays;
  }

  /** Goes on collecting into arrays (null: nothing was being collected). */
  static void resumeWriting(List<NdArray> arrays) {
    if (arrays == null) {
      WRITING.remove();
    } else {
      WRITING.set(arrays);
    }
  }

  /** True when the array was taken to travel raw after the header (the codec then writes only dtype and shape). */
  static boolean collect(NdArray a) {
    List<NdArray> arrays = WRITING.get();
    if (arrays == null) {
      return false;
    }
    arrays.add(a);
    return true;
  }

  static void startReading(RawBytes rawData) {
    READING.set(rawData);
  }

  static void stopReading() {
    READING.remove();
  }

  /** The next raw array of the message being read. */
  static NdArray next(DType dtype, long[] dims) throws java.io.IOException {
    RawBytes raw = reading();
    long size = checkedSize(raw, dtype, dims);
    NdArray a = ReceivedStorage.forReading(dtype, dims, size);
    raw.readInto(a);
    return a;
  }

  /** The next raw array of the message being read, its elements left in the bytes they arrived in. */
  static WireArray nextBytes(DType dtype, long[] dims) throws java.io.IOException {
    RawBytes raw = reading();
    long size = checkedSize(raw, dtype, dims);
    return WireArray.received(dtype, dims, raw.take(size * dtype.itemSize()));
  }

  private static RawBytes reading() throws java.io.IOException {
    RawBytes raw = READING.get();
    if (raw == null) {
      throw new java.io.IOException("an array marked raw outside a framed message");
    }
    return raw;
  }

  /** The elements of an array of dims, checked against the bytes left in raw. */
  private static long checkedSize(RawBytes raw, DType dtype, long[] dims) throws java.io.IOException {
    long size = 1;
    for (long d : dims) {
      if (d < 0) {
        throw new java.io.IOException("negative dimension in array message: "
            + org.distarray.arrays.Shape.format(dims));
      }
      size = Math.multiplyExact(size, d);
    }
    int item = dtype.itemSize();
    if (size > raw.remaining() / item) {
      throw new java.io.IOException("array message of dtype " + dtype + " and shape "
          + org.distarray.arrays.Shape.format(dims) + " needs " + (size > Long.MAX_VALUE / item ? "more than 2^63"
          : size * item) + " bytes, " + raw.remaining() + " remain");
    }
    return size;
  }

  /** Bytes the raw elements of these arrays take. */
  static long bytes(List<NdArray> arrays) {
    long n = 0;
    for (NdArray a : arrays) {
      n += a.size() * a.dtype().itemSize();
    }
    return n;
  }

  /** Writes a's elements (any view) in C order, little-endian, at buf's position, and advances it. */
  static void write(ByteBuffer buf, NdArray a) {
    ByteOrder order = buf.order();
    buf.order(ByteOrder.LITTLE_ENDIAN);
    ElementBytes.putAll(buf, a);
    buf.order(order);
  }

  static List<NdArray> newList() {
    return new ArrayList<>(2);
  }
}
