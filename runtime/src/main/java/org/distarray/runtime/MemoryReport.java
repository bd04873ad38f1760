package org.distarray.runtime;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the engines hold now ({@link DistContext#memory()}): per engine id, its blocks and their bytes against its
 * budget; and how many of this context's arrays have blocks on the engines.
 *
 * @param engines engine id -> what it holds, ascending by id
 * @param liveArrays this context's arrays whose blocks are on the engines (open ones, and closed ones that a lazy
 *     result still reads)
 */
public record MemoryReport(Map<Integer, EngineMemory> engines, int liveArrays) {
  public MemoryReport {
    engines = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(engines));
  }

  /** Blocks on all engines together. */
  public int totalBlocks() {
    int n = 0;
    for (EngineMemory e : engines.values()) {
      n += e.blocks();
    }
    return n;
  }

  /** Bytes of blocks on all engines together. */
  public long totalBlockBytes() {
    long n = 0;
    for (EngineMemory e : engines.values()) {
      n += e.blockBytes();
    }
    return n;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("memory: " + liveArrays + " live arrays");
    for (EngineMemory e : ((SortedMap<Integer, EngineMemory>) engines).values()) {
      b.append(String.format("%n  engine %d: %d blocks, %.1f MiB of %.1f MiB", e.engineId(), e.blocks(),
          e.blockBytes() / 1048576.0, e.budgetBytes() / 1048576.0));
    }
    return b.toString();
  }
}
