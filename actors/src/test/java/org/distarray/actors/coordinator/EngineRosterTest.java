package org.distarray.actors.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.distarray.actors.engine.Engine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** How the coordinator's roster gives cluster engines their ids as the receptionist lists them. */
class EngineRosterTest {
  private static final ActorTestKit KIT = ActorTestKit.create();

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  @Test
  void anEngineListedAgainWhileItWaitsForItsIdGetsOneId() {
    EngineRoster roster = new EngineRoster(Map.of());
    ActorRef<Engine.Command> a = KIT.<Engine.Command>createTestProbe().ref();
    ActorRef<Engine.Command> b = KIT.<Engine.Command>createTestProbe().ref();
    assertEquals(2, roster.newcomers(Set.of(a, b)).size());
    assertTrue(roster.answered(a, -1).isEmpty(), "b has not answered: no ids yet");

    // the receptionist lists both again (engines of a node register one by one): a waits for its id, b is asked
    assertEquals(List.of(), roster.newcomers(Set.of(a, b)));
    Map<ActorRef<Engine.Command>, Integer> given = roster.answered(b, -1);

    assertEquals(Set.of(a, b), given.keySet());
    assertEquals(Set.of(0, 1), Set.copyOf(given.values()));
    assertEquals(2, roster.ids().size(), "two engines, two ids: " + roster.ids());
    assertTrue(roster.assignIfReady().isEmpty(), "nobody is given a second id");
  }
}
