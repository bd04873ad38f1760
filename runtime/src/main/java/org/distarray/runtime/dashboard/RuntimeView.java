package org.distarray.runtime.dashboard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.distarray.actors.RuntimeState;
import org.distarray.actors.coordinator.Coordinator;
import org.distarray.actors.engine.Engine;

/**
 * What the dashboard shows, asked for when it is shown: the coordinator's state (engines, arrays, operations) and
 * each live engine's memory report. Nothing is collected between two looks.
 */
final class RuntimeView {
  /** The coordinator's state and the memory report of each engine that answered, by engine id. */
  record Snapshot(RuntimeState state, Map<Integer, Engine.MemoryUsed> memory) {}

  private final ActorSystem<?> system;
  private final ActorRef<Coordinator.Command> coordinator;
  private final Duration timeout;

  /**
   * A view that waits at most {@value #WAIT_MS} ms (or timeout when shorter) for each answer: an engine whose node
   * died and is not yet known lost leaves its row without memory instead of holding the page.
   */
  RuntimeView(ActorSystem<?> system, ActorRef<Coordinator.Command> coordinator, Duration timeout) {
    this.system = system;
    this.coordinator = coordinator;
    this.timeout = timeout.compareTo(Duration.ofMillis(WAIT_MS)) < 0 ? timeout : Duration.ofMillis(WAIT_MS);
  }

  private static final long WAIT_MS = 2000;

  /** The state now; memory reports that do not come within the timeout are left out. */
  CompletionStage<Snapshot> snapshot() {
    CompletionStage<RuntimeState> state = AskPattern.ask(coordinator, Coordinator.GetState::new, timeout,
        system.scheduler());
    return state.thenCompose(s -> {
      List<CompletableFuture<Engine.MemoryUsed>> reports = new ArrayList<>();
      for (RuntimeState.EngineInfo e : s.engines()) {
        if (e.live()) {
          CompletionStage<Engine.MemoryUsed> r = AskPattern.ask(coordinator,
              (ActorRef<Engine.MemoryUsed> to) -> new Coordinator.ReportMemory(e.id(), to), timeout,
              system.scheduler());
          reports.add(r.toCompletableFuture().exceptionally(failure -> null));
        }
      }
      return CompletableFuture.allOf(reports.toArray(new CompletableFuture<?>[0])).thenApply(done -> {
        Map<Integer, Engine.MemoryUsed> memory = new TreeMap<>();
        for (CompletableFuture<Engine.MemoryUsed> r : reports) {
          Engine.MemoryUsed m = r.join();
          if (m != null && m.blocks() >= 0) {
            memory.put(m.engineId(), m);
          }
        }
        return new Snapshot(s, memory);
      });
    });
  }
}
