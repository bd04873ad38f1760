package org.distarray.actors.coordinator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.Address;
import org.distarray.actors.RuntimeState;

/** The coordinator's answer to {@link Coordinator.GetState}: its roster, catalog and operations as they are now. */
final class CoordinatorState {
  private CoordinatorState() {}

  /** here: the address of this cluster node, for engines in this JVM (null when it is no cluster node). */
  static RuntimeState of(EngineRoster engines, Catalog catalog, Requests requests, OperationLog operations,
      Address here) {
    List<RuntimeState.ArrayInfo> arrays = new ArrayList<>();
    for (Map.Entry<Long, Catalog.Entry> e : new java.util.TreeMap<>(catalog.entries()).entrySet()) {
      Catalog.Entry entry = e.getValue();
      arrays.add(new RuntimeState.ArrayInfo(e.getKey(), entry.distribution(), entry.dtype(), entry.blockBytes()));
    }
    List<RuntimeState.Operation> running = requests.running();
    running.sort((a, b) -> Long.compare(a.id(), b.id()));
    return new RuntimeState(engines.describe(here), arrays, running, operations.recent(), operations.dashboardUrl());
  }
}
