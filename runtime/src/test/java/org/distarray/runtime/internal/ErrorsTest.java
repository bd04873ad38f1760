package org.distarray.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.distarray.actors.EngineLost;
import org.distarray.actors.ErrorInfo;
import org.distarray.runtime.DistTimeoutException;
import org.distarray.runtime.EngineLostException;
import org.distarray.runtime.EngineTaskException;
import org.junit.jupiter.api.Test;

/**
 * Error answers become the same exception for every kind of operation when they say how it ran (an engine lost, a
 * timeout); a task's own failure stays an {@link EngineTaskException}.
 */
class ErrorsTest {
  private static final ErrorInfo LOST = new ErrorInfo(EngineLost.class.getName(), "engine 2 was lost (its node left)",
      2);

  @Test
  void aLostEngineIsEngineLostExceptionForTasksAsForEveryOperation() {
    EngineLostException raised = assertInstanceOf(EngineLostException.class, Errors.toException(LOST));
    assertEquals(2, raised.engineId());
    EngineLostException task = assertInstanceOf(EngineLostException.class, Client.taskFailure(LOST, "T"));
    assertEquals(2, task.engineId());
    assertTrue(Client.isOperational(LOST), "IO raises it too, not an IoException");
  }

  @Test
  void aCoordinatorTimeoutIsDistTimeoutException() {
    ErrorInfo timeout = new ErrorInfo(java.util.concurrent.TimeoutException.class.getName(),
        "engines [1] did not answer request 7 within 60000 ms", -1);
    assertInstanceOf(DistTimeoutException.class, Client.taskFailure(timeout, "T"));
  }

  @Test
  void aTasksOwnFailureNamesTheTaskTheEngineAndTheCause() {
    ErrorInfo missing = new ErrorInfo(ClassNotFoundException.class.getName(),
        "engine 1 cannot load task a.B: the class a.B is not on this node's class path", 1);
    assertFalse(Client.isOperational(missing));
    EngineTaskException e = assertInstanceOf(EngineTaskException.class, Client.taskFailure(missing, "a.B"));
    assertEquals(1, e.engineId());
    assertTrue(e.getMessage().contains("engine 1") && e.getMessage().contains("java.lang.ClassNotFoundException")
        && e.getMessage().contains("a.B"), e.getMessage());
  }
}
