package org.distarray.runtime;

/**
 * An operation needed more memory on an engine than its budget ({@code distarray.engine.memory-budget}) has free.
 * Nothing was changed by the operation; the engine, its JVM and the context stay usable (free arrays, or use
 * fewer or smaller ones, and try again).
 */
public final class EngineMemoryException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int engineId;
  private final long requestedBytes;
  private final long freeBytes;

  public EngineMemoryException(int engineId, long requestedBytes, long freeBytes, String message) {
    super(message);
    this.engineId = engineId;
    this.requestedBytes = requestedBytes;
    this.freeBytes = freeBytes;
  }

  /** The engine whose budget was short. */
  public int engineId() {
    return engineId;
  }

  /** The bytes the operation asked that engine for (-1 when the JVM's heap ran out in an allocation of unknown size). */
  public long requestedBytes() {
    return requestedBytes;
  }

  /** The bytes the engine's budget had free then. */
  public long freeBytes() {
    return freeBytes;
  }
}
