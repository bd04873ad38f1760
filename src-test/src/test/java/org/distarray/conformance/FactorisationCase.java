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
 * One matrix of the factorisation fixtures with NumPy's answers for it, made by
 * {@code src-test/fixtures/generate_factorisations.py} (its docstring describes every field).
 *
 * @param kind {@code "factor"} (a tall-skinny {@code a} with NumPy's {@code qr}, {@code svd}, the problems of
 *     {@code lstsq} and {@code cond}) or {@code "cov"} (a matrix {@code a} with NumPy's {@code cov} and
 *     {@code corrcoef} for {@code rowvar} true and false)
 * @param name the kind of values, dtype and shape, for example {@code "offset 1e6 float64 (4, 9)"}
 * @param json the whole case; an array is {@code {"dtype", "shape", "data"}} with data flat in C order
 */
record FactorisationCase(String kind, String name, JsonNode json) {
  static final String RESOURCE = "linalg/factorisation-cases.jsonl.gz";
  static final String FACTOR = "factor";
  static final String COV = "cov";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every case of the fixture, in the order the generator wrote them. */
  static List<FactorisationCase> readAll() {
    InputStream in = FactorisationCase.class.getClassLoader().getResourceAsStream(RESOURCE);
    if (in == null) {
      throw new IllegalStateException("fixture " + RESOURCE + " is missing: run python3"
          + " src-test/fixtures/generate_factorisations.py");
    }
    List<FactorisationCase> cases = new ArrayList<>();
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(new GZIPInputStream(in),
        StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (!line.isBlank()) {
          JsonNode c = JSON.readTree(line);
          cases.add(new FactorisationCase(c.get("kind").asText(), c.get("name").asText(), c));
        }
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("fixture " + RESOURCE + " is not JSON lines: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read fixture " + RESOURCE, e);
    }
    return cases;
  }

  /** An array of the fixture, {@code {"dtype", "shape", "data"}}, in its dtype and shape. */
  static NdArray array(JsonNode a) {
    DType dtype = DType.valueOf(a.get("dtype").asText());
    return SortCase.values(a.get("data"), dtype).reshape(ProgramFixtures.longs(a.get("shape")));
  }

  /** The input matrix, as written. */
  NdArray a() {
    return array(json.get("a"));
  }

  DType dtype() {
    return DType.valueOf(json.get("a").get("dtype").asText());
  }

  Shape shape() {
    return Shape.of(ProgramFixtures.longs(json.get("a").get("shape")));
  }

  /** True when a is float64 and has at most this many elements (such cases run on every layout). */
  boolean smallFloat64(long elements) {
    return dtype() == DType.FLOAT64 && shape().size() <= elements;
  }

  /**
   * The relative tolerance of NumPy's answers: float32's for float32 input (NumPy factors it in float32), float64's
   * for any other.
   */
  double tolerance() {
    return ArrayAssertions.toleranceOf(dtype());
  }

  /** NumPy's {@code np.linalg.cond(a)}: the ratio of a's largest singular value to its smallest. */
  double cond() {
    return json.get("cond").asDouble();
  }

  /** An answer of a factor case: {@code answer("qr", "q")}, {@code answer("svd", "s")}, ... as float64. */
  NdArray answer(String call, String field) {
    return array(json.get(call).get(field)).astype(DType.FLOAT64);
  }

  /** a's largest singular value, NumPy's {@code s[0]}: the 2-norm that scales the errors of a factorisation. */
  double norm2() {
    return answer("svd", "s").getDouble(0);
  }

  /** The least-squares problems of a factor case. */
  List<Problem> problems() {
    List<Problem> out = new ArrayList<>();
    for (int p = 0; p < json.get("lstsq").size(); p++) {
      out.add(new Problem(this, p));
    }
    return out;
  }

  /** cov's and corrcoef's answers for one rowvar: {@code {"cov", "corrcoef"}}. */
  JsonNode covariances(boolean rowvar) {
    return json.get(rowvar ? "rowvarTrue" : "rowvarFalse");
  }

  @Override
  public String toString() {
    return name;
  }

  /**
   * Problem {@code index} of a factor case: {@code b} and NumPy's {@code lstsq(a, b, rcond=None)[0]}, and for the
   * ill-conditioned matrix the exact solution b was made from with the relative error allowed for each column.
   */
  record Problem(FactorisationCase matrix, int index) {
    private JsonNode json() {
      return matrix.json().get("lstsq").get(index);
    }

    NdArray b() {
      return array(json().get("b"));
    }

    Shape bShape() {
      return Shape.of(ProgramFixtures.longs(json().get("b").get("shape")));
    }

    /** NumPy's solution, as float64. */
    NdArray x() {
      return array(json().get("x")).astype(DType.FLOAT64);
    }

    /** The exact solution, or null when the fixture has none. */
    NdArray xTrue() {
      return json().has("xTrue") ? array(json().get("xTrue")) : null;
    }

    /** For each column of b, the relative 2-norm error {@code |x - xTrue| / |xTrue|} allowed. */
    double[] xTrueTolerance() {
      return ProgramFixtures.doubles(json().get("xTrueTolerance"));
    }

    @Override
    public String toString() {
      return matrix.name() + ", b " + bShape();
    }
  }
}
