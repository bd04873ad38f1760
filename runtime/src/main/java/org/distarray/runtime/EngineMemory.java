package org.distarray.runtime;

/**
 * One engine's memory: its blocks (one per array it holds a part of, views included) and the bytes of their storage
 * (storage shared by a view and its base counted once, in full), against its budget; and bytesSent, the bytes of
 * block data it has sent to other engines since it started (what redistributions, assignments and ghost updates
 * moved off it).
 */
public record EngineMemory(int engineId, int blocks, long blockBytes, long budgetBytes, long bytesSent) {}
