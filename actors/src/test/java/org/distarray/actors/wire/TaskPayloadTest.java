package org.distarray.actors.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.distarray.actors.TaskAnswer;
import org.distarray.actors.TaskPayload;
import org.distarray.actors.TaskResult;
import org.distarray.actors.engine.Engine;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.task.LocalBlocks;
import org.distarray.arrays.task.LocalTask;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Tasks travel as bytes that only the engine running them decodes (a missing class is that engine's error answer),
 * and a result that cannot travel is an error answer naming its type; every message through its wire format.
 */
class TaskPayloadTest {
  /** With the test configuration (application.conf: every message serialized), which create() alone leaves out. */
  private static final ActorTestKit KIT = ActorTestKit.create(com.typesafe.config.ConfigFactory.load());
  private static final Serialization SERIALIZATION = SerializationExtension.get(KIT.system().classicSystem());
  private static final ObjectMapper MAPPER = UserValues.mapper(KIT.system());

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  /** A task with an array parameter: its elements travel inside the task's bytes. */
  record Scaled(NdArray factors, String label) implements LocalTask<Object> {
    @Override
    public Object run(LocalBlocks blocks) {
      return switch (label) {
        case "map" -> new HashMap<>(Map.of("rank", blocks.rank()));
        case "matrix" -> new double[][] {{1}};
        default -> label + blocks.rank() + ":" + factors.getDouble(blocks.rank());
      };
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T message) {
    byte[] bytes = SERIALIZATION.serialize(message).get();
    return (T) SERIALIZATION.deserialize(bytes, message.getClass()).get();
  }

  private static Engine.RunTask runTask(long req, TaskPayload task, ActorRef<Engine.Done> replyTo,
      ActorRef<TaskAnswer> results) {
    return new Engine.RunTask(req, new long[0], 0, task, replyTo, results, null, null, -1, null);
  }

  @Test
  void aTaskTravelsUndecodedThroughTheCoordinatorAndDecodesWhereItRuns() {
    Scaled task = new Scaled(NdArray.of(new double[] {2.5, 3.5}, 2), "x");
    Engine.RunTask there = roundTrip(runTask(1, TaskPayload.of(task), null, null));
    assertNull(there.task().live(), "arrived in its wire form");
    Engine.RunTask onward = roundTrip(there); // passed on as it came, never decoded on the way
    assertArrayEquals(there.task().encoded(), onward.task().encoded());

    Scaled back = (Scaled) onward.task().task();
    assertEquals("x", back.label());
    assertArrayEquals(new double[] {2.5, 3.5}, back.factors().toDoubleArray());
  }

  @Test
  void anEngineAnswersAMissingTaskClassNamingItAndItself() throws Exception {
    byte[] bytes = MAPPER.writeValueAsBytes(Map.of("record", "com.example.NotHere", "value", Map.of()));
    TaskPayload missing = TaskPayload.encoded("com.example.NotHere", bytes,
        b -> MAPPER.readerFor(LocalTask.class).readValue(b));
    TaskPayload.Undecodable e = assertThrows(TaskPayload.Undecodable.class, missing::task);
    assertInstanceOf(ClassNotFoundException.class, e.reason());

    ActorRef<Engine.Command> engine = KIT.spawn(Engine.create(3));
    TestProbe<Engine.Done> done = KIT.createTestProbe();
    TestProbe<TaskAnswer> results = KIT.createTestProbe();
    engine.tell(runTask(7, missing, done.getRef(), results.getRef()));
    Engine.Done answer = done.receiveMessage();
    assertNotNull(answer.error());
    assertEquals(ClassNotFoundException.class.getName(), answer.error().type());
    assertEquals(3, answer.error().engineId());
    assertTrue(answer.error().message().contains("engine 3") && answer.error().message().contains(
        "com.example.NotHere"), answer.error().message());

    engine.tell(runTask(8, TaskPayload.of(new Scaled(NdArray.of(new double[] {4}, 1), "r")), done.getRef(),
        results.getRef()));
    assertNull(done.receiveMessage().error());
    TaskAnswer.Output out = (TaskAnswer.Output) results.receiveMessage(); // the first: nothing came for request 7
    assertEquals(8, out.requestId());
    assertEquals("r0:4.0", out.result().value());
  }

  @Test
  void aResultThatCannotTravelIsAnErrorNamingItsType() {
    ActorRef<Engine.Command> engine = KIT.spawn(Engine.create(1));
    TestProbe<Engine.Done> done = KIT.createTestProbe();
    TestProbe<TaskAnswer> results = KIT.createTestProbe();
    NdArray one = NdArray.of(new double[] {1}, 1);
    for (String kind : List.of("map", "matrix")) {
      engine.tell(runTask(1, TaskPayload.of(new Scaled(one, kind)), done.getRef(), results.getRef()));
      Engine.Done answer = done.receiveMessage();
      assertNotNull(answer.error(), kind);
      String expected = kind.equals("map") ? "java.util.HashMap" : "double[][]";
      assertTrue(answer.error().message().contains(expected) && answer.error().message().contains("engine 1"),
          answer.error().message());
    }
    engine.tell(runTask(2, TaskPayload.of(new Scaled(one, "ok")), done.getRef(), results.getRef()));
    assertNull(done.receiveMessage().error());
    assertEquals(2, ((TaskAnswer.Output) results.receiveMessage()).requestId(), "no output for the failed ones");
  }

  @Test
  void aResultWithArraysIsCheckedWithoutCopyingTheirElements() {
    NdArray big = NdArray.zeros(org.distarray.arrays.DType.FLOAT64, 1 << 20);
    UserValues.checkResult(MAPPER, new TaskResult(List.of(big, "text", 3L)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> UserValues.checkResult(MAPPER, new TaskResult(List.of(big, new Object()))));
    assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
  }
}
