package org.distarray.actors;

/** An operation needed an engine that was lost (its node crashed, became unreachable, or left the cluster). */
public final class EngineLost extends RuntimeException {
  private final int engineId;

  public EngineLost(int engineId, String message) {
    super(message);
    this.engineId = engineId;
  }

  /** The lost engine's id. */
  public int engineId() {
    return engineId;
  }
}
