package org.distarray.actors.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.distarray.actors.Expr;
import org.distarray.actors.Fill;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.ops.BinaryOp;
import org.distarray.arrays.ops.ReduceOp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A reduction by node: only the first engine of the group gets the command, and it reduces the blocks of the other
 * engines of its JVM itself. The array is np.arange(10) over four engines ('b': blocks [0 1 2], [3 4 5], [6 7],
 * [8 9]), so a value that only the first engine's block could give ([0 1 2]: sum 3) shows the path was not taken.
 */
class NodeReductionsTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final Distribution D = Distribution.of(Shape.of(10), "b", 4);
  private static ActorRef<Engine.Command>[] engines;
  private static long requests = 100;

  @BeforeAll
  @SuppressWarnings({"unchecked", "rawtypes"})
  static void start() {
    engines = new ActorRef[4];
    for (int e = 0; e < 4; e++) {
      engines[e] = KIT.spawn(Engine.create(e));
    }
    create(7, DType.FLOAT64);
    create(8, DType.INT8);
  }

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  private static void create(long array, DType dtype) {
    TestProbe<Engine.Done> probe = KIT.createTestProbe();
    for (ActorRef<Engine.Command> e : engines) {
      e.tell(new Engine.Create(requests++, array, D, dtype, new Fill.Arange(), probe.getRef()));
      assertNull(probe.receiveMessage().error());
    }
  }

  /** The answer of a ReduceAll by node, sent to engine 0 alone for group. */
  private static Engine.Done reduce(Expr source, ReduceOp op, int... group) {
    TestProbe<Engine.Done> client = KIT.createTestProbe();
    TestProbe<Engine.Done> coordinator = KIT.createTestProbe();
    long req = requests++;
    Engine.ReduceAll command = new Engine.ReduceAll(req, source, op, new boolean[] {true}, true,
        coordinator.getRef(), client.getRef());
    engines[group[0]].tell(new Engine.Spread(req, List.of(command), group, 0, coordinator.getRef()));
    Engine.Done done = coordinator.receiveMessage(Duration.ofSeconds(10));
    if (done.error() != null) {
      return done;
    }
    Engine.Done value = client.receiveMessage(Duration.ofSeconds(10));
    assertEquals(req, value.requestId());
    return value;
  }

  @Test
  void oneEngineReducesTheBlocksOfItsNode() {
    Expr x = new Expr.Leaf(7);
    assertEquals(45.0, reduce(x, ReduceOp.SUM, 0, 1, 2, 3).block().getDouble()); // np.arange(10.).sum()
    assertEquals(4.5, reduce(x, ReduceOp.MEAN, 0, 1, 2, 3).block().getDouble());
    assertEquals(8.25, reduce(x, ReduceOp.VAR, 0, 1, 2, 3).block().getDouble(), 1e-12); // np.arange(10.).var()
    assertEquals(9.0, reduce(x, ReduceOp.MAX, 0, 1, 2, 3).block().getDouble());
    assertEquals(0.0, reduce(x, ReduceOp.PROD, 0, 1, 2, 3).block().getDouble());
    // (2 * x + 1).sum() == 100, fused over the blocks laid end to end
    Expr fused = new Expr.Binary(BinaryOp.ADD, new Expr.Binary(BinaryOp.MULTIPLY, x,
        new Expr.Scalar(2.0, DType.FLOAT64)), new Expr.Scalar(1.0, DType.FLOAT64));
    assertEquals(100.0, reduce(fused, ReduceOp.SUM, 0, 1, 2, 3).block().getDouble());
    // int8 sums in int64, as NumPy's: 45
    NdArray s = reduce(new Expr.Leaf(8), ReduceOp.SUM, 0, 1, 2, 3).block();
    assertEquals(DType.INT64, s.dtype());
    assertEquals(45L, s.getLong());
    // argmax takes positions: each engine's share as that engine would reduce it, combined in engine order
    assertEquals(9L, reduce(x, ReduceOp.ARGMAX, 0, 1, 2, 3).block().getLong());
    assertEquals(0L, reduce(x, ReduceOp.ARGMIN, 0, 1, 2, 3).block().getLong());
  }

  @Test
  void aGroupOfSomeEnginesReducesOnlyTheirBlocks() {
    // engines 0 and 2 of the four: [0 1 2] and [6 7]
    assertEquals(16.0, reduce(new Expr.Leaf(7), ReduceOp.SUM, 0, 2).block().getDouble());
    assertEquals(30.0, reduce(new Expr.Leaf(7), ReduceOp.SUM, 2, 3).block().getDouble()); // [6 7] and [8 9]
  }

  @Test
  void aMissingBlockFailsTheReductionNamingItsEngine() {
    create(9, DType.FLOAT64);
    engines[2].tell(new Engine.Free(new long[] {9}));
    // engine 2 handles its Free before the fetch below, so the block is gone when engine 0 reads
    TestProbe<Engine.Done> probe = KIT.createTestProbe();
    engines[2].tell(new Engine.FetchBlock(requests++, 9, probe.getRef()));
    assertNotNull(probe.receiveMessage().error());
    Engine.Done failed = reduce(new Expr.Leaf(9), ReduceOp.SUM, 0, 1, 2, 3);
    assertNotNull(failed.error());
    assertTrue(failed.error().message().contains("engine 2 holds no block of array 9"), failed.error().message());
  }

  @Test
  void aStoppedEngineIsNoLongerReadButPassedOnToAsAnyOther() {
    ActorTestKit kit = ActorTestKit.create();
    try {
      ActorRef<Engine.Command> first = kit.spawn(Engine.create(0));
      ActorRef<Engine.Command> second = kit.spawn(Engine.create(1));
      NodeEngines node = NodeEngines.of(kit.system());
      TestProbe<Engine.Done> probe = kit.createTestProbe();
      probe.awaitAssert(() -> { // an engine registers when it starts
        assertNotNull(node.store(1));
        return null;
      });
      assertArrayEquals(new int[] {0, 1}, node.split(new int[] {0, 1, 5})[0]);
      assertArrayEquals(new int[] {0, 5}, node.split(new int[] {0, 1, 5})[1]);
      kit.stop(second);
      probe.awaitAssert(() -> {
        assertNull(node.store(1));
        return null;
      });
      assertArrayEquals(new int[] {0, 1}, node.split(new int[] {0, 1})[1]);
      first.tell(new Engine.Create(0, 3, Distribution.of(Shape.of(4), "b", 2), DType.FLOAT64, new Fill.Arange(),
          probe.getRef()));
      assertNull(probe.receiveMessage().error());
      // engine 0 knows no engine 1 now (no Peers list): the reduction fails at once, naming it
      long req = 1;
      Engine.ReduceAll command = new Engine.ReduceAll(req, new Expr.Leaf(3), ReduceOp.SUM, new boolean[] {true},
          true, probe.getRef(), probe.getRef());
      first.tell(new Engine.Spread(req, List.of(command), new int[] {0, 1}, 0, probe.getRef()));
      Engine.Done failed = probe.receiveMessage(Duration.ofSeconds(10));
      assertNotNull(failed.error());
      assertTrue(failed.error().message().contains("engine 1"), failed.error().message());
    } finally {
      kit.shutdownTestKit();
    }
  }
}
