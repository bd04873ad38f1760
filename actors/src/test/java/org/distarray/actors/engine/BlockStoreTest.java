package org.distarray.actors.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.distarray.actors.EngineMemoryFull;
import org.distarray.arrays.AxisRange;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.Distribution;
import org.junit.jupiter.api.Test;

/** An engine's blocks counted against its budget: shared storage once, the pool given back first, clear failures. */
class BlockStoreTest {
  private static final Distribution D = Distribution.of(Shape.of(100), "b", 1);

  private static Block block(NdArray data) {
    return new Block(data, D, 0);
  }

  @Test
  void aViewAndItsBaseCountTheirStorageOnceUntilTheLastIsRemoved() {
    BlockStore store = new BlockStore(3, 4000);
    NdArray base = NdArray.zeros(DType.FLOAT64, 100);
    store.put(1, block(base));
    store.put(2, block(base.view(List.of(new AxisRange(10, 1, 20, false)))));
    assertEquals(800, store.blockBytes());
    assertEquals(2, store.blockCount());
    store.remove(1);
    assertEquals(800, store.blockBytes(), "the view still holds the whole storage");
    store.remove(2);
    assertEquals(0, store.blockBytes());
    assertEquals(800, store.used(), "the freed storage went to the pool");
    NdArray reused = store.take(DType.FLOAT64, new long[] {10, 10}, "a test block");
    assertSame(base.storage(), reused.storage());
  }

  @Test
  void thePoolGivesItsStorageBackBeforeAnAllocationFails() {
    BlockStore store = new BlockStore(0, 4000);
    store.put(1, block(NdArray.zeros(DType.FLOAT64, 100)));
    store.remove(1); // 800 bytes kept in the pool
    assertEquals(800, store.used());
    store.reserve(3500, "a test block");
    assertEquals(0, store.used(), "the pool shrank to make room");
  }

  @Test
  void anAllocationOverTheBudgetNamesTheEngineTheBytesAskedForAndTheBytesFree() {
    BlockStore store = new BlockStore(7, 4000);
    store.put(1, block(NdArray.zeros(DType.FLOAT64, 100)));
    EngineMemoryFull e = assertThrows(EngineMemoryFull.class, () -> store.reserve(3500, "a test block"));
    assertEquals(7, e.engineId());
    assertEquals(3500, e.requestedBytes());
    assertEquals(3200, e.freeBytes());
    assertTrue(e.getMessage().startsWith("engine 7 cannot allocate 3500 bytes for a test block: 3200 bytes free of"
        + " its budget of 4000 bytes"), e.getMessage());
    assertEquals(800, store.used(), "nothing changed");
    long[] parsed = EngineMemoryFull.parse(e.getMessage());
    assertEquals(List.of(7L, 3500L, 3200L, 4000L), List.of(parsed[0], parsed[1], parsed[2], parsed[3]));
  }

  @Test
  void transferBuffersCountWhileTheyAreHeld() {
    BlockStore store = new BlockStore(0, 4000);
    store.holdTransfer(3000, "chunk buffers");
    assertThrows(EngineMemoryFull.class, () -> store.reserve(1500, "a test block"));
    store.releaseTransfer(3000);
    store.reserve(1500, "a test block");
    assertEquals(0, store.used());
  }

  @Test
  void aChunksPartsAreKeptForTheNextMoveAndCountedUntilTakenAgain() {
    BlockStore store = new BlockStore(2, 4000);
    byte[] fresh = store.takeBytes(1000);
    assertEquals(1000, fresh.length);
    assertEquals(0, store.used(), "a new array: counted by the transfer that holds it, not here");
    store.recycleBytes(fresh);
    assertEquals(1000, store.used(), "kept for the next move, counted against the budget");
    assertSame(fresh, store.takeBytes(1000), "the kept array comes back");
    assertEquals(0, store.used());
    store.recycleBytes(fresh);
    assertTrue(store.takeBytes(999) != fresh, "only an array of the length asked for is reused");
    store.reserve(3500, "a test block");
    assertEquals(0, store.used(), "kept parts go before an allocation fails");
  }

  @Test
  void partsThatDoNotFitTheRoomLeftAreNotKept() {
    BlockStore store = new BlockStore(2, 4000);
    store.put(1, block(NdArray.zeros(DType.FLOAT64, 450))); // 3,600 of 4,000 bytes
    store.recycleBytes(new byte[1000]);
    assertEquals(3600, store.used(), "1,000 bytes do not fit the 400 left");
  }
}
