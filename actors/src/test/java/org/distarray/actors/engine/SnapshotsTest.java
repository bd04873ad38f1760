package org.distarray.actors.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.distarray.actors.EngineMemoryFull;
import org.distarray.arrays.AxisRange;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.Distribution;
import org.junit.jupiter.api.Test;

/** Copies of blocks about to be written: views copied with their storage, small views compactly, within budget. */
class SnapshotsTest {
  private static final Distribution D = Distribution.of(Shape.of(100), "b", 1);

  private static NdArray range(int n) {
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = i;
    }
    return NdArray.of(d, n);
  }

  @Test
  void anArrayAndItsViewAreCopiedAsOneStorageAndKeepTheirValuesAcrossWrites() {
    BlockStore store = new BlockStore(0, 1 << 20);
    NdArray base = range(100);
    store.put(1, new Block(base, D, 0));
    store.put(2, new Block(base.view(List.of(new AxisRange(90, -3, 10, false))), D, 0)); // base[90::-3][:10]
    Snapshots.copy(store, new long[] {1, 2}, new long[] {11, 12});
    base.set(-1.0, 90);
    NdArray copyOfBase = store.get(11).data();
    NdArray copyOfView = store.get(12).data();
    assertSame(copyOfBase.storage(), copyOfView.storage(), "one copy of the storage for both");
    assertNotSame(base.storage(), copyOfBase.storage());
    assertEquals(90.0, copyOfBase.getDouble(90));
    assertArrayEquals(new double[] {90, 87, 84, 81, 78, 75, 72, 69, 66, 63}, copyOfView.toDoubleArray());
    assertEquals(1600, store.blockBytes(), "two storages of 800 bytes");
  }

  @Test
  void aSmallViewOfALargeStorageIsCopiedCompactly() {
    BlockStore store = new BlockStore(0, 1 << 20);
    NdArray base = range(100);
    store.put(1, new Block(base.view(List.of(new AxisRange(10, 1, 5, false))), D, 0)); // base[10:15]
    Snapshots.copy(store, new long[] {1, 7}, new long[] {11, 17}); // array 7 is not held here: skipped
    assertArrayEquals(new double[] {10, 11, 12, 13, 14}, store.get(11).data().toDoubleArray());
    assertEquals(800 + 40, store.blockBytes());
    assertEquals(null, store.get(17));
  }

  @Test
  void aSnapshotThatDoesNotFitTheBudgetMakesNoCopy() {
    BlockStore store = new BlockStore(0, 1000);
    store.put(1, new Block(range(100), D, 0));
    assertThrows(EngineMemoryFull.class, () -> Snapshots.copy(store, new long[] {1}, new long[] {11}));
    assertEquals(null, store.get(11));
    assertEquals(800, store.used());
  }
}
