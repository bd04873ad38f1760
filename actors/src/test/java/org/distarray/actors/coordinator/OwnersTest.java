package org.distarray.actors.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The coordinator's record of which node owns each array, and what a departing node leaves to free. */
class OwnersTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final Address SELF = new Address("pekko", "DistArray", "127.0.0.1", 25520);
  private static final Address CLIENT = new Address("pekko", "DistArray", "127.0.0.1", 41001);
  private static final Address OTHER_CLIENT = new Address("pekko", "DistArray", "127.0.0.1", 41002);

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  @Test
  void aDepartingNodeLeavesItsCompleteArraysToFreeWithTheirBytes() {
    Owners owners = new Owners(SELF);
    owners.claim(3, CLIENT);
    owners.claim(1, CLIENT);
    owners.claim(2, OTHER_CLIENT);
    assertTrue(owners.complete(3, 8_388_608));
    assertTrue(owners.complete(1, 1_024));
    assertTrue(owners.complete(2, 64));

    Owners.Departure gone = owners.depart(CLIENT);

    assertEquals(new Owners.Departure(CLIENT, List.of(1L, 3L), 8_389_632, 0), gone);
    assertEquals(0, owners.count(CLIENT));
    assertEquals(1, owners.count(OTHER_CLIENT), "another client's arrays stay");
  }

  @Test
  void anArrayStillInTheMakingWhenItsOwnerDepartsIsRefusedWhenDone() {
    Owners owners = new Owners(SELF);
    owners.claim(5, CLIENT);

    Owners.Departure gone = owners.depart(CLIENT);

    assertEquals(List.of(), gone.arrays());
    assertEquals(1, gone.inTheMaking());
    assertFalse(owners.complete(5, 800), "nobody owns array 5 any more: it is to be freed");
  }

  @Test
  void arraysTheClientFreedOrThatFailedAreNotFreedAgain() {
    Owners owners = new Owners(SELF);
    owners.claim(1, CLIENT);
    owners.claim(2, CLIENT);
    owners.complete(1, 16);
    owners.release(1); // closed by the client
    owners.release(2); // its request failed

    Owners.Departure gone = owners.depart(CLIENT);

    assertTrue(gone.isEmpty(), gone.toString());
  }

  @Test
  void aNodeThatLeavesAndIsThenRemovedIsFreedOnce() {
    Owners owners = new Owners(SELF);
    owners.claim(1, CLIENT);
    owners.complete(1, 16);

    Owners.Departure left = owners.depart(CLIENT);
    Owners.Departure removed = owners.depart(CLIENT);

    assertEquals(List.of(1L), left.arrays());
    assertTrue(removed.isEmpty(), removed.toString());
  }

  @Test
  void aClientBackOnTheSameAddressOwnsItsNewArrays() {
    Owners owners = new Owners(SELF);
    owners.claim(1, CLIENT);
    owners.depart(CLIENT);

    owners.claim(2, CLIENT);

    assertTrue(owners.complete(2, 16), "array 2 was asked for after the departure");
    assertFalse(owners.complete(1, 16), "array 1 was the departed client's");
    assertEquals(List.of(2L), owners.depart(CLIENT).arrays());
  }

  @Test
  void requestersInThisJvmBelongToThisNode() {
    Owners owners = new Owners(SELF);
    TestProbe<Coordinator.ArrayReply> local = KIT.createTestProbe();

    owners.claim(7, local.getRef());

    assertEquals(SELF, owners.nodeOf(local.getRef()));
    assertEquals(1, owners.count(SELF));
    assertEquals(0, owners.count(CLIENT));
  }

  @Test
  void anArrayIsClaimedOnlyOnce() {
    Owners owners = new Owners(SELF);
    owners.claim(4, CLIENT);

    IllegalStateException twice = assertThrows(IllegalStateException.class, () -> owners.claim(4, OTHER_CLIENT));

    assertTrue(twice.getMessage().contains("array 4") && twice.getMessage().contains(CLIENT.toString()),
        twice.getMessage());
  }
}
