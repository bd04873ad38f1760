package org.distarray.arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class ElementBytesTest {
  @Test
  void runsOfEveryDtypeRoundTripInBothByteOrders() {
    for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
      for (DType t : DType.values()) {
        NdArray a = NdArray.arange(10).astype(t);
        ByteBuffer buf = ByteBuffer.allocate(3 + 8 * 10).order(order);
        buf.position(3);
        ElementBytes.put(buf, a, 2, 5); // elements 2..6
        assertEquals(3 + 5 * t.itemSize(), buf.position(), t + " put advances");
        NdArray back = NdArray.zeros(t, 7);
        buf.position(3);
        ElementBytes.get(buf, back, 1, 5);
        assertEquals(3 + 5 * t.itemSize(), buf.position(), t + " get advances");
        double[] v = a.astype(DType.FLOAT64).toDoubleArray(); // 0..9 in t (bool: 0 then 1s)
        assertArrayEquals(new double[] {0, v[2], v[3], v[4], v[5], v[6], 0},
            back.astype(DType.FLOAT64).toDoubleArray(), t + " " + order);
      }
    }
    // float64 2.0 big-endian is 0x40 00 .. 00
    ByteBuffer be = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN);
    ElementBytes.put(be, NdArray.of(new double[] {2.0}, 1), 0, 1);
    assertEquals(0x40, be.get(0));
  }
}
