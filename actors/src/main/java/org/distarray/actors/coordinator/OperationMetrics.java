package org.distarray.actors.coordinator;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * The operations' counts and latencies of a node's coordinator, by kind and outcome, as Micrometer timers with
 * histograms ({@code distarray_operations_seconds} in Prometheus' terms), and where the node's dashboard listens.
 * One per actor system: a registry that wants the timers (the dashboard's Prometheus registry) is added with
 * {@link #publishTo}, also after timers exist.
 */
public final class OperationMetrics implements Extension {
  private static final ExtensionId<OperationMetrics> ID = new ExtensionId<>() {
    @Override
    public OperationMetrics createExtension(ActorSystem<?> system) {
      return new OperationMetrics();
    }
  };

  private final CompositeMeterRegistry registry = new CompositeMeterRegistry();
  private volatile String dashboardUrl = "";
  private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();

  OperationMetrics() {}

  /** The system's operation metrics. */
  public static OperationMetrics of(ActorSystem<?> system) {
    return ID.apply(system);
  }

  /** The registry the timers live in: add a registry to it to publish them. */
  public MeterRegistry registry() {
    return registry;
  }

  /** Adds registry to those that publish the timers. */
  public void publishTo(MeterRegistry target) {
    registry.add(target);
  }

  /** Records the address of this node's dashboard, which the coordinator tells clients. */
  public void dashboardStarted(String url) {
    dashboardUrl = url;
  }

  /** The address of this node's dashboard ("" when none runs here). */
  public String dashboardUrl() {
    return dashboardUrl;
  }

  /** Times one operation of kind that took nanos (failed: it ended with an error). */
  void record(String kind, long nanos, boolean failed) {
    String key = failed ? kind + "!" : kind;
    Timer t = timers.get(key);
    if (t == null) {
      t = timers.computeIfAbsent(key, k -> Timer.builder("distarray.operations")
          .description("operations of the coordinator, from the command to the engines' last answer")
          .tag("kind", kind).tag("outcome", failed ? "error" : "ok").publishPercentileHistogram()
          .register(registry));
    }
    t.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }
}
