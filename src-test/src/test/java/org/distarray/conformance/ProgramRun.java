package org.distarray.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.distarray.arrays.DType;
import org.distarray.arrays.dist.Distribution;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.distarray.runtime.EngineMemory;

/**
 * One fixture program replayed on a context: each step's operation on the live arrays by name, then its checks
 * against NumPy's answers; at the end every live array is closed and the engines must hold the blocks they held
 * before.
 *
 * <p>A step {"op", "text", ...} may carry "expect" (arrays to gather and compare), "expect_view" (what the result's
 * {@code isView()} must say), or "defer": true, which leaves an elementwise result lazy (its expected values are
 * checked by a later "check" step, usually after its inputs were written or closed).
 */
final class ProgramRun {
  private final DistContext ctx;
  private final JsonNode program;
  private final Map<String, DistArray> live = new LinkedHashMap<>();
  private int stepNumber = -1;
  private JsonNode step;

  ProgramRun(DistContext ctx, JsonNode program) {
    this.ctx = ctx;
    this.program = program;
  }

  /** For example {@code program 17: 3 engines, 25 steps}. */
  static String describe(JsonNode program) {
    return "program " + program.get("program").asInt() + ": " + program.get("engines").asInt() + " engines, "
        + program.get("steps").size() + " steps";
  }

  /** Replays every step, closes what is live and checks that no block was left behind. */
  void run() {
    Map<Integer, Integer> blocksBefore = blocksPerEngine();
    try {
      for (JsonNode s : program.get("steps")) {
        stepNumber++;
        step = s;
        replayStep();
      }
    } catch (RuntimeException e) {
      AssertionError failure = new AssertionError(where() + " threw " + e, e);
      closeAll(failure);
      throw failure;
    } catch (AssertionError e) {
      closeAll(e);
      throw e;
    }
    AssertionError closing = new AssertionError(describe(program) + ": closing the live arrays " + live.keySet());
    closeAll(closing);
    if (closing.getSuppressed().length > 0) {
      throw closing;
    }
    assertEquals(blocksBefore, blocksPerEngine(), () -> describe(program) + ": blocks per engine after every array"
        + " was closed");
  }

  private void replayStep() {
    DistArray out = execute(step.get("op").asText());
    if (out != null) {
      live.put(step.get("out").asText(), out);
    }
    if (step.has("expect_view")) {
      assertEquals(step.get("expect_view").asBoolean(), out.isView(), () -> where() + ": isView() of the result");
    }
    if (step.path("defer").asBoolean(false)) {
      return;
    }
    for (JsonNode expected : step.path("expect")) {
      ProgramExpectations.assertArray(expected, array(expected.get("var").asText()), where());
    }
  }

  /** Runs the step's operation; returns the new array it makes, if any. */
  private DistArray execute(String op) {
    return switch (op) {
      case "zeros" -> ctx.zeros(distribution(step), DType.valueOf(step.get("dtype").asText()));
      case "ones" -> ctx.ones(distribution(step));
      case "full" -> ctx.full(distribution(step), step.get("value").asDouble());
      case "arange" -> ctx.arange(step.get("n").asLong());
      case "fromNdArray" -> ctx.fromNdArray(ProgramFixtures.array(step), distribution(step));
      case "ufunc" -> ufunc();
      case "slice" -> source().slice(step.get("index").asText());
      case "set" -> {
        source().set(step.get("value").asDouble(), ProgramFixtures.longs(step.get("index")));
        yield null;
      }
      case "assign" -> {
        assign();
        yield null;
      }
      case "redistribute" -> source().redistribute(
          ProgramFixtures.distribution(step.get("dist"), source().shape().dims(), ctx));
      case "reshape" -> source().reshape(ProgramFixtures.longs(step.get("shape")));
      case "astype" -> source().astype(DType.valueOf(step.get("dtype").asText()));
      case "copy" -> source().copy();
      case "reduce" -> {
        ProgramExpectations.assertValue(step, reduce(step.get("fn").asText(), source()), where());
        yield null;
      }
      case "get" -> {
        double value = source().getDouble(ProgramFixtures.longs(step.get("index")));
        ProgramExpectations.assertValue(step, value, where());
        yield null;
      }
      case "reduceAxis" -> step.get("fn").asText().equals("sum") ? source().sum(step.get("axis").asInt())
          : source().max(step.get("axis").asInt());
      case "close" -> {
        live.remove(step.get("var").asText()).close();
        yield null;
      }
      case "check" -> null;
      default -> throw new IllegalArgumentException("unknown op in a fixture: " + step);
    };
  }

  /** src.op1(...).op2(...)...: the intermediates are closed once the result is made (it stays lazy). */
  private DistArray ufunc() {
    DistArray source = array(step.get("src").asText());
    DistArray current = source;
    List<DistArray> intermediates = new ArrayList<>();
    for (JsonNode op : step.get("ops")) {
      DistArray next = ProgramUfuncs.apply(current, op, this::array);
      if (current != source) {
        intermediates.add(current);
      }
      current = next;
    }
    intermediates.forEach(DistArray::close);
    return current;
  }

  /**
   * target.assign(index, scalar), target.assign(index, src), target.assign(index, src.slice(srcIndex)) or, with
   * srcOps, target.assign(index, src.slice(srcIndex).op(...)): a lazy expression that may read what it overwrites.
   */
  private void assign() {
    DistArray target = source();
    String index = step.get("index").asText();
    if (!step.has("src")) {
      target.assign(index, step.get("value").asDouble());
    } else if (!step.has("srcIndex")) {
      target.assign(index, array(step.get("src").asText()));
    } else {
      try (DistArray selection = array(step.get("src").asText()).slice(step.get("srcIndex").asText())) {
        if (!step.has("srcOps")) {
          target.assign(index, selection);
          return;
        }
        try (DistArray value = ProgramUfuncs.apply(selection, step.get("srcOps").get(0), this::array)) {
          target.assign(index, value);
        }
      }
    }
  }

  private static double reduce(String fn, DistArray a) {
    return switch (fn) {
      case "sum" -> a.sum();
      case "mean" -> a.mean();
      case "min" -> a.min();
      case "max" -> a.max();
      default -> throw new IllegalArgumentException("unknown reduction in a fixture: " + fn);
    };
  }

  private Distribution distribution(JsonNode creation) {
    return ProgramFixtures.distribution(creation.get("dist"), ProgramFixtures.longs(creation.get("shape")), ctx);
  }

  private DistArray source() {
    return array(step.get("var").asText());
  }

  private DistArray array(String name) {
    DistArray a = live.get(name);
    if (a == null) {
      throw new IllegalStateException("the fixture names " + name + ", which is not live: " + live.keySet());
    }
    return a;
  }

  private void closeAll(AssertionError failure) {
    for (Map.Entry<String, DistArray> e : live.entrySet()) {
      try {
        e.getValue().close();
      } catch (RuntimeException closing) {
        failure.addSuppressed(new AssertionError("closing " + e.getKey() + " threw " + closing, closing));
      }
    }
    live.clear();
  }

  private Map<Integer, Integer> blocksPerEngine() {
    Map<Integer, Integer> blocks = new TreeMap<>();
    for (EngineMemory engine : ctx.memory().engines().values()) {
      blocks.put(engine.engineId(), engine.blocks());
    }
    return blocks;
  }

  /** For example {@code program 17 (3 engines) step 5 `v5 = v1.add(v3)`}. */
  private String where() {
    return "program " + program.get("program").asInt() + " (" + program.get("engines").asInt() + " engines) step "
        + stepNumber + " `" + (step == null ? "" : step.get("text").asText()) + "`";
  }
}
