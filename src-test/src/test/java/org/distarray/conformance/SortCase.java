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

/**
 * One input array of the sorting fixtures with NumPy's answers for it, made by
 * {@code src-test/fixtures/generate_sorting.py} (its docstring describes every field).
 *
 * @param name the kind of values, dtype and shape, for example {@code "many ties int32 (37,)"}
 * @param dtype the input's dtype
 * @param shape the input's shape
 * @param json the whole case: {@code data} (flat in C order), {@code sorted}, {@code unique}, {@code searchsorted}
 *     (1-D only), {@code median} (not for empty inputs), {@code medianAlong}, {@code percentiles} and
 *     {@code histograms}
 */
record SortCase(String name, DType dtype, Shape shape, JsonNode json) {
  static final String RESOURCE = "sorting/sorting-cases.jsonl.gz";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every case of the fixture, in the order the generator wrote them. */
  static List<SortCase> readAll() {
    InputStream in = SortCase.class.getClassLoader().getResourceAsStream(RESOURCE);
    if (in == null) {
      throw new IllegalStateException("fixture " + RESOURCE + " is missing: run python3"
          + " src-test/fixtures/generate_sorting.py");
    }
    List<SortCase> cases = new ArrayList<>();
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(new GZIPInputStream(in),
        StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (!line.isBlank()) {
          JsonNode c = JSON.readTree(line);
          cases.add(new SortCase(c.get("name").asText(), DType.valueOf(c.get("dtype").asText()),
              Shape.of(ProgramFixtures.longs(c.get("shape"))), c));
        }
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("fixture " + RESOURCE + " is not JSON lines: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read fixture " + RESOURCE, e);
    }
    return cases;
  }

  /** The input array: NumPy's {@code x}. */
  NdArray input() {
    return values(json.get("data")).reshape(shape.dims());
  }

  /** Flat values of the input's dtype as a 1-D array. */
  NdArray values(JsonNode flat) {
    return values(flat, dtype);
  }

  /**
   * Flat fixture values as a 1-D array of dtype: floats through float64 (NaN and infinities are the strings
   * "nan", "inf" and "-inf"), integers and bools (0 and 1) through int64, so that int64 values above 2^53 stay exact.
   */
  static NdArray values(JsonNode flat, DType dtype) {
    NdArray wide = dtype.isFloating() ? NdArray.of(ProgramFixtures.doubles(flat))
        : NdArray.of(ProgramFixtures.longs(flat));
    return wide.astype(dtype);
  }

  /** The entry of {@code sorted} for this axis: NumPy's sort and stable argsort along it. */
  JsonNode sortedAlong(int axis) {
    for (JsonNode along : json.get("sorted")) {
      if (along.get("axis").asInt() == axis) {
        return along;
      }
    }
    throw new IllegalArgumentException(name + " has no sort along axis " + axis);
  }

  /** The largest finite absolute value of the input (0 when there is none), the scale of its rounding errors. */
  double largestFiniteMagnitude() {
    double largest = 0;
    for (double v : input().toDoubleArray()) {
      if (Double.isFinite(v)) {
        largest = Math.max(largest, Math.abs(v));
      }
    }
    return largest;
  }

  @Override
  public String toString() {
    return name;
  }
}
