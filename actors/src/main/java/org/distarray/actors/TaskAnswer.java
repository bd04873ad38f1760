package org.distarray.actors;

/**
 * What the client of a task hears: each engine's result straight from that engine ({@link Output}), never through
 * the coordinator, and the task's end from the coordinator ({@link End}): every engine done, or the first error.
 * Outputs and the end travel different ways, so either may come first.
 */
public sealed interface TaskAnswer extends CborSerializable {
  /** The result of rank {@code rank}, from its engine. */
  record Output(long requestId, int rank, int engineId, TaskResult result) implements TaskAnswer {}

  /**
   * The task ended: on all {@code ranks} engines (their outputs come straight from them), or with error (the first
   * one; the engines that had not answered are aborted).
   */
  record End(long requestId, int ranks, ErrorInfo error) implements TaskAnswer {}
}
