package org.distarray.actors.coordinator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.distarray.actors.EngineLost;
import org.distarray.actors.engine.Engine;
import org.distarray.arrays.dist.DistributionException;

/**
 * The coordinator's view of the engines: live ones by id, lost ones with the reason, and (in cluster mode) the
 * registration of newcomers. Ids are stable: an engine keeps its id while it lives, also across a coordinator
 * that moves, and ids of lost engines are never given again. A newcomer is first asked for the id it may already
 * have; ids are given out only once every engine asked has answered, so a new id never collides with one that an
 * engine holds from an earlier coordinator.
 */
final class EngineRoster {
  private final Map<Integer, ActorRef<Engine.Command>> live = new HashMap<>();
  private final Map<ActorRef<Engine.Command>, Integer> idOf = new HashMap<>();
  private final Map<Integer, String> lost = new HashMap<>();
  private final Map<Integer, org.apache.pekko.actor.Address> lostAt = new HashMap<>();
  private final Set<ActorRef<Engine.Command>> lostRefs = new HashSet<>();
  private final Set<ActorRef<Engine.Command>> asked = new HashSet<>();
  /** Engines that answered they have no id yet: each is given one once every engine asked has answered. */
  private final Set<ActorRef<Engine.Command>> unassigned = new java.util.LinkedHashSet<>();
  private int nextId;
  private long joins;

  EngineRoster(Map<Integer, ActorRef<Engine.Command>> fixed) {
    fixed.forEach(this::add);
  }

  /** The live engine with this id. */
  ActorRef<Engine.Command> get(int id) {
    ActorRef<Engine.Command> ref = live.get(id);
    if (ref != null) {
      return ref;
    }
    String why = lost.get(id);
    if (why != null) {
      throw new EngineLost(id, "engine " + id + " was lost (" + why + ")");
    }
    throw new DistributionException("engine " + id + " is not part of this runtime; engines are " + ids());
  }

  /** The live engine with this id, or null. */
  ActorRef<Engine.Command> find(int id) {
    return live.get(id);
  }

  /** Live engine ids, ascending. */
  TreeSet<Integer> ids() {
    return new TreeSet<>(live.keySet());
  }

  /** Live engine ids, ascending, as an array. */
  int[] idArray() {
    return ids().stream().mapToInt(Integer::intValue).toArray();
  }

  /** Engines of the listing not seen before: they are to be asked for their id. */
  List<ActorRef<Engine.Command>> newcomers(Set<ActorRef<Engine.Command>> listed) {
    List<ActorRef<Engine.Command>> out = new ArrayList<>();
    for (ActorRef<Engine.Command> ref : listed) {
      // an engine waiting for its id is no newcomer either: asked again, it would be given two ids
      if (!idOf.containsKey(ref) && !lostRefs.contains(ref) && !unassigned.contains(ref) && asked.add(ref)) {
        out.add(ref);
      }
    }
    return out;
  }

  /** Live engines that the listing no longer names (they deregistered or their node left). */
  List<Integer> missingFrom(Set<ActorRef<Engine.Command>> listed) {
    List<Integer> out = new ArrayList<>();
    live.forEach((id, ref) -> {
      if (!listed.contains(ref)) {
        out.add(id);
      }
    });
    return out;
  }

  /** Records an engine's answer (its id, or -1), and gives out ids if no other answer is awaited. */
  Map<ActorRef<Engine.Command>, Integer> answered(ActorRef<Engine.Command> ref, int id) {
    if (asked.remove(ref) && !lostRefs.contains(ref)) {
      if (id >= 0) {
        add(id, ref);
      } else {
        unassigned.add(ref);
      }
    }
    return assignIfReady();
  }

  /** Gives ids to the engines that have none, once no engine asked is still to answer; empty otherwise. */
  Map<ActorRef<Engine.Command>, Integer> assignIfReady() {
    Map<ActorRef<Engine.Command>, Integer> give = new HashMap<>();
    if (asked.isEmpty()) {
      List<ActorRef<Engine.Command>> byPath = new ArrayList<>(unassigned);
      byPath.sort((a, b) -> a.path().toString().compareTo(b.path().toString()));
      for (ActorRef<Engine.Command> r : byPath) {
        int newId = nextId;
        add(newId, r);
        give.put(r, newId);
      }
      unassigned.clear();
    }
    return give;
  }

  /**
   * Every engine known, live and lost, by id: its node's address and why it was lost. The references of engines in
   * this JVM carry no host: theirs is here, this cluster node's address (null: "", the JVM is no cluster node).
   */
  List<org.distarray.actors.RuntimeState.EngineInfo> describe(Address here) {
    java.util.TreeMap<Integer, org.distarray.actors.RuntimeState.EngineInfo> out = new java.util.TreeMap<>();
    live.forEach((id, ref) -> out.put(id, new org.distarray.actors.RuntimeState.EngineInfo(id,
        nodeOf(ref.path().address(), here), true, null)));
    lost.forEach((id, why) -> out.put(id, new org.distarray.actors.RuntimeState.EngineInfo(id,
        nodeOf(lostAt.get(id), here), false, why)));
    return new ArrayList<>(out.values());
  }

  private static String nodeOf(Address a, Address here) {
    if (a != null && a.host().isEmpty()) {
      a = here;
    }
    return a == null ? "" : a.toString();
  }

  /** Marks an engine lost; true when it was live. */
  boolean lose(int id, String why) {
    ActorRef<Engine.Command> ref = live.remove(id);
    if (ref == null) {
      return false;
    }
    idOf.remove(ref);
    lostRefs.add(ref);
    lost.put(id, why);
    lostAt.put(id, ref.path().address());
    return true;
  }

  /** The live engines whose actors run at this address (selfAddress stands for local references). */
  List<Integer> at(Address address, Address selfAddress) {
    List<Integer> out = new ArrayList<>();
    live.forEach((id, ref) -> {
      Address a = ref.path().address();
      if ((a.hasLocalScope() ? selfAddress : a).equals(address)) {
        out.add(id);
      }
    });
    asked.removeIf(ref -> {
      Address a = ref.path().address();
      boolean gone = (a.hasLocalScope() ? selfAddress : a).equals(address);
      if (gone) {
        lostRefs.add(ref);
      }
      return gone;
    });
    return out;
  }

  /** How many engines joined so far (the engine list engines know is renewed when it changed). */
  long joins() {
    return joins;
  }

  private void add(int id, ActorRef<Engine.Command> ref) {
    joins++;
    live.put(id, ref);
    idOf.put(ref, id);
    nextId = Math.max(nextId, id + 1);
  }
}
