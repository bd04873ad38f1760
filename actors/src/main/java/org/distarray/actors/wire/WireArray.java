package org.distarray.actors.wire;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.ShapeMismatchException;

/**
 * An array on its way to another engine: on the sending side the sender's array (any view; a framed message writes
 * its elements raw after the header), on the receiving side its elements still in the bytes they arrived in. The
 * receiver reads them straight into the place they belong ({@link #readInto}): a chunk of a move between nodes is
 * copied once on arrival, not into an array first and from there into the block.
 */
public final class WireArray {
  private final DType dtype;
  private final long[] dims;
  /** The sender's array; null for received bytes. */
  private final NdArray array;
  /** The elements' bytes (C order, little-endian) as they arrived; null on the sending side. */
  private final ByteBuffer[] bytes;

  private WireArray(DType dtype, long[] dims, NdArray array, ByteBuffer[] bytes) {
    this.dtype = dtype;
    this.dims = dims;
    this.array = array;
    this.bytes = bytes;
  }

  /** The array a, to be sent (nothing is copied until it is serialized or read). */
  public static WireArray of(NdArray a) {
    return new WireArray(a.dtype(), a.dims(), a, null);
  }

  /** An array of dtype and dims whose elements are these bytes, read from the wire. */
  static WireArray received(DType dtype, long[] dims, ByteBuffer[] bytes) {
    return new WireArray(dtype, dims.clone(), null, bytes);
  }

  public DType dtype() {
    return dtype;
  }

  public long[] dims() {
    return dims.clone();
  }

  /** Whether the elements are still bytes from the wire (else this holds an array of this JVM). */
  public boolean isReceived() {
    return array == null;
  }

  /**
   * The array: the sender's, or a new one read from the received bytes (storage from {@link ReceivedStorage}; give
   * it back when done with it).
   */
  public NdArray toNdArray() {
    if (array != null) {
      return array;
    }
    long size = 1;
    for (long d : dims) {
      size *= d;
    }
    NdArray a = ReceivedStorage.forReading(dtype, dims, size);
    reader().readInto(a);
    return a;
  }

  /**
   * Writes the elements into target, an array or view of the same shape and dtype (any strides), in C order.
   *
   * @param target Modified.
   * @throws ShapeMismatchException when target's shape or dtype is not this array's
   */
  public void readInto(NdArray target) {
    if (!Arrays.equals(target.dims(), dims) || target.dtype() != dtype) {
      throw new ShapeMismatchException("cannot read a " + dtype + " array of shape " + Shape.format(dims)
          + " into a " + target.dtype() + " array of shape " + target.shape());
    }
    if (array != null) {
      target.copyFrom(array);
      return;
    }
    reader().readInto(target);
  }

  /** A reader of the received bytes from their start (each read is independent of the others). */
  private RawBytes reader() {
    ByteBuffer[] fresh = new ByteBuffer[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      fresh[i] = bytes[i].duplicate();
    }
    return new RawBytes(Arrays.asList(fresh));
  }
}
