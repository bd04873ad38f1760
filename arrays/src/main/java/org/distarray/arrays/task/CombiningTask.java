package org.distarray.arrays.task;

/**
 * A {@link LocalTask} whose per-engine results are combined into one, engine to engine up a binary tree of the
 * engines (as MPI's reduce with a user's operation, or the combine step of Dask's reductions): only the combined
 * result reaches the caller, and each engine sends one result to its parent, whatever the engine count.
 *
 * <p>Implement it as a record, like any task. {@link #combine} must be associative; it need not be commutative:
 * {@code left} always holds the combined results of a run of ranks just before those of {@code right}, so combining
 * in rank order gives what a left-to-right fold over the ranks gives. It runs on the engines, so it must not block.
 *
 * @param <R> the per-engine and the combined result (a value that travels as task results do)
 */
public interface CombiningTask<R> extends LocalTask<R> {
  /**
   * The combined result of two adjacent runs of ranks, left before right. It may return left or right changed in
   * place: each is used once.
   */
  R combine(R left, R right);
}
