package org.distarray.memory;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import org.distarray.arrays.Shape;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;

/**
 * Prints {@code per-engine <bytes>}: the heap an engine that holds no data takes, from live contexts of 64 and
 * 1,024 engines after operations that involved all of them (a redistribution: peers known) and whose arrays are
 * closed, each measured after full collections. Run in a JVM of its own by {@link EngineFootprintTest}.
 */
public final class IdleEngineHeap {
  private IdleEngineHeap() {}

  public static void main(String[] args) {
    DistContext.local(2).close(); // classes and configuration loaded before anything is measured
    long few = heapOfContext(64);
    long many = heapOfContext(1024);
    System.out.println("per-engine " + (many - few) / (1024 - 64));
  }

  private static long heapOfContext(int n) {
    long before = collectedHeap();
    try (DistContext ctx = DistContext.local(n)) {
      try (DistArray a = ctx.zeros(ctx.distribution(Shape.of(4096), "b"))) {
        a.redistribute(ctx.distribution(Shape.of(4096), "c")).close();
        if (a.sum() != 0) {
          throw new IllegalStateException("zeros summed to " + a.sum());
        }
      }
      if (ctx.memory().totalBlocks() != 0) {
        throw new IllegalStateException("blocks left: " + ctx.memory());
      }
      return collectedHeap() - before;
    }
  }

  private static long collectedHeap() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) { // the least of three full collections: whatever was in flight is gone
      System.gc();
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
