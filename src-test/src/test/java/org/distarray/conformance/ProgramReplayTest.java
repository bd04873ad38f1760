package org.distarray.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.distarray.runtime.DistContext;
import org.distarray.runtime.EngineMemory;
import org.distarray.runtime.MemoryReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * About 2000 random programs replayed on 1 to 4 embedded engines, each step checked against NumPy's answer.
 *
 * <p>The programs and answers are fixtures made by {@code src-test/fixtures/generate_programs.py}: creation on every
 * distribution kind, elementwise chains with broadcasting, slices that are views or copies, writes (also through
 * views and between overlapping selections of one array), redistribution, reshape, astype, copy, reductions and
 * close. They check NumPy's value semantics: a lazy result keeps the values its inputs had when it was made, whatever
 * is written to them later. Each program is one test; after a context's programs its engines must hold no block.
 */
class ProgramReplayTest {
  private static final EngineContexts CONTEXTS = new EngineContexts();

  @AfterAll
  static void closeContexts() {
    CONTEXTS.close();
  }

  @TestFactory
  Stream<DynamicContainer> everyProgramGivesNumpysAnswers() {
    return IntStream.rangeClosed(1, DistributionCases.MAX_ENGINES).mapToObj(ProgramReplayTest::programsOn);
  }

  /** The programs of one fixture file (one engine count), then the check that they left nothing behind. */
  private static DynamicContainer programsOn(int engines) {
    String resource = "programs/programs-" + engines + "-engines.jsonl.gz";
    List<JsonNode> programs = ProgramFixtures.read(resource);
    Stream<DynamicNode> runs = programs.stream().map(p -> dynamicTest(ProgramRun.describe(p),
        () -> new ProgramRun(CONTEXTS.withEngines(p.get("engines").asInt()), p).run()));
    Stream<DynamicNode> leaks = Stream.of(dynamicTest("no block is left on the " + engines + " engines",
        () -> assertNoBlocks(CONTEXTS.withEngines(engines), programs.size())));
    return dynamicContainer(resource, Stream.concat(runs, leaks));
  }

  private static void assertNoBlocks(DistContext ctx, int programs) {
    MemoryReport report = ctx.memory();
    assertEquals(ctx.engineCount(), report.engines().size(), () -> "engines in " + report);
    for (EngineMemory engine : report.engines().values()) {
      assertEquals(0, engine.blocks(), () -> "engine " + engine.engineId() + " holds " + engine.blocks()
          + " blocks (" + engine.blockBytes() + " bytes) after " + programs + " programs closed every array; "
          + report.liveArrays() + " arrays live");
    }
  }
}
