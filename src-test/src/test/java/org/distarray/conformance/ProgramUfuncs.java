package org.distarray.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Function;
import org.distarray.runtime.DistArray;

/** The elementwise operations of the program fixtures, by their names in the fixtures (the Java method names). */
final class ProgramUfuncs {
  private ProgramUfuncs() {}

  /**
   * One op of a chain applied to x: {"fn", "scalar"} with a Python-float scalar, {"fn", "arg"} with the array that
   * arrays resolves the name of, or {"fn"} alone for a unary op ("sqrtOfAbs" is {@code x.abs().sqrt()}; the
   * intermediate is closed).
   */
  static DistArray apply(DistArray x, JsonNode op, Function<String, DistArray> arrays) {
    String fn = op.get("fn").asText();
    if (op.has("scalar")) {
      return binary(fn, x, op.get("scalar").asDouble());
    }
    if (op.has("arg")) {
      return binary(fn, x, arrays.apply(op.get("arg").asText()));
    }
    return unary(fn, x);
  }

  static DistArray binary(String fn, DistArray x, DistArray y) {
    return switch (fn) {
      case "add" -> x.add(y);
      case "subtract" -> x.subtract(y);
      case "multiply" -> x.multiply(y);
      case "divide" -> x.divide(y);
      case "maximum" -> x.maximum(y);
      case "minimum" -> x.minimum(y);
      case "less" -> x.less(y);
      case "lessEqual" -> x.lessEqual(y);
      case "greater" -> x.greater(y);
      case "greaterEqual" -> x.greaterEqual(y);
      case "equal" -> x.equal(y);
      case "notEqual" -> x.notEqual(y);
      default -> throw new IllegalArgumentException("unknown binary ufunc in a fixture: " + fn);
    };
  }

  static DistArray binary(String fn, DistArray x, double s) {
    return switch (fn) {
      case "add" -> x.add(s);
      case "subtract" -> x.subtract(s);
      case "multiply" -> x.multiply(s);
      case "divide" -> x.divide(s);
      case "maximum" -> x.maximum(s);
      case "minimum" -> x.minimum(s);
      case "less" -> x.less(s);
      case "lessEqual" -> x.lessEqual(s);
      case "greater" -> x.greater(s);
      case "greaterEqual" -> x.greaterEqual(s);
      case "equal" -> x.equal(s);
      case "notEqual" -> x.notEqual(s);
      default -> throw new IllegalArgumentException("unknown binary ufunc in a fixture: " + fn);
    };
  }

  static DistArray unary(String fn, DistArray x) {
    return switch (fn) {
      case "negative" -> x.negative();
      case "abs" -> x.abs();
      case "sqrtOfAbs" -> {
        try (DistArray abs = x.abs()) {
          yield abs.sqrt();
        }
      }
      case "exp" -> x.exp();
      case "floor" -> x.floor();
      case "sin" -> x.sin();
      default -> throw new IllegalArgumentException("unknown unary ufunc in a fixture: " + fn);
    };
  }
}
