package org.distarray.arrays.task;

/**
 * Work that runs on each engine with that engine's blocks of the arrays it was given, returning one result per
 * engine.
 *
 * <p>Implement it as a record: its components are its parameters and travel to the engines with it, so they must
 * be serializable values (numbers, strings, arrays of primitives, lists of those). A task must not keep
 * references to its blocks after {@link #run} returns, nor return them: return a copy ({@code block.copy()}), since
 * an engine reuses the storage of freed blocks. Results travel back as records, strings, numbers, primitive arrays,
 * {@code NdArray}s or lists of those.
 *
 * @param <R> the per-engine result; the caller receives them in rank order
 */
@FunctionalInterface
public interface LocalTask<R> {
  /** Runs on one engine; {@code blocks} gives this engine's rank and its block of every array argument. */
  R run(LocalBlocks blocks);
}
