package org.distarray.runtime;

/** A {@code LocalTask} threw on an engine; the message names the engine and carries the original message. */
public class EngineTaskException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int engineId;

  public EngineTaskException(int engineId, String message) {
    super(message);
    this.engineId = engineId;
  }

  /** The engine the task failed on. */
  public int engineId() {
    return engineId;
  }
}
