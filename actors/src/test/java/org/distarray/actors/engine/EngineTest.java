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
import org.distarray.actors.wire.WireArray;
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

  @Test
  void aChunkThatCannotBeWrittenFailsItsReceiveAtOnceAndLaterChunksAreDropped() {
    ActorRef<Engine.Command> engine = KIT.spawn(Engine.create(0));
    TestProbe<Engine.Done> probe = KIT.createTestProbe();
    TestProbe<Engine.Command> sender = KIT.createTestProbe();
    Distribution d = Distribution.of(Shape.of(4), "b", 1);
    engine.tell(new Engine.ReceiveBlock(5, 11, d, DType.FLOAT64, null, probe.getRef()));
    org.distarray.arrays.dist.Piece piece = org.distarray.arrays.dist.Piece.of(
        org.distarray.arrays.dist.IndexRuns.range(0, 2));
    // three elements of data for a piece of two: the write fails
    engine.tell(new Engine.PieceData(5, 11, piece,
        WireArray.of(org.distarray.arrays.NdArray.of(new double[] {1, 2, 3}, 3)), null, sender.getRef(), 0));
    Engine.Done failed = probe.receiveMessage();
    assertNotNull(failed.error(), "the receive must fail at once, not wait for the timeout");
    assertTrue(failed.error().message().contains("(3,)"), failed.error().message());
    assertEquals(new Engine.PieceAck(5, 0), sender.receiveMessage());
    engine.tell(new Engine.PieceData(5, 11, piece,
        WireArray.of(org.distarray.arrays.NdArray.of(new double[] {1, 2}, 2)), null, sender.getRef(), 1));
    assertEquals(new Engine.PieceAck(5, 1), sender.receiveMessage()); // acknowledged, dropped
    engine.tell(new Engine.FetchBlock(6, 11, probe.getRef()));
    assertNotNull(probe.receiveMessage().error(), "a failed receive leaves no block");
  }

  @Test
  void theRootOfAReductionToOneValueAnswersTheClientAndOnlyTellsTheCoordinatorItIsDone() {
    ActorRef<Engine.Command> engine = KIT.spawn(Engine.create(3));
    TestProbe<Engine.Done> coordinator = KIT.createTestProbe();
    TestProbe<Engine.Done> client = KIT.createTestProbe();
    Distribution d = Distribution.of(Shape.of(5), "b", new int[] {3});
    engine.tell(new Engine.Create(1, 7, d, DType.INT64, new Fill.Arange(), coordinator.getRef()));
    assertNull(coordinator.receiveMessage().error());
    boolean[] all = {true};
    // np.arange(5).sum() == 10, as a 0-d int64 array
    engine.tell(new Engine.Reduce(2, new org.distarray.actors.Expr.Leaf(7), org.distarray.arrays.ops.ReduceOp.SUM,
        all, null, 0, -1, null, coordinator.getRef(), client.getRef()));
    Engine.Done value = client.receiveMessage();
    assertEquals(2, value.requestId());
    assertEquals(3, value.engineId());
    assertEquals(0, value.block().ndim());
    assertEquals(10L, value.block().getLong());
    Engine.Done done = coordinator.receiveMessage();
    assertEquals(Engine.Done.ok(2, 3), done, "the coordinator learns only that the root is done");

    // a failure goes to the coordinator (which tells the client), never a value to the client
    engine.tell(new Engine.Reduce(4, new org.distarray.actors.Expr.Leaf(99), org.distarray.arrays.ops.ReduceOp.SUM,
        all, null, 0, -1, null, coordinator.getRef(), client.getRef()));
    Engine.Done failed = coordinator.receiveMessage();
    assertNotNull(failed.error());
    assertTrue(failed.error().message().contains("99"), failed.error().message());
    engine.tell(new Engine.Reduce(5, new org.distarray.actors.Expr.Leaf(7), org.distarray.arrays.ops.ReduceOp.MAX,
        all, null, 0, -1, null, coordinator.getRef(), client.getRef()));
    assertEquals(5, client.receiveMessage().requestId(), "the client's next answer is the next reduction's");
    assertEquals(Engine.Done.ok(5, 3), coordinator.receiveMessage());
  }
}
