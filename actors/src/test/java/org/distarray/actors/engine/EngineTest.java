package org.distarray.actors.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.distarray.actors.Fill;
import org.distarray.arrays.DType;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.Distribution;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** One engine driven by messages, every message through its wire format. */
class EngineTest {
  private static final ActorTestKit KIT = ActorTestKit.create();

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  @Test
  void aUserErrorIsAnsweredAndTheEngineKeepsWorking() {
    ActorRef<Engine.Command> engine = KIT.spawn(Engine.create(0));
    TestProbe<Engine.Done> probe = KIT.createTestProbe();
    engine.tell(new Engine.FetchBlock(1, 42, probe.getRef()));
    Engine.Done missing = probe.receiveMessage();
    assertNotNull(missing.error());
    assertTrue(missing.error().message().contains("array 42"), missing.error().message());
    Distribution d = Distribution.of(Shape.of(4), "b", 1);
    engine.tell(new Engine.Create(2, 7, d, DType.INT64, new Fill.Arange(), probe.getRef()));
    assertNull(probe.receiveMessage().error());
    engine.tell(new Engine.FetchBlock(3, 7, probe.getRef()));
    assertArrayEquals(new long[] {0, 1, 2, 3}, probe.receiveMessage().block().toLongArray());
  }

  @Test
  void aBlockWhoseArrayWasFreedBeforeItArrivedIsDropped() {
    ActorRef<Engine.Command> engine = KIT.spawn(Engine.create(0));
    TestProbe<Engine.Done> probe = KIT.createTestProbe();
    engine.tell(new Engine.Free(new long[] {9})); // the request failed elsewhere and was cleaned up first
    Distribution empty = Distribution.of(Shape.of(0), "b", 1);
    engine.tell(new Engine.ReceiveBlock(1, 9, empty, DType.FLOAT64, null, probe.getRef()));
    assertNull(probe.receiveMessage().error()); // an empty block is complete at once
    engine.tell(new Engine.FetchBlock(2, 9, probe.getRef()));
    Engine.Done fetched = probe.receiveMessage();
    assertNotNull(fetched.error(), "the block of a freed array must not stay on the engine");
    assertEquals(0, fetched.engineId());
  }
}
