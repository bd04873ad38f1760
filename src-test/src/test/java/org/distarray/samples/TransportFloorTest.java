package org.distarray.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

/** The peer of the transport floor benchmark answers each round as the driver counts on. */
class TransportFloorTest {
  private final List<ByteString> sent = new ArrayList<>();
  private final TransportFloorPeer.Rounds rounds = new TransportFloorPeer.Rounds(sent::add);

  private long sentBytes() {
    long n = 0;
    for (ByteString b : sent) {
      n += b.size();
    }
    return n;
  }

  private static ByteString bytes(int n) {
    return ByteString.fromArrayUnsafe(new byte[n]);
  }

  @Test
  void eachRoundIsAnsweredWithItsBytesAtItsFirstByteAndAMarkerAtItsLast() {
    long round = 3L * TransportFloor.PART_BYTES + 5; // three whole parts and a short one
    ByteString header =
        ByteString.fromByteBuffer(ByteBuffer.allocate(TransportFloor.HEADER_BYTES).putLong(round).flip());
    rounds.received(header.take(3)); // a header split across reads
    assertEquals(0, sent.size());
    rounds.received(header.drop(3).concat(bytes(1)));
    assertEquals(round, sentBytes(), "the answer goes out at the round's first byte");
    assertEquals(4, sent.size());
    rounds.received(bytes((int) round - 2));
    assertEquals(round, sentBytes(), "no marker before the round's last byte");
    // the round's last byte and the next round's first two bytes in one read
    rounds.received(bytes(3));
    assertEquals(2 * round + TransportFloor.MARKER_BYTES, sentBytes());
    assertEquals(TransportFloor.MARKER_BYTES, sent.get(4).size(), "the marker follows the first round's answer");
    rounds.received(bytes((int) round - 2));
    assertEquals(2 * (round + TransportFloor.MARKER_BYTES), sentBytes());
  }
}
