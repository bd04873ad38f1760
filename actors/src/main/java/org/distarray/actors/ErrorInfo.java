package org.distarray.actors;

/**
 * A failure reported back to the client instead of thrown inside an actor: the exception's class name, its
 * message, and the engine where it happened (-1 for the coordinator).
 */
public record ErrorInfo(String type, String message, int engineId) implements CborSerializable {
  /** The error for an exception caught on an engine (or the coordinator with engineId -1). */
  public static ErrorInfo of(Throwable e, int engineId) {
    return new ErrorInfo(e.getClass().getName(), String.valueOf(e.getMessage()), engineId);
  }
}
