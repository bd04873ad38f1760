package org.distarray.actors.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.Serialization$;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.distarray.actors.engine.Engine;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.dist.IndexRuns;
import org.distarray.arrays.dist.Piece;
import org.distarray.arrays.ops.Ufuncs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Messages with arrays through the serializer every CborSerializable message is bound to. */
class ArrayFramedSerializerTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final Serialization SERIALIZATION = SerializationExtension.get(KIT.system().classicSystem());

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  private static ArrayFramedSerializer serializer() throws NotSerializableException {
    Serializer s = SERIALIZATION.serializerFor(Engine.PieceData.class);
    return assertInstanceOf(ArrayFramedSerializer.class, s, "CborSerializable messages are bound to it");
  }

  @Test
  void aPieceWithAStridedViewRoundTripsThroughAByteBuffer() throws Exception {
    TestProbe<Engine.Command> sender = KIT.createTestProbe();
    NdArray base = NdArray.of(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 3, 4);
    NdArray view = base.slice("::2, ::-1"); // [[3, 2, 1, 0], [11, 10, 9, 8]], not contiguous
    Engine.PieceData m = new Engine.PieceData(7, 42, Piece.of(IndexRuns.range(0, 2), IndexRuns.range(1, 5)),
        WireArray.of(view),
        new long[] {2, 4}, sender.ref(), 3);
    ArrayFramedSerializer s = serializer();
    byte[] bytes = SERIALIZATION.serialize(m).get(); // as Pekko does it, with the system for the actor reference

    Engine.PieceData back = (Engine.PieceData) SERIALIZATION.deserialize(bytes, s.identifier(), s.manifest(m)).get();

    assertArrayEquals(new double[] {3, 2, 1, 0, 11, 10, 9, 8}, back.data().toNdArray().toDoubleArray());
    assertArrayEquals(new long[] {2, 4}, back.data().toNdArray().dims());
    assertEquals(m.targetLocal(), back.targetLocal());
    assertEquals(sender.ref(), back.sender());
    assertEquals(3, back.slot());
    assertEquals(42, back.result());
  }

  @Test
  void anArrayIsWrittenIntoAndReadFromTheFramesBuffer() throws Exception {
    ArrayFramedSerializer s = serializer();
    Engine.Done done = new Engine.Done(5, 1, null, 0, NdArray.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3), null);
    ByteBuffer buf = ByteBuffer.allocateDirect(4096);
    buf.putLong(-1); // the frame's own header before the message

    s.toBinary(done, buf);
    int written = buf.position() - 8;
    buf.flip();
    buf.getLong();
    Engine.Done back = (Engine.Done) s.fromBinary(buf, s.manifest(done));

    assertEquals(0, buf.remaining(), "every byte written is read");
    assertEquals(s.toBinary(done).length, written, "the buffer and the byte array forms agree");
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, back.block().toDoubleArray());
    assertArrayEquals(new long[] {2, 3}, back.block().dims());
  }

  @Test
  void aMessageIsReadFromThePartsItArrivedInWithElementsCutBetweenParts() throws Exception {
    TestProbe<Engine.Command> sender = KIT.createTestProbe();
    ArrayFramedSerializer s = serializer();
    for (DType t : DType.values()) {
      NdArray data = NdArray.arange(37).astype(t).reshape(37);
      Engine.PieceData m = new Engine.PieceData(9, 4, Piece.of(IndexRuns.range(3, 40)), WireArray.of(data), null,
          sender.ref(), 1);
      byte[] bytes = SERIALIZATION.serialize(m).get();
      // parts of 1, 2, 3, ... bytes, as a socket may deliver them: most elements straddle two or more parts
      ByteString joined = ByteString.emptyByteString();
      int at = 0;
      for (int n = 1; at < bytes.length; n++) {
        int k = Math.min(n, bytes.length - at);
        joined = joined.concat(ByteString.fromArray(bytes, at, k));
        at += k;
      }
      ByteString parts = joined;
      assertTrue(parts.getByteBuffers().iterator().hasNext());
      Engine.PieceData back = (Engine.PieceData) Serialization$.MODULE$.withTransportInformation(
          (org.apache.pekko.actor.ExtendedActorSystem) KIT.system().classicSystem(), () -> {
            try {
              return s.fromBytes(parts, s.manifest(m));
            } catch (NotSerializableException e) {
              throw new AssertionError(e);
            }
          });
      assertArrayEquals(data.astype(DType.FLOAT64).toDoubleArray(),
          back.data().toNdArray().astype(DType.FLOAT64).toDoubleArray(), t.toString());
      assertEquals(t, back.data().toNdArray().dtype());
      assertEquals(sender.ref(), back.sender());
      assertEquals(m.targetLocal(), back.targetLocal());
      ByteString cut = parts.take(bytes.length - 3);
      NotSerializableException e = assertThrows(NotSerializableException.class, () -> s.fromBytes(cut, s.manifest(m)));
      assertTrue(e.getMessage().contains("needs " + 37 * t.itemSize() + " bytes, " + (37 * t.itemSize() - 3)
          + " remain"), e.getMessage());
    }
  }

  @Test
  void aMessageInPartsHasTheBytesOfTheWholeOneAndNoPartLargerThanAsked() throws Exception {
    TestProbe<Engine.Command> sender = KIT.createTestProbe();
    ArrayFramedSerializer s = serializer();
    NdArray cube = NdArray.arange(5 * 6 * 7).reshape(5, 6, 7);
    List<NdArray> arrays = List.of(
        cube.astype(DType.FLOAT64).slice("::-1, 1:, ::2"), // strided, reversed: rows of 5 x 4 elements
        cube.astype(DType.COMPLEX128).slice("1:4, ::-1, :"),
        cube.astype(DType.INT8).slice(":, :, 3"),
        cube.astype(DType.BOOL).slice("::2"),
        NdArray.zeros(DType.FLOAT32, 0, 9),
        NdArray.arange(1000).astype(DType.INT32).slice("::-3"));
    for (NdArray a : arrays) {
      Engine.PieceData m = new Engine.PieceData(9, 4, Piece.of(IndexRuns.range(0, a.size())), WireArray.of(a), null,
          sender.ref(), 2);
      byte[] whole = SERIALIZATION.serialize(m).get();
      // 64 bytes hold 4 complex, 8 float64, 64 int8 elements: every array above is cut, most of them within rows
      for (int partBytes : new int[] {64, 112, 4096}) {
        ByteString parts = Serialization$.MODULE$.withTransportInformation(
            (org.apache.pekko.actor.ExtendedActorSystem) KIT.system().classicSystem(),
            () -> s.toByteString(m, partBytes));
        assertArrayEquals(whole, parts.toArray(), a.dtype() + " " + a.shape() + " in parts of " + partBytes);
        int header = 4 + ByteBuffer.wrap(whole).getInt();
        boolean first = true;
        for (ByteBuffer part : parts.getByteBuffers()) {
          assertTrue(part.remaining() <= partBytes + (first ? header : 0),
              "a part of " + part.remaining() + " bytes, asked for at most " + partBytes);
          first = false;
        }
        Engine.PieceData back = (Engine.PieceData) SERIALIZATION.deserialize(parts.toArray(), s.identifier(),
            s.manifest(m)).get();
        assertEquals(a.toString(), back.data().toNdArray().toString());
      }
    }
  }

  @Test
  void partsFromAPoolAreWrittenAgainOnlyAfterTheirChunkIsReleased() throws Exception {
    TestProbe<Engine.Command> sender = KIT.createTestProbe();
    ArrayFramedSerializer s = serializer();
    PartPool pool = new PartPool(2, byte[]::new);
    NdArray first = NdArray.arange(1000).astype(DType.FLOAT64);
    NdArray second = Ufuncs.negative(first);
    Engine.PieceData m1 = new Engine.PieceData(9, 4, Piece.of(IndexRuns.range(0, 1000)), WireArray.of(first), null,
        sender.ref(), 0);
    Engine.PieceData m2 = new Engine.PieceData(9, 4, Piece.of(IndexRuns.range(0, 1000)), WireArray.of(second), null,
        sender.ref(), 1);
    byte[] whole1 = SERIALIZATION.serialize(m1).get();
    byte[] whole2 = SERIALIZATION.serialize(m2).get();
    org.apache.pekko.actor.ExtendedActorSystem classic =
        (org.apache.pekko.actor.ExtendedActorSystem) KIT.system().classicSystem();

    ByteString bytes1 = Serialization$.MODULE$.withTransportInformation(classic,
        () -> s.toByteString(m1, 1024, pool.lease(0))); // 8,000 bytes of elements: the header's part and 7 more
    assertArrayEquals(whole1, bytes1.toArray());
    ByteString bytes2 = Serialization$.MODULE$.withTransportInformation(classic,
        () -> s.toByteString(m2, 1024, pool.lease(1)));
    assertArrayEquals(whole2, bytes2.toArray(), "nothing released yet: fresh arrays");
    assertArrayEquals(whole1, bytes1.toArray(), "the first chunk's bytes are untouched while it is unacknowledged");
    assertEquals(0, pool.freeParts());

    pool.release(0);
    int released = pool.freeParts();
    assertEquals(7, released, "the parts after the header's part");
    ByteString again = Serialization$.MODULE$.withTransportInformation(classic,
        () -> s.toByteString(m2, 1024, pool.lease(0)));
    assertArrayEquals(whole2, again.toArray(), "the released arrays, written again: no stale byte shows");
    assertEquals(0, pool.freeParts(), "every released array was written again");
    assertArrayEquals(whole2, bytes2.toArray(), "the unreleased chunk is untouched");
  }

  @Test
  void partsComeFromTheSourceAndOnlyReleasedOnesAreDrained() throws Exception {
    TestProbe<Engine.Command> sender = KIT.createTestProbe();
    ArrayFramedSerializer s = serializer();
    ArrayDeque<byte[]> kept = new ArrayDeque<>();
    byte[] stale = new byte[1024];
    Arrays.fill(stale, (byte) 0x5a);
    kept.add(stale);
    PartPool pool = new PartPool(2, n -> kept.isEmpty() || kept.peek().length != n ? new byte[n] : kept.poll());
    NdArray first = NdArray.arange(1000).astype(DType.FLOAT64);
    Engine.PieceData m1 = new Engine.PieceData(9, 4, Piece.of(IndexRuns.range(0, 1000)), WireArray.of(first), null,
        sender.ref(), 0);
    Engine.PieceData m2 = new Engine.PieceData(9, 4, Piece.of(IndexRuns.range(0, 1000)),
        WireArray.of(Ufuncs.negative(first)), null, sender.ref(), 1);
    org.apache.pekko.actor.ExtendedActorSystem classic =
        (org.apache.pekko.actor.ExtendedActorSystem) KIT.system().classicSystem();
    ByteString bytes1 = Serialization$.MODULE$.withTransportInformation(classic,
        () -> s.toByteString(m1, 1024, pool.lease(0)));
    assertArrayEquals(SERIALIZATION.serialize(m1).get(), bytes1.toArray(), "the stale kept array, overwritten");
    assertTrue(kept.isEmpty(), "the source's array was taken");
    Serialization$.MODULE$.withTransportInformation(classic, () -> s.toByteString(m2, 1024, pool.lease(1)));

    pool.release(0);
    List<byte[]> drained = new ArrayList<>();
    pool.drain(drained::add);
    assertEquals(7, drained.size(), "the released chunk's parts after its header's part; none of the unreleased one");
    assertTrue(drained.stream().anyMatch(b -> b == stale), "the source's array goes back");
    assertEquals(0, pool.freeParts());
  }

  @Test
  void everyDtypeRoundTripsThroughBytes() throws Exception {
    ArrayFramedSerializer s = serializer();
    List<NdArray> arrays = List.of(NdArray.of(new double[] {1.5, -0.0, Double.NaN}, 3),
        NdArray.of(new float[] {1.5f, 2}, 2), NdArray.of(new long[] {Long.MIN_VALUE, 3}, 2),
        NdArray.of(new int[] {-4, 5, 6}, 3), NdArray.of(new boolean[] {true, false, true}, 3),
        NdArray.zeros(DType.FLOAT64, 0, 5));
    for (NdArray a : arrays) {
      Engine.Done done = new Engine.Done(1, 2, null, 0, a, null);
      Engine.Done back = (Engine.Done) s.fromBinary(s.toBinary(done), s.manifest(done));
      assertEquals(a.dtype(), back.block().dtype());
      assertArrayEquals(a.dims(), back.block().dims());
      assertEquals(a.toString(), back.block().toString(), a.dtype() + " values");
    }
  }

  @Test
  void truncatedMalformedAndForeignMessagesAreRefused() throws Exception {
    ArrayFramedSerializer s = serializer();
    Engine.Done done = new Engine.Done(1, 2, null, 0, NdArray.of(new double[] {1, 2, 3, 4}, 4), null);
    byte[] bytes = s.toBinary(done);
    byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 8);
    NotSerializableException e = assertThrows(NotSerializableException.class,
        () -> s.fromBinary(truncated, s.manifest(done)));
    assertTrue(e.getMessage().contains("32 bytes, 24 remain"), e.getMessage());
    assertThrows(NotSerializableException.class, () -> s.fromBinary(new byte[] {0, 0, 0, 9, 1}, s.manifest(done)));
    NotSerializableException foreign = assertThrows(NotSerializableException.class,
        () -> s.fromBinary(bytes, "java.util.ArrayList"));
    assertTrue(foreign.getMessage().contains("java.util.ArrayList"), foreign.getMessage());
    NotSerializableException unknown = assertThrows(NotSerializableException.class,
        () -> s.fromBinary(bytes, "org.example.NoSuchMessage"));
    assertTrue(unknown.getMessage().contains("org.example.NoSuchMessage"), unknown.getMessage());
  }
}
