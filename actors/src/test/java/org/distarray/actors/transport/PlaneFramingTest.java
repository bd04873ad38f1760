package org.distarray.actors.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.scaladsl.Framing.FramingException;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The data plane's framing: frames however the socket cuts the bytes, refusals of oversized and cut frames. */
class PlaneFramingTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final Materializer MAT = Materializer.matFromSystem(KIT.system());

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  /** A frame as the plane writes it: int length (little-endian), then body. */
  private static ByteString frame(int bodyBytes, int seed) {
    ByteStringBuilder b = new ByteStringBuilder();
    b.putInt(bodyBytes, ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < bodyBytes; i++) {
      b.putByte((byte) (seed * 31 + i));
    }
    return b.result();
  }

  private static List<ByteString> run(List<ByteString> reads, int max) throws Exception {
    return Source.from(reads).via(new PlaneFraming(max)).runWith(Sink.seq(), MAT).toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  /** The stream cut into reads of 1, 2, 3, ... bytes, then the rest. */
  private static List<ByteString> cut(ByteString all) {
    List<ByteString> reads = new ArrayList<>();
    int at = 0;
    for (int n = 1; at < all.size(); n++) {
      int k = Math.min(n, all.size() - at);
      reads.add(all.slice(at, at + k));
      at += k;
    }
    return reads;
  }

  @Test
  void framesComeOutWholeHoweverTheReadsCutThem() throws Exception {
    List<ByteString> frames = List.of(frame(0, 1), frame(5, 2), frame(300, 3), frame(1, 4), frame(70, 5));
    ByteString all = ByteString.emptyByteString();
    for (ByteString f : frames) {
      all = all.concat(f);
    }
    assertEquals(frames, run(cut(all), 1024), "reads of growing sizes");
    assertEquals(frames, run(List.of(all), 1024), "every frame in one read");
    assertEquals(List.of(), run(List.of(), 1024), "no bytes: no frames, a clean end");
  }

  @Test
  void aFrameOverTheLimitOrCutByTheEndFailsTheConnection() {
    ExecutionException big = assertThrows(ExecutionException.class, () -> run(List.of(frame(100, 1)), 64));
    FramingException e = assertInstanceOf(FramingException.class, big.getCause());
    assertTrue(e.getMessage().contains("frame of 104 bytes, more than the 64"), e.getMessage());
    ByteString whole = frame(10, 1);
    ExecutionException cut = assertThrows(ExecutionException.class,
        () -> run(List.of(whole, frame(10, 2).take(7)), 64));
    assertTrue(cut.getCause().getMessage().contains("ended inside a frame (7 bytes of 14)"),
        cut.getCause().getMessage());
    ExecutionException length = assertThrows(ExecutionException.class, () -> run(List.of(whole.take(3)), 64));
    assertTrue(length.getCause().getMessage().contains("3 bytes of a length field"), length.getCause().getMessage());
  }
}
