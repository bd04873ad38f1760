package org.distarray.actors.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.junit.jupiter.api.Test;

/** Storage of arrays read from the wire is reused only when it was lent for reading and given back. */
class ReceivedStorageTest {
  private static final long[] LARGE = {64, 1024}; // 512 KiB of float64, above MIN_BYTES
  private static final long LARGE_SIZE = 64 * 1024;

  @Test
  void storageGivenBackIsTheNextReadOfThatSizeAndShape() {
    NdArray a = ReceivedStorage.forReading(DType.FLOAT64, LARGE, LARGE_SIZE);
    assertArrayEquals(LARGE, a.dims());
    assertTrue(a.isContiguous());
    ReceivedStorage.giveBack(a);
    NdArray b = ReceivedStorage.forReading(DType.FLOAT64, new long[] {LARGE_SIZE}, LARGE_SIZE);
    assertSame(a.storage(), b.storage(), "the same storage, in the shape asked for");
    assertArrayEquals(new long[] {LARGE_SIZE}, b.dims());
    NdArray c = ReceivedStorage.forReading(DType.FLOAT64, LARGE, LARGE_SIZE);
    assertNotSame(b.storage(), c.storage(), "storage still lent is not lent twice");
    ReceivedStorage.giveBack(b);
    ReceivedStorage.giveBack(b); // twice: taken back once
    NdArray d = ReceivedStorage.forReading(DType.FLOAT64, LARGE, LARGE_SIZE);
    NdArray e = ReceivedStorage.forReading(DType.FLOAT64, LARGE, LARGE_SIZE);
    assertSame(b.storage(), d.storage());
    assertNotSame(d.storage(), e.storage());
  }

  @Test
  void storageNotLentHereIsNeverReused() {
    NdArray block = NdArray.zeros(DType.INT64, LARGE); // a block, or a view of one, handed over inside one JVM
    ReceivedStorage.giveBack(block);
    ReceivedStorage.giveBack(block.slice("1:3"));
    NdArray read = ReceivedStorage.forReading(DType.INT64, LARGE, LARGE_SIZE);
    assertNotSame(block.storage(), read.storage());
  }

  @Test
  void smallArraysAreNewZeroedArrays() {
    NdArray small = ReceivedStorage.forReading(DType.FLOAT32, new long[] {3, 5}, 15);
    assertArrayEquals(new long[] {3, 5}, small.dims());
    assertEquals(0, small.toDoubleArray()[14]);
    ReceivedStorage.giveBack(small);
    assertNotSame(small.storage(), ReceivedStorage.forReading(DType.FLOAT32, new long[] {3, 5}, 15).storage());
  }

  @Test
  void complexStorageHoldsTwoSlotsPerElementAndWhatWaitsIsBounded() {
    NdArray z = ReceivedStorage.forReading(DType.COMPLEX128, new long[] {LARGE_SIZE}, LARGE_SIZE);
    assertEquals(2 * LARGE_SIZE, ((double[]) z.storage()).length);
    ReceivedStorage.giveBack(z);
    assertSame(z.storage(), ReceivedStorage.forReading(DType.COMPLEX128, new long[] {LARGE_SIZE}, LARGE_SIZE)
        .storage());
    long size = ReceivedStorage.KEPT_BYTES / 8 / 4; // a quarter of what may wait, in float64
    NdArray[] lent = new NdArray[6];
    for (int i = 0; i < lent.length; i++) {
      lent[i] = ReceivedStorage.forReading(DType.FLOAT64, new long[] {size}, size);
    }
    for (NdArray a : lent) {
      ReceivedStorage.giveBack(a);
      assertTrue(ReceivedStorage.keptBytes() <= ReceivedStorage.KEPT_BYTES, ReceivedStorage.keptBytes() + " bytes");
    }
  }
}
