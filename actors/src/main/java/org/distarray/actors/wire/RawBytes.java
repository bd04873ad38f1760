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

  /**
   * The next n bytes as buffers of their own (views of the segments, no copy), and skips them here.
   *
   * @throws IllegalArgumentException when fewer than n bytes remain
   */
  ByteBuffer[] take(long n) {
    if (n > remaining) {
      throw new IllegalArgumentException(n + " bytes wanted, " + remaining + " remain");
    }
    remaining -= n;
    List<ByteBuffer> out = new ArrayList<>();
    while (n > 0) {
      ByteBuffer b = segments[current];
      if (!b.hasRemaining()) {
        current++;
        continue;
      }
      int k = (int) Math.min(n, b.remaining());
      ByteBuffer part = b.duplicate();
      part.limit(part.position() + k);
      out.add(part.slice());
      b.position(b.position() + k);
      n -= k;
    }
    return out.toArray(new ByteBuffer[0]);
  }

  /**
   * Reads a's elements little-endian from here on, in C order: a is any array or view (strided, sliced), and each
   * run along its last axis is read in bulk straight from the segments.
   *
   * @param a Modified.
   */
  void readInto(NdArray a) {
    remaining -= a.size() * a.dtype().itemSize();
    ElementBytes.forEachRun(a, (from, step, n) -> readRun(a, from, step, n));
  }

  /** Reads n elements into a's storage at from, from + step, ... */
  private void readRun(NdArray a, long from, long step, int n) {
    int item = a.dtype().itemSize();
    while (n > 0) {
      ByteBuffer b = segments[current];
      int whole = (int) Math.min(n, b.remaining() / item);
      if (whole > 0) {
        ByteOrder order = b.order();
        b.order(ByteOrder.LITTLE_ENDIAN);
        ElementBytes.getStrided(b, a, from, step, whole);
        b.order(order);
        from += whole * step;
        n -= whole;
      } else if (b.hasRemaining()) { // an element cut between two segments: joined through a few bytes
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
        ElementBytes.getStrided(joined, a, from, step, 1);
        from += step;
        n--;
      } else {
        current++;
      }
    }
  }
}
