package org.distarray.arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.distarray.arrays.ops.Ufuncs;
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

  @Test
  void putAllWritesAnyViewInCOrderWithoutACopy() {
    for (DType t : DType.values()) {
      NdArray base = NdArray.arange(24).astype(t).reshape(2, 3, 4);
      if (t.isComplex()) { // imaginary parts -k, so that a swapped or lost part shows
        base = Ufuncs.add(base, Ufuncs.multiply(NdArray.arange(24).reshape(2, 3, 4),
            NdArray.ofComplex(new double[] {0, -1}).reshape())).astype(t);
      }
      NdArray[] views = {
          base, // contiguous
          base.slice(":, 1:, ::-1"), // the last axis reversed
          base.slice("::-1, :, 1:3"), // rows of two contiguous elements
          base.transpose(2, 0, 1), // the last axis strided
          base.slice("1, 2").broadcastTo(Shape.of(3, 2, 4)), // stride 0 on the first axes
          base.slice("0, :0, :"), // empty
      };
      for (NdArray v : views) {
        ByteBuffer buf = ByteBuffer.allocate(5 + 16 * 24).order(ByteOrder.LITTLE_ENDIAN);
        buf.position(5);
        ElementBytes.putAll(buf, v);
        assertEquals(5 + v.size() * t.itemSize(), buf.position(), t + " " + v.shape() + " advances by its bytes");
        NdArray back = NdArray.zeros(t, v.size());
        buf.position(5);
        ElementBytes.get(buf, back, 0, (int) v.size());
        // the expected elements: NumPy's v.ravel() (C order), taken one by one through the view's indices
        assertArrayEquals(v.copy().reshape(-1).astype(DType.FLOAT64).toDoubleArray(),
            back.astype(DType.FLOAT64).toDoubleArray(), t + " " + v.shape());
        assertArrayEquals(Ufuncs.imag(v).reshape(-1).astype(DType.FLOAT64).toDoubleArray(),
            Ufuncs.imag(back).astype(DType.FLOAT64).toDoubleArray(), t + " " + v.shape() + " imaginary parts");
      }
    }
    ByteBuffer four = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
    ElementBytes.putAll(four, NdArray.arange(6).astype(DType.FLOAT64).reshape(2, 3).slice(":, ::2"));
    double[] written = new double[4];
    four.flip().asDoubleBuffer().get(written);
    assertArrayEquals(new double[] {0, 2, 3, 5}, written); // np.arange(6.).reshape(2, 3)[:, ::2].ravel()
  }

  @Test
  void stridedRunsLongerThanTheScratchRoundTripForwardAndBackward() {
    int n = 2500; // more than the 1024 elements the strided copy moves at a time
    for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
      for (DType t : DType.values()) {
        NdArray a = NdArray.arange(3 * n).astype(t);
        double[] v = a.astype(DType.FLOAT64).toDoubleArray();
        for (long[] run : new long[][] {{1, 3}, {3 * n - 2, -2}}) { // a[1::3] and a[::-2] from the end
          long from = run[0];
          long step = run[1];
          int count = (int) Math.min(n, step > 0 ? (3 * n - from + step - 1) / step : from / -step + 1);
          ByteBuffer buf = ByteBuffer.allocate(2 + 16 * count).order(order);
          buf.position(2);
          ElementBytes.putStrided(buf, a, from, step, count);
          assertEquals(2 + count * t.itemSize(), buf.position(), t + " put advances");
          // NumPy: b = np.zeros(3 * n); b[from::step][:count] = a[from::step][:count], every other element 0
          NdArray back = NdArray.zeros(t, 3 * n);
          buf.position(2);
          ElementBytes.getStrided(buf, back, from, step, count);
          assertEquals(2 + count * t.itemSize(), buf.position(), t + " get advances");
          double[] expected = new double[3 * n];
          for (int i = 0; i < count; i++) {
            expected[(int) (from + i * step)] = v[(int) (from + i * step)];
          }
          assertArrayEquals(expected, back.astype(DType.FLOAT64).toDoubleArray(), t + " " + order + " step " + step);
          // and the bytes are the elements in order: the first one written is a[from]
          buf.position(2);
          NdArray first = NdArray.zeros(t, 1);
          ElementBytes.get(buf, first, 0, 1);
          assertEquals(v[(int) from], first.astype(DType.FLOAT64).toDoubleArray()[0], t + " first element");
        }
      }
    }
  }
}
