package org.distarray.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Closing a context stops everything it started: no thread of the {@code DistArray} actor system stays alive.
 *
 * <p>Ordered after every other test class (see junit-platform.properties), so that it also checks that those
 * closed their contexts.
 */
@Order(Integer.MAX_VALUE)
class ContextShutdownTest {
  private static final String SYSTEM_NAME = "DistArray";
  private static final Duration GRACE = Duration.ofSeconds(10);

  @Test
  void noActorSystemThreadOutlivesClosingEveryContext() {
    for (int engines = 1; engines <= DistributionCases.MAX_ENGINES; engines++) {
      try (DistContext ctx = DistContext.local(engines);
          DistArray a = ctx.arange(10)) {
        assertEquals(45.0, a.sum());
        assertFalse(systemThreads().isEmpty(), "a running context has threads named after " + SYSTEM_NAME);
      }
    }

    List<String> alive = awaitNoSystemThreads();

    assertTrue(alive.isEmpty(), () -> "threads still alive " + GRACE.toSeconds() + " s after every context closed: "
        + alive);
  }

  private static List<String> awaitNoSystemThreads() {
    long deadline = System.nanoTime() + GRACE.toNanos();
    List<String> alive = systemThreads();
    while (!alive.isEmpty() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
      alive = systemThreads();
    }
    return alive;
  }

  private static List<String> systemThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.contains(SYSTEM_NAME))
        .sorted()
        .toList();
  }
}
