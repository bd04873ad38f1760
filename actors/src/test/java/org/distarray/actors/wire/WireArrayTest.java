package org.distarray.actors.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.ShapeMismatchException;
import org.junit.jupiter.api.Test;

/** Received array bytes are read straight into any view, whatever parts the network delivered them in. */
class WireArrayTest {

  /** The elements of a in C order, little-endian, cut into parts of 1, 2, 3, ... bytes after a lead of 5 bytes. */
  private static RawBytes cutIntoParts(NdArray a) {
    ByteBuffer whole = ByteBuffer.allocate(5 + (int) a.size() * a.dtype().itemSize()).order(ByteOrder.LITTLE_ENDIAN);
    whole.put(new byte[] {9, 9, 9, 9, 9});
    ArrayFrames.write(whole, a);
    byte[] bytes = whole.array();
    List<ByteBuffer> parts = new ArrayList<>();
    int at = 0;
    for (int n = 1; at < bytes.length; n++) {
      int k = Math.min(n, bytes.length - at);
      parts.add(ByteBuffer.wrap(bytes, at, k).slice()); // most elements straddle two or more parts
      at += k;
    }
    RawBytes raw = new RawBytes(parts);
    raw.take(5);
    return raw;
  }

  @Test
  void receivedBytesAreReadIntoAStridedReversedViewOfEveryDtype() {
    for (DType t : DType.values()) {
      NdArray sent = NdArray.arange(4 * 6).astype(t).reshape(4, 6); // bool: 0 false, the rest true
      RawBytes raw = cutIntoParts(sent);
      WireArray w = WireArray.received(t, new long[] {4, 6}, raw.take(24L * t.itemSize()));
      assertEquals(0, raw.remaining(), t + ": take skips the bytes it returns");
      assertTrue(w.isReceived());

      // rows 7, 5, 3, 1 and every other column of 12 in a 9 x 12 block: neither contiguous nor in storage order
      NdArray block = NdArray.zeros(t, 9, 12);
      NdArray place = block.slice("7:0:-2, ::2");
      w.readInto(place);
      // NumPy: block[7:0:-2, ::2] = sent writes block[7 - 2 * i, 2 * j] = sent[i, j]; every other element stays 0
      assertEquals(sent.toString(), block.slice("7:0:-2, ::2").toString(), t.toString());
      assertEquals(sent.slice("::-1").toString(), block.slice("1::2, ::2").toString(), t.toString());
      assertEquals(NdArray.zeros(t, 5, 12).toString(), block.slice("::2").toString(), t + ": even rows untouched");
      assertEquals(NdArray.zeros(t, 9, 6).toString(), block.slice(":, 1::2").toString(), t + ": odd columns untouched");
      assertEquals(sent.toString(), w.toNdArray().toString(), t + ": read again, as a new array");
    }
  }

  @Test
  void anArrayToSendIsCopiedOnlyWhenRead() {
    NdArray a = NdArray.of(new double[] {1, 2, 3, 4}, 2, 2);
    WireArray w = WireArray.of(a);
    assertFalse(w.isReceived());
    assertSame(a, w.toNdArray());
    NdArray target = NdArray.zeros(DType.FLOAT64, 2, 2);
    w.readInto(target.transpose());
    assertArrayEquals(new double[] {1, 3, 2, 4}, target.toDoubleArray()); // target.T = a
  }

  @Test
  void aTargetOfAnotherShapeOrDtypeIsRefusedWithBoth() {
    RawBytes raw = cutIntoParts(NdArray.arange(6).astype(DType.FLOAT64));
    WireArray w = WireArray.received(DType.FLOAT64, new long[] {6}, raw.take(48));
    ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
        () -> w.readInto(NdArray.zeros(DType.FLOAT64, 2, 3)));
    assertTrue(e.getMessage().contains("(6,)") && e.getMessage().contains("(2, 3)"), e.getMessage());
    e = assertThrows(ShapeMismatchException.class, () -> w.readInto(NdArray.zeros(DType.FLOAT32, 6)));
    assertTrue(e.getMessage().contains("float32"), e.getMessage());
    IllegalArgumentException short_ = assertThrows(IllegalArgumentException.class, () -> raw.take(1));
    assertTrue(short_.getMessage().contains("1 bytes wanted, 0 remain"), short_.getMessage());
  }
}
