package org.distarray.actors.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.distarray.actors.EngineMemoryFull;
import org.distarray.actors.ErrorInfo;
import org.distarray.actors.Expr;
import org.distarray.actors.Fill;
import org.distarray.actors.wire.WireArray;
import org.distarray.arrays.DType;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.dist.IndexRuns;
import org.distarray.arrays.dist.Piece;
import org.distarray.arrays.ops.ReduceOp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Engine.Abort and a new coordinator's Join: an engine drops what a failed request holds (a block being received,
 * chunk buffers, a reduction waiting for children), so the budget is free again; late chunks are acknowledged and
 * dropped and late partials ignored. Each engine has a budget of 1 MiB; every message goes through its wire format.
 */
class EngineAbortTest {
  private static final long BUDGET = 1 << 20;
  /** 400 KiB of float64: two fit the budget, three do not. */
  private static final long ELEMENTS = 400 * 1024 / 8;
  private static final ActorTestKit KIT = ActorTestKit.create(ConfigFactory.parseString(
      "distarray.engine.memory-budget = " + BUDGET).withFallback(ConfigFactory.load()));

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  private final TestProbe<Engine.Done> probe = KIT.createTestProbe();
  private final Distribution d = Distribution.of(Shape.of(ELEMENTS), "b", 1);

  private Engine.Done create(ActorRef<Engine.Command> engine, long req, long array) {
    engine.tell(new Engine.Create(req, array, d, DType.FLOAT64, new Fill.Constant(1), probe.getRef()));
    return probe.receiveMessage();
  }

  private static long used(ActorRef<Engine.Command> engine) {
    TestProbe<Engine.MemoryUsed> memory = KIT.createTestProbe();
    engine.tell(new Engine.ReportMemory(memory.getRef()));
    return memory.receiveMessage().usedBytes();
  }

  /** The next answer probe gets is to a GetElement sent now: nothing else was answered before it. */
  private void assertNothingElseAnswered(ActorRef<Engine.Command> engine, long array) {
    engine.tell(new Engine.GetElement(999, array, new long[] {0}, probe.getRef()));
    assertEquals(999, probe.receiveMessage().requestId(), "an aborted request was answered");
  }

  @Test
  void anAbortedReceiveGivesItsBlockBackAndDropsLateChunks() {
    ActorRef<Engine.Command> engine = KIT.spawn(Engine.create(0));
    assertNull(create(engine, 1, 7).error());
    engine.tell(new Engine.ReceiveBlock(5, 11, d, DType.FLOAT64, null, probe.getRef()));
    Engine.Done full = create(engine, 2, 8);
    assertNotNull(full.error(), "the block being received counts against the budget");
    assertEquals(EngineMemoryFull.class.getName(), full.error().type());

    engine.tell(new Engine.Abort(5));
    assertNull(create(engine, 3, 8).error(), "the aborted receive gave its block back");

    TestProbe<Engine.Command> sender = KIT.createTestProbe();
    Piece piece = Piece.of(IndexRuns.range(0, 2));
    engine.tell(new Engine.PieceData(5, 11, piece,
        WireArray.of(org.distarray.arrays.NdArray.of(new double[] {1, 2}, 2)), null, sender.getRef(), 0));
    assertEquals(new Engine.PieceAck(5, 0), sender.receiveMessage(), "a late chunk is acknowledged");
    assertNothingElseAnswered(engine, 7);
    engine.tell(new Engine.FetchBlock(4, 11, probe.getRef()));
    assertNotNull(probe.receiveMessage().error(), "an aborted receive leaves no block");
  }

  @Test
  void anAbortedSendGivesItsChunkBuffersBack() {
    ActorRef<Engine.Command> engine = KIT.spawn(Engine.create(0));
    assertNull(create(engine, 1, 7).error());
    long baseline = used(engine);
    TestProbe<Engine.Command> target = KIT.createTestProbe();
    Piece all = Piece.of(IndexRuns.range(0, ELEMENTS));
    engine.tell(new Engine.SendPieces(6, 7, 12, List.of(new Engine.Outgoing(target.getRef(), all, all)),
        probe.getRef()));
    Engine.PieceData first = (Engine.PieceData) target.receiveMessage();
    assertTrue(used(engine) > baseline, "the send holds chunk buffers");

    engine.tell(new Engine.Abort(6));
    assertEquals(baseline, used(engine), "the aborted send gave its buffers back");
    engine.tell(new Engine.PieceAck(6, first.slot()));
    assertNothingElseAnswered(engine, 7);
    assertNull(create(engine, 2, 8).error());
  }

  @Test
  void anAbortedReductionIgnoresItsLatePartials() {
    ActorRef<Engine.Command> engine = KIT.spawn(Engine.create(0));
    assertNull(create(engine, 1, 7).error());
    engine.tell(new Engine.Reduce(9, new Expr.Leaf(7), ReduceOp.SUM, new boolean[] {true}, null, 1, -1, null,
        probe.getRef(), null));
    engine.tell(new Engine.Abort(9));
    engine.tell(new Engine.Partial(9, null, new ErrorInfo("java.lang.IllegalStateException", "late", 1)));
    assertNothingElseAnswered(engine, 7);

    // an abort that overtook its reduction's command: the command is ignored too
    engine.tell(new Engine.Abort(10));
    engine.tell(new Engine.Reduce(10, new Expr.Leaf(7), ReduceOp.SUM, new boolean[] {true}, null, 0, -1, null,
        probe.getRef(), null));
    assertNothingElseAnswered(engine, 7);
  }

  @Test
  void joiningANewCoordinatorDropsTheBlocksOfTheOldOne() {
    ActorRef<Engine.Command> engine = KIT.spawn(Engine.create(0));
    TestProbe<Engine.Joined> joined = KIT.createTestProbe();
    engine.tell(new Engine.Join(0, 111, joined.getRef()));
    assertEquals(0, joined.receiveMessage().engineId());
    assertNull(create(engine, 1, 7).error());
    engine.tell(new Engine.ReceiveBlock(2, 8, d, DType.FLOAT64, null, probe.getRef()));
    engine.tell(new Engine.Join(0, 111, joined.getRef()));
    joined.receiveMessage();
    assertEquals(2 * ELEMENTS * 8, used(engine), "the same coordinator again: nothing is dropped");

    engine.tell(new Engine.Join(0, 222, joined.getRef()));
    assertEquals(0, joined.receiveMessage().engineId(), "the engine keeps its id");
    assertEquals(0, used(engine), "the old coordinator's block and receive are gone");
    TestProbe<Engine.MemoryUsed> memory = KIT.createTestProbe();
    engine.tell(new Engine.ReportMemory(memory.getRef()));
    assertEquals(0, memory.receiveMessage().blocks());
  }
}
