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
 * One case of the linear algebra fixtures with NumPy's answers for it, made by
 * {@code src-test/fixtures/generate_linalg.py} (its docstring describes every field).
 *
 * @param kind {@code "matmul"} (operands {@code a} and {@code b}, NumPy's {@code matmul} and, for two vectors,
 *     {@code dot}) or {@code "stats"} (an array {@code x}, NumPy's {@code norm} and the fields of its
 *     {@code summary})
 * @param name the kind of values, dtypes and shapes, for example {@code "random int64 @ float32 (7, 5) @ (5, 3)"}
 * @param json the whole case; an array is {@code {"dtype", "shape", "data"}} with data flat in C order
 */
record LinalgCase(String kind, String name, JsonNode json) {
  static final String RESOURCE = "linalg/linalg-cases.jsonl.gz";
  static final String MATMUL = "matmul";
  static final String STATS = "stats";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every case of the fixture, in the order the generator wrote them. */
  static List<LinalgCase> readAll() {
    InputStream in = LinalgCase.class.getClassLoader().getResourceAsStream(RESOURCE);
    if (in == null) {
      throw new IllegalStateException("fixture " + RESOURCE + " is missing: run python3"
          + " src-test/fixtures/generate_linalg.py");
    }
    List<LinalgCase> cases = new ArrayList<>();
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(new GZIPInputStream(in),
        StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (!line.isBlank()) {
          JsonNode c = JSON.readTree(line);
          cases.add(new LinalgCase(c.get("kind").asText(), c.get("name").asText(), c));
        }
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("fixture " + RESOURCE + " is not JSON lines: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read fixture " + RESOURCE, e);
    }
    return cases;
  }

  /** The array stored under key, as written ({@code b} of a case with {@code "same"} is {@code a}). */
  NdArray stored(String key) {
    JsonNode a = json.get(same() && key.equals("b") ? "a" : key);
    DType dtype = DType.valueOf(a.get("dtype").asText());
    long[] shape = ProgramFixtures.longs(a.get("shape"));
    if (dtype.isComplex()) { // real and imaginary parts one after the other
      return NdArray.ofComplex(ProgramFixtures.doubles(a.get("data"))).reshape(shape).astype(dtype);
    }
    return SortCase.values(a.get("data"), dtype).reshape(shape);
  }

  /** The elements as doubles in C order; each complex element as its real and imaginary parts, one after the other. */
  static double[] flat(NdArray x) {
    if (!x.dtype().isComplex()) {
      return x.toDoubleArray();
    }
    int n = (int) (2 * x.size());
    Object storage = x.copy().storage(); // C order from element 0
    if (storage instanceof double[] d) {
      return java.util.Arrays.copyOf(d, n);
    }
    float[] f = (float[]) storage;
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = f[i];
    }
    return d;
  }

  /** The dtype of the array stored under key. */
  DType dtype(String key) {
    return DType.valueOf(json.get(same() && key.equals("b") ? "a" : key).get("dtype").asText());
  }

  /** The shape of the array stored under key, as written (before any transpose). */
  Shape storedShape(String key) {
    return Shape.of(ProgramFixtures.longs(json.get(same() && key.equals("b") ? "a" : key).get("shape")));
  }

  /** True when one array is both operands: NumPy's {@code np.matmul(a, a)}. */
  boolean same() {
    return json.path("same").asBoolean(false);
  }

  /** True when the operand is the transpose of the array stored under key ("a" or "b"). */
  boolean transposed(String key) {
    return json.path(key + "Transposed").asBoolean(false);
  }

  /** NumPy's operand: the stored array, or its transpose. */
  NdArray operand(String key) {
    NdArray stored = stored(key);
    return transposed(key) ? stored.transpose() : stored;
  }

  /** NumPy's {@code np.matmul(a, b)}, of its dtype and shape. */
  NdArray product() {
    return stored(MATMUL);
  }

  /**
   * The scale of a product's rounding errors: {@code k * max|a| * max|b|} for the inner length k (0 for an empty
   * inner axis, whose products are exactly 0).
   */
  double scale() {
    NdArray a = operand("a");
    long k = a.shape().dim(a.ndim() - 1);
    return k * largestMagnitude(a) * largestMagnitude(operand("b"));
  }

  /** True when each operand has at most this many elements. */
  boolean atMost(long elements) {
    return storedShape("a").size() <= elements && storedShape("b").size() <= elements;
  }

  /** The largest absolute value of an array (0 for an empty one; 1 for a bool array that holds true). */
  static double largestMagnitude(NdArray x) {
    double largest = 0;
    double[] v = flat(x);
    int step = x.dtype().isComplex() ? 2 : 1;
    for (int i = 0; i < v.length; i += step) {
      largest = Math.max(largest, step == 2 ? Math.hypot(v[i], v[i + 1]) : Math.abs(v[i]));
    }
    return largest;
  }

  @Override
  public String toString() {
    return name;
  }
}
