package org.distarray.actors;

import java.io.IOException;
import org.distarray.arrays.task.LocalTask;

/**
 * A {@link LocalTask} on its way to the engines that run it: the task itself where it was made (the embedded
 * runtime), its wire form elsewhere. Whoever only passes it on (the coordinator) never decodes it; the engine that
 * runs it decodes it with {@link #task()} inside its own error handling, so a task class missing on that engine's
 * node is that engine's error answer naming the class, not a message dropped by remoting.
 */
public final class TaskPayload {
  /** How a receiving node turns the wire form back into the task (its object mapper). */
  @FunctionalInterface
  public interface Decoder {
    LocalTask<?> decode(byte[] encoded) throws IOException;
  }

  /** The task could not be decoded where it is to run: {@link #reason()} is why (often a missing class). */
  public static final class Undecodable extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Throwable reason;

    Undecodable(String message, Throwable reason) {
      super(message, reason);
      this.reason = reason;
    }

    /** The innermost cause: a {@link ClassNotFoundException} when the task's class is not on the class path. */
    public Throwable reason() {
      return reason;
    }
  }

  private final LocalTask<?> task;
  private final String className;
  private final byte[] encoded;
  private final Decoder decoder;

  private TaskPayload(LocalTask<?> task, String className, byte[] encoded, Decoder decoder) {
    this.task = task;
    this.className = className;
    this.encoded = encoded;
    this.decoder = decoder;
  }

  /** The task as it is (encoded when a message carrying it is serialized). */
  public static TaskPayload of(LocalTask<?> task) {
    return new TaskPayload(task, task.getClass().getName(), null, null);
  }

  /** A task in its wire form (the task written as a {@code LocalTask}), decoded by decoder when it runs. */
  public static TaskPayload encoded(String className, byte[] encoded, Decoder decoder) {
    return new TaskPayload(null, className, encoded, decoder);
  }

  /** The name of the task's class (known also where the class is not). */
  public String className() {
    return className;
  }

  /** The wire form, or null for a task not yet encoded. */
  public byte[] encoded() {
    return encoded;
  }

  /** The task not yet encoded, or null. */
  public LocalTask<?> live() {
    return task;
  }

  /**
   * The task, decoded now from its wire form when it came in that form.
   *
   * @throws Undecodable naming the class and why, when this node cannot rebuild it (its class is missing here, or
   *     the wire form does not fit the class)
   */
  public LocalTask<?> task() {
    if (task != null) {
      return task;
    }
    try {
      return decoder.decode(encoded);
    } catch (IOException | RuntimeException | LinkageError e) {
      Throwable reason = e;
      while (reason.getCause() != null && reason.getCause() != reason) {
        reason = reason.getCause();
      }
      String why = reason instanceof ClassNotFoundException || reason instanceof NoClassDefFoundError
          ? "the class " + reason.getMessage() + " is not on this node's class path"
          : String.valueOf(e.getMessage());
      throw new Undecodable("cannot load task " + className + ": " + why, reason);
    }
  }

  @Override
  public String toString() {
    return "TaskPayload(" + className + (task != null ? "" : ", " + encoded.length + " bytes") + ")";
  }
}
