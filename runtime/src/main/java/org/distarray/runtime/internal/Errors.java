package org.distarray.runtime.internal;

import java.util.Map;
import java.util.function.Function;
import org.distarray.actors.ErrorInfo;
import org.distarray.arrays.DTypeException;
import org.distarray.arrays.IndexOutOfRangeException;
import org.distarray.arrays.IndexSyntaxException;
import org.distarray.arrays.ShapeMismatchException;
import org.distarray.arrays.dist.DistributionException;

/**
 * Turns an error answer back into the exception the operation raised where it ran, so that a user's mistake
 * surfaces at the call as the same type (shape, dtype, index, distribution errors), with the engine named.
 */
final class Errors {
  private static final Map<String, Function<String, RuntimeException>> KNOWN = Map.ofEntries(
      Map.entry(ShapeMismatchException.class.getName(), ShapeMismatchException::new),
      Map.entry(DTypeException.class.getName(), DTypeException::new),
      Map.entry(IndexOutOfRangeException.class.getName(), IndexOutOfRangeException::new),
      Map.entry(IndexSyntaxException.class.getName(), IndexSyntaxException::new),
      Map.entry(DistributionException.class.getName(), DistributionException::new),
      Map.entry(IllegalArgumentException.class.getName(), IllegalArgumentException::new),
      Map.entry(IllegalStateException.class.getName(), IllegalStateException::new),
      Map.entry(IndexOutOfBoundsException.class.getName(), IndexOutOfBoundsException::new),
      Map.entry(ArithmeticException.class.getName(), ArithmeticException::new),
      Map.entry(UnsupportedOperationException.class.getName(), UnsupportedOperationException::new));

  private Errors() {}

  /** True when the error is an engine's memory budget running short (the runtime may free garbage and retry). */
  static boolean isMemoryFull(ErrorInfo e) {
    return e != null && e.type().equals(org.distarray.actors.EngineMemoryFull.class.getName());
  }

  /**
   * True when the error is not the operation's own (a user's mistake, a task's exception) but how it ran: an engine
   * lost, an engine's memory short, no answer in time, or the coordinator's refusal. Such errors raise the same
   * exception for every kind of operation, tasks and IO included.
   */
  static boolean isOperational(ErrorInfo e) {
    return e.engineId() < 0 || OPERATIONAL.contains(e.type());
  }

  private static final java.util.Set<String> OPERATIONAL = java.util.Set.of(
      org.distarray.actors.EngineLost.class.getName(), org.distarray.actors.EngineMemoryFull.class.getName(),
      OutOfMemoryError.class.getName(), java.util.concurrent.TimeoutException.class.getName());

  static RuntimeException toException(ErrorInfo e) {
    if (e.type().equals(org.distarray.actors.EngineLost.class.getName())) {
      return new org.distarray.runtime.EngineLostException(e.engineId(), e.message());
    }
    if (e.type().equals(java.util.concurrent.TimeoutException.class.getName())) {
      return new org.distarray.runtime.DistTimeoutException(e.message(), null);
    }
    if (e.type().equals(org.distarray.actors.EngineMemoryFull.class.getName())) {
      long[] figures = org.distarray.actors.EngineMemoryFull.parse(e.message());
      if (figures != null) {
        return new org.distarray.runtime.EngineMemoryException((int) figures[0], figures[1], figures[2], e.message());
      }
    }
    if (e.type().equals(OutOfMemoryError.class.getName())) {
      return new org.distarray.runtime.EngineMemoryException(e.engineId(), -1, -1, "engine " + e.engineId()
          + " ran out of JVM heap (" + e.message() + ") in an allocation its budget does not cover; the engine"
          + " goes on");
    }
    String where = e.engineId() >= 0 ? " (on engine " + e.engineId() + ")" : "";
    Function<String, RuntimeException> make = KNOWN.get(e.type());
    if (make != null) {
      return make.apply(e.message() + where);
    }
    return new IllegalStateException(e.type() + ": " + e.message() + where);
  }
}
