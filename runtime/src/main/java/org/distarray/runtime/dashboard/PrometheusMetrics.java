package org.distarray.runtime.dashboard;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.distarray.actors.RuntimeState;
import org.distarray.actors.coordinator.OperationMetrics;
import org.distarray.actors.engine.Engine;

/**
 * {@code /metrics}: the coordinator's operation timers (counts and latency histograms by kind and outcome) and, read
 * from the snapshot taken for each scrape, per engine its blocks, bytes against its budget, bytes sent to other
 * engines and busy time, the live arrays and the live and lost engines, in Prometheus' text format.
 */
final class PrometheusMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<Integer, Engine.MemoryUsed> memory = new ConcurrentHashMap<>();
  private final java.util.Set<Integer> registered = ConcurrentHashMap.newKeySet();
  private volatile RuntimeState state = new RuntimeState(java.util.List.of(), java.util.List.of(),
      java.util.List.of(), java.util.List.of(), "");

  PrometheusMetrics(OperationMetrics operations) {
    operations.publishTo(registry);
    Gauge.builder("distarray.arrays", this, m -> m.state.arrays().size())
        .description("arrays the coordinator keeps").register(registry);
    Gauge.builder("distarray.engines", this, m -> count(m.state, true)).tag("state", "live")
        .description("engines by state").register(registry);
    Gauge.builder("distarray.engines", this, m -> count(m.state, false)).tag("state", "lost")
        .description("engines by state").register(registry);
  }

  /** The text of a scrape after snapshot s. */
  String scrape(RuntimeView.Snapshot s) {
    state = s.state();
    memory.keySet().retainAll(s.memory().keySet()); // a lost engine's gauges read 0
    for (Engine.MemoryUsed m : s.memory().values()) {
      if (memory.put(m.engineId(), m) == null && registered.add(m.engineId())) {
        register(m.engineId());
      }
    }
    return registry.scrape();
  }

  private void register(int engine) {
    String id = Integer.toString(engine);
    gauge("distarray.engine.blocks", "blocks an engine holds", id, engine, m -> m.blocks());
    gauge("distarray.engine.block.bytes", "bytes of an engine's blocks", id, engine, m -> m.blockBytes());
    gauge("distarray.engine.used.bytes", "bytes an engine holds (blocks, pool, buffers)", id, engine,
        m -> m.usedBytes());
    gauge("distarray.engine.budget.bytes", "an engine's memory budget", id, engine, m -> m.budgetBytes());
    FunctionCounter.builder("distarray.engine.sent.bytes", this, self -> self.value(engine, m -> m.bytesSent()))
        .description("bytes of block data an engine sent to other engines").tag("engine", id).register(registry);
    FunctionCounter.builder("distarray.engine.busy.seconds", this,
        self -> self.value(engine, m -> m.busyNanos() / 1e9))
        .description("time an engine spent on commands").tag("engine", id).register(registry);
  }

  private void gauge(String name, String description, String id, int engine, ToDoubleFunction<Engine.MemoryUsed> f) {
    Gauge.builder(name, this, self -> self.value(engine, f)).description(description).tag("engine", id)
        .register(registry);
  }

  private double value(int engine, ToDoubleFunction<Engine.MemoryUsed> f) {
    Engine.MemoryUsed m = memory.get(engine);
    return m == null ? 0 : f.applyAsDouble(m);
  }

  private static int count(RuntimeState s, boolean live) {
    int n = 0;
    for (RuntimeState.EngineInfo e : s.engines()) {
      n += e.live() == live ? 1 : 0;
    }
    return n;
  }
}
