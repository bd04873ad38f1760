package org.distarray.actors.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.distarray.arrays.ElementBytes;
import org.distarray.arrays.NdArray;

/**
 * The raw array bytes of a message being read, in one buffer or in the several buffers a message arrived in from
 * the network: elements are read straight from each buffer into the array (an element cut between two buffers is
 * joined through a few bytes), so a message's bytes are never joined into one array first.
 */
final class RawBytes {
  private final ByteBuffer[] segments;
  private int current;
  private long remaining;

  RawBytes(Iterable<ByteBuffer> segments) {
    List<ByteBuffer> all = new ArrayList<>();
    segments.forEach(all::add);
    this.segments = all.toArray(new ByteBuffer[0]);
    for (ByteBuffer b : this.segments) {
      remaining += b.remaining();
    }
  }

  RawBytes(ByteBuffer buffer) {
    this(List.of(buffer));
  }

  long remaining() {
    return remaining;
  }

  /** Reads a's elements (a fresh C-order array) little-endian from here on. */
  void readInto(NdArray a) {
    int n = (int) a.size();
    int item = a.dtype().itemSize();
    remaining -= (long) n * item;
    int filled = 0;
    while (filled < n) {
      ByteBuffer b = segments[current];
      int whole = Math.min(n - filled, b.remaining() / item);
      if (whole > 0) {
        ByteOrder order = b.order();
        b.order(ByteOrder.LITTLE_ENDIAN);
        ElementBytes.get(b, a, filled, whole);
        b.order(order);
        filled += whole;
      } else if (b.hasRemaining()) {
        ByteBuffer joined = ByteBuffer.allocate(item).order(ByteOrder.LITTLE_ENDIAN);
        while (joined.hasRemaining()) {
          ByteBuffer s = segments[current];
          if (!s.hasRemaining()) {
            current++;
            continue;
          }
          joined.put(s.get());
        }
        joined.flip();
        ElementBytes.get(joined, a, filled, 1);
        filled++;
      } else {
        current++;
      }
    }
  }
}
