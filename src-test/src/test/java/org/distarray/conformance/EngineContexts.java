package org.distarray.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.distarray.runtime.DistContext;

/**
 * One embedded {@link DistContext} per engine count, started on first use and closed together.
 *
 * <p>A test class holds one in a static field and closes it in {@code @AfterAll}, so that its parameterised
 * cases share a few actor systems instead of starting one per case.
 */
final class EngineContexts implements AutoCloseable {
  private final Map<Integer, DistContext> open = new TreeMap<>();
  private final Map<Integer, RuntimeException> failedStarts = new TreeMap<>();

  /**
   * The context with this many engines, started on first use. A start that failed is not retried: the same
   * failure is thrown again, so that a broken start fails every case quickly instead of starting a system per case.
   */
  synchronized DistContext withEngines(int engines) {
    RuntimeException failed = failedStarts.get(engines);
    if (failed != null) {
      throw new IllegalStateException("the context of " + engines + " engines failed to start", failed);
    }
    DistContext ctx = open.get(engines);
    if (ctx == null) {
      try {
        ctx = DistContext.local(engines);
      } catch (RuntimeException e) {
        failedStarts.put(engines, e);
        throw e;
      }
      open.put(engines, ctx);
    }
    return ctx;
  }

  /** Closes every context started so far, even when closing one of them fails. */
  @Override
  public synchronized void close() {
    List<RuntimeException> failures = new ArrayList<>();
    for (DistContext ctx : open.values()) {
      try {
        ctx.close();
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    open.clear();
    if (!failures.isEmpty()) {
      RuntimeException first = failures.get(0);
      failures.subList(1, failures.size()).forEach(first::addSuppressed);
      throw first;
    }
  }
}
