package org.distarray.conformance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.distarray.arrays.DType;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.dist.AxisMap;
import org.distarray.arrays.dist.Distribution;
import org.distarray.runtime.DistContext;

/** Reads the program fixtures (gzip JSON lines) and turns their values into arrays and distributions. */
final class ProgramFixtures {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ProgramFixtures() {}

  /** Every program of a class-path resource, one JSON object a line. */
  static List<JsonNode> read(String resource) {
    InputStream in = ProgramFixtures.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("fixture " + resource + " is missing: run python3"
          + " src-test/fixtures/generate_programs.py");
    }
    List<JsonNode> programs = new ArrayList<>();
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(new GZIPInputStream(in),
        StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (!line.isBlank()) {
          programs.add(JSON.readTree(line));
        }
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("fixture " + resource + " is not JSON lines: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read fixture " + resource, e);
    }
    return programs;
  }

  static long[] longs(JsonNode array) {
    long[] out = new long[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asLong();
    }
    return out;
  }

  static int[] ints(JsonNode array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asInt();
    }
    return out;
  }

  /** Flat values as doubles: numbers, or the strings "nan", "inf" and "-inf". */
  static double[] doubles(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = number(array.get(i));
    }
    return out;
  }

  static double number(JsonNode value) {
    if (value.isTextual()) {
      return switch (value.asText()) {
        case "nan" -> Double.NaN;
        case "inf" -> Double.POSITIVE_INFINITY;
        case "-inf" -> Double.NEGATIVE_INFINITY;
        default -> throw new IllegalArgumentException("not a number in a fixture: " + value);
      };
    }
    return value.asDouble();
  }

  /** The local array of a creation step: its flat "data" in C order, of its "shape" and "dtype". */
  static NdArray array(JsonNode step) {
    NdArray values = NdArray.of(doubles(step.get("data")), longs(step.get("shape")));
    return values.astype(DType.valueOf(step.get("dtype").asText()));
  }

  /**
   * The distribution a fixture describes for shape: {"auto": "bc"} (the context's automatic grid) or {"axes":
   * [["b"], ["bounds", [0, 2, 5]], ["c"], ["bc", 2], ["u", [[3, 1], [0, 2]]], ["n"]], "grid": [...], "targets":
   * [...]}.
   */
  static Distribution distribution(JsonNode dist, long[] shape, DistContext ctx) {
    if (dist.has("auto")) {
      return ctx.distribution(Shape.of(shape), dist.get("auto").asText());
    }
    List<AxisMap> maps = new ArrayList<>();
    for (JsonNode axis : dist.get("axes")) {
      maps.add(axisMap(axis));
    }
    return Distribution.of(Shape.of(shape), maps, ints(dist.get("grid")), ints(dist.get("targets")));
  }

  private static AxisMap axisMap(JsonNode axis) {
    return switch (axis.get(0).asText()) {
      case "b" -> AxisMap.block();
      case "bounds" -> AxisMap.blockBounds(longs(axis.get(1)));
      case "c" -> AxisMap.cyclic();
      case "bc" -> AxisMap.blockCyclic(axis.get(1).asLong());
      case "u" -> AxisMap.unstructured(indexLists(axis.get(1)));
      case "n" -> AxisMap.none();
      default -> throw new IllegalArgumentException("unknown axis map in a fixture: " + axis);
    };
  }

  private static long[][] indexLists(JsonNode lists) {
    long[][] out = new long[lists.size()][];
    for (int k = 0; k < out.length; k++) {
      out[k] = longs(lists.get(k));
    }
    return out;
  }
}
