package org.distarray.runtime;

/**
 * An operation needed an engine that was lost: its node crashed, became unreachable or left the cluster. Arrays
 * with a block on that engine can no longer be used; arrays on other engines stay usable.
 */
public class EngineLostException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int engineId;

  public EngineLostException(int engineId, String message) {
    super(message);
    this.engineId = engineId;
  }

  /** The id of the lost engine. */
  public int engineId() {
    return engineId;
  }
}
