package org.distarray.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.distarray.arrays.Shape;
import org.distarray.arrays.task.LocalBlocks;
import org.distarray.arrays.task.LocalTask;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.distarray.runtime.EngineTaskException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tasks on a real cluster (a coordinator node, an engine node with two engines, this JVM as the client): results
 * come from the engines in rank order; a task class missing on the engines' node and a result that cannot travel
 * back fail the call within a second, naming the engine and the cause, and the cluster goes on serving. The task
 * classes of the engine node come from a jar made of {@link ShippedTask}; the coordinator's node has none of them.
 */
class TaskErrorsClusterTest {
  private static final Duration AT_ONCE = Duration.ofSeconds(1);
  private static ClusterProcesses nodes;
  private static DistContext ctx;
  private static DistArray both;

  /** Only on this JVM's class path: missing on the engine node. */
  record NotOnTheNodes() implements LocalTask<Integer> {
    @Override
    public Integer run(LocalBlocks blocks) {
      return blocks.rank();
    }
  }

  @BeforeAll
  static void startCluster() {
    nodes = new ClusterProcesses("task-errors");
    nodes.start("coordinator", "coordinator-node.conf");
    nodes.classPath(nodes.jarOf("tasks.jar", ShippedTask.class));
    nodes.start("engines", "engine-node.conf", "--engines", "2");
    ctx = DistContext.connect(nodes.clientConfig("client", 2));
    both = ctx.ones(ctx.distribution(Shape.of(10), "b"));
    ctx.apply(new ShippedTask("rank"), both); // the first task of each kind loads classes on every side
  }

  @AfterAll
  static void stopCluster() {
    nodes.closeAfter(ctx);
  }

  /** Runs task on both, expecting it to fail within a second; returns the exception. */
  private static EngineTaskException failsAtOnce(LocalTask<?> task) {
    long start = System.nanoTime();
    EngineTaskException e = assertThrows(EngineTaskException.class, () -> ctx.apply(task, both));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertTrue(took.compareTo(AT_ONCE) < 0, "failed after " + took + ": " + e.getMessage());
    assertTrue(e.getMessage().contains("engine " + e.engineId()), e.getMessage());
    return e;
  }

  private static void assertTheClusterServes() {
    assertEquals(List.of(0, 1), ctx.apply(new ShippedTask("rank"), both));
    assertEquals(10.0, both.sum());
  }

  @Test
  void resultsComeFromTheEnginesInRankOrder() {
    assertEquals(List.of(0, 1), ctx.apply(new ShippedTask("rank"), both));
    assertEquals(2, ctx.apply(new ShippedTask("rank")).size(), "a task without arrays runs on every engine");
  }

  @Test
  void aTaskClassMissingOnTheEnginesFailsAtOnceNamingTheClass() {
    EngineTaskException e = failsAtOnce(new NotOnTheNodes());
    assertTrue(e.getMessage().contains(ClassNotFoundException.class.getName())
        && e.getMessage().contains(NotOnTheNodes.class.getName()), e.getMessage());
    assertTheClusterServes();
  }

  @Test
  void aResultThatCannotTravelBackFailsAtOnceNamingItsType() {
    EngineTaskException map = failsAtOnce(new ShippedTask("map"));
    assertTrue(map.getMessage().contains("java.util.HashMap"), map.getMessage());
    EngineTaskException matrix = failsAtOnce(new ShippedTask("matrix"));
    assertTrue(matrix.getMessage().contains("double[][]"), matrix.getMessage());
    assertTheClusterServes();
  }
}
