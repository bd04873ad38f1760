package org.distarray.actors;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An engine could not allocate what an operation needs within its memory budget. Raised before the engine changes
 * anything for that operation; the engine keeps running. Its message carries the engine, the bytes asked for and
 * the bytes free in a fixed form that {@link #parse} reads back on the client.
 */
public final class EngineMemoryFull extends RuntimeException {
  private static final Pattern FORM = Pattern.compile(
      "engine (-?\\d+) cannot allocate (\\d+) bytes for (.*): (-?\\d+) bytes free of its budget of (\\d+) bytes.*",
      Pattern.DOTALL);

  private final int engineId;
  private final long requestedBytes;
  private final long freeBytes;
  private final long budgetBytes;

  public EngineMemoryFull(int engineId, long requestedBytes, long freeBytes, long budgetBytes, String what) {
    super("engine " + engineId + " cannot allocate " + requestedBytes + " bytes for " + what + ": " + freeBytes
        + " bytes free of its budget of " + budgetBytes + " bytes (distarray.engine.memory-budget)");
    this.engineId = engineId;
    this.requestedBytes = requestedBytes;
    this.freeBytes = freeBytes;
    this.budgetBytes = budgetBytes;
  }

  public int engineId() {
    return engineId;
  }

  public long requestedBytes() {
    return requestedBytes;
  }

  public long freeBytes() {
    return freeBytes;
  }

  public long budgetBytes() {
    return budgetBytes;
  }

  /**
   * The engine, requested, free and budget figures of a message made by this class (as an error answer carries
   * it), or null when the message has another form.
   */
  public static long[] parse(String message) {
    Matcher m = FORM.matcher(message);
    if (!m.matches()) {
      return null;
    }
    return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(4)),
        Long.parseLong(m.group(5))};
  }
}
