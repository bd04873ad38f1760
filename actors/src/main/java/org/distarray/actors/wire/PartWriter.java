package org.distarray.actors.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.apache.pekko.util.ByteString;
import org.distarray.arrays.AxisRange;
import org.distarray.arrays.ElementBytes;
import org.distarray.arrays.NdArray;

/**
 * Writes a framed message into a {@link ByteString} made of parts of at most {@code partBytes} bytes each, so that
 * a message of megabytes (a chunk of a move) is never one large array: arrays of half a G1 region or more are
 * humongous, and allocating one per chunk starts old-generation cycles. The bytes are those of
 * {@link ArrayFramedSerializer#toBinary(Object)}; a part may end short of partBytes where an array's next rows did
 * not fit.
 */
final class PartWriter {
  private final int partBytes;
  /** Where the parts after the first come from (null: fresh arrays). */
  private final PartPool.Lease lease;
  private ByteString parts = ByteString.emptyByteString(); // a rope: concatenation copies no bytes
  private ByteBuffer current;

  private PartWriter(int partBytes, int firstBytes, PartPool.Lease lease) {
    this.partBytes = partBytes;
    this.lease = lease;
    this.current = ByteBuffer.allocate(firstBytes);
  }

  /**
   * The message: header, then every array's elements in C order, little-endian; the parts after the first are taken
   * from lease when it is not null.
   */
  static ByteString write(byte[] header, List<NdArray> arrays, long arrayBytes, int partBytes, PartPool.Lease lease) {
    int first = 4 + header.length; // the first part holds the header and up to partBytes of elements
    PartWriter w = new PartWriter(partBytes, (int) Math.min(first + arrayBytes, first + (long) partBytes), lease);
    w.current.putInt(header.length);
    w.current.put(header);
    w.current.order(ByteOrder.LITTLE_ENDIAN);
    for (NdArray a : arrays) {
      w.put(a);
    }
    return w.result();
  }

  private void put(NdArray a) {
    long bytes = a.size() * a.dtype().itemSize();
    if (bytes <= current.remaining()) {
      ElementBytes.putAll(current, a);
      return;
    }
    if (bytes <= partBytes) {
      next();
      ElementBytes.putAll(current, a);
      return;
    }
    long[] dims = a.dims(); // at least one axis: a 0-d array fits any part
    long rows = dims[0];
    long row = bytes / rows;
    long at = 0;
    while (at < rows) {
      if (row > partBytes) { // a row larger than a part: its own rows, one level down
        put(a.view(rowsOf(dims, at, 1, true)));
        at++;
        continue;
      }
      long fit = current.remaining() / row;
      if (fit == 0) {
        next();
        fit = current.remaining() / row;
      }
      long n = Math.min(fit, rows - at);
      ElementBytes.putAll(current, a.view(rowsOf(dims, at, n, false)));
      at += n;
    }
  }

  private static List<AxisRange> rowsOf(long[] dims, long from, long n, boolean drop) {
    AxisRange[] r = new AxisRange[dims.length];
    r[0] = new AxisRange(from, 1, n, drop);
    for (int k = 1; k < dims.length; k++) {
      r[k] = AxisRange.all(dims[k]);
    }
    return List.of(r);
  }

  private void next() {
    finish();
    current = (lease == null ? ByteBuffer.allocate(partBytes) : ByteBuffer.wrap(lease.take(partBytes)))
        .order(ByteOrder.LITTLE_ENDIAN);
  }

  private void finish() {
    if (current.position() > 0) {
      parts = parts.concat(ByteString.fromArrayUnsafe(current.array(), 0, current.position()));
    }
  }

  private ByteString result() {
    finish();
    return parts;
  }
}
