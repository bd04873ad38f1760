package org.distarray.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.distarray.arrays.DType;
import org.distarray.arrays.DTypeException;
import org.distarray.arrays.IndexOutOfRangeException;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.ShapeMismatchException;
import org.distarray.arrays.dist.AxisMap;
import org.distarray.arrays.dist.Distribution;
import org.distarray.arrays.ops.Ufuncs;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * User errors raise at the call with an exception of a specific type whose message names the offending values,
 * and the engines keep working afterwards.
 */
class UserErrorConformanceTest {
  private static final EngineContexts CONTEXTS = new EngineContexts();
  private static final Shape VECTOR = DistributionCases.VECTOR;
  private static final Shape MATRIX = DistributionCases.MATRIX;
  private static DistContext ctx;

  @BeforeAll
  static void startContext() {
    ctx = CONTEXTS.withEngines(3);
  }

  @AfterAll
  static void closeContexts() {
    CONTEXTS.close();
  }

  @Test
  void fromNdArrayWithADistributionOfAnotherShapeNamesBothShapes() {
    NdArray local = NdArray.zeros(DType.FLOAT64, 7, 5);
    Distribution d = ctx.distribution(VECTOR, "b");
    assertThrowsNaming(ShapeMismatchException.class, () -> ctx.fromNdArray(local, d).close(), "(7, 5)", "(13,)");
  }

  @Test
  void binaryOpOfArraysOnDifferentDistributionsTakesTheLeftDistributionOnATie() {
    try (DistArray a = ctx.zeros(ctx.distribution(VECTOR, "b"));
        DistArray b = ctx.ones(ctx.distribution(VECTOR, "c"));
        DistArray sum = a.add(b)) {
      assertEquals(a.distribution(), sum.distribution());
      assertEquals(13.0, sum.sum());
      assertWorks(a);
    }
  }

  @Test
  void binaryOpOfArraysOnTheSameBlocksOfOtherEnginesMovesTheBlocks() {
    Distribution d = ctx.distribution(MATRIX, "bc");
    try (DistArray a = ctx.fromNdArray(NdArray.arange(35).reshape(7, 5).astype(DType.FLOAT64), d);
        DistArray b = ctx.ones(d.withTargets(new int[] {2, 1, 0}));
        DistArray product = a.multiply(b)) {
      assertEquals(d, product.distribution());
      assertEquals(595.0, product.sum()); // sum(range(35))
    }
  }

  @Test
  void binaryOpOfArraysOfDifferentShapesNamesBothShapes() {
    try (DistArray a = ctx.zeros(ctx.distribution(MATRIX, "b"));
        DistArray b = ctx.ones(ctx.distribution(VECTOR, "b"))) {
      assertThrowsNaming(IllegalArgumentException.class, () -> a.subtract(b).close(), "(7, 5)", "(13,)");
    }
  }

  @Test
  void subtractOfTwoBoolArraysIsADTypeErrorNamingTheOpAndDtypes() {
    try (DistArray a = ctx.fromNdArray(NdArray.of(new boolean[] {true, false, true}, 3))) {
      assertThrowsNaming(DTypeException.class, () -> a.subtract(a).close(), "subtract", "bool");
      assertWorks(a);
    }
  }

  @Test
  void negativeOfABoolArrayIsADTypeErrorNamingTheOp() {
    try (DistArray a = ctx.fromNdArray(NdArray.of(new boolean[] {true, false, true}, 3))) {
      assertThrowsNaming(DTypeException.class, () -> a.negative().close(), "negative", "bool");
    }
  }

  @Test
  void getDoubleOutsideTheShapeNamesTheIndex() {
    try (DistArray v = ctx.arange(13);
        DistArray m = ctx.zeros(ctx.distribution(MATRIX, "bc"))) {
      assertThrowsNaming(IndexOutOfRangeException.class, () -> v.getDouble(13), "13");
      assertThrowsNaming(IndexOutOfRangeException.class, () -> v.getDouble(-14), "-14");
      assertThrowsNaming(IndexOutOfRangeException.class, () -> m.getDouble(3, 9), "9");
      assertThrowsNaming(IndexOutOfRangeException.class, () -> m.getDouble(3), "(7, 5)");
      assertWorks(m);
    }
  }

  @Test
  void setOutsideTheShapeNamesTheIndexAndChangesNothing() {
    try (DistArray m = ctx.zeros(ctx.distribution(MATRIX, "cb"))) {
      assertThrowsNaming(IndexOutOfRangeException.class, () -> m.set(1, 8, 0), "8");
      assertEquals(0.0, m.sum());
    }
  }

  @Test
  void reductionsAlongAxesOutsideTheArrayNameTheAxis() {
    try (DistArray m = ctx.ones(ctx.distribution(MATRIX, "bc"))) {
      assertThrowsNaming(IllegalArgumentException.class, () -> m.sum(9).close(), "9");
      assertThrowsNaming(IllegalArgumentException.class, () -> m.mean(-4).close(), "-4");
      assertThrowsNaming(IllegalArgumentException.class, () -> m.argmax(6).close(), "6");
      assertThrowsNaming(IllegalArgumentException.class, () -> m.max(0, 9).close(), "9");
      assertWorks(m);
    }
  }

  @Test
  void reductionsAlongARepeatedAxisNameTheAxes() {
    try (DistArray m = ctx.ones(ctx.distribution(MATRIX, "bc"))) {
      assertThrowsNaming(IllegalArgumentException.class, () -> m.sum(1, -1).close(), "-1");
    }
  }

  @Test
  void minAndArgmaxOfAnEmptyArrayNameTheReductionAndShape() {
    try (DistArray empty = ctx.zeros(ctx.distribution(Shape.of(0, 4), "nb"))) {
      assertThrowsNaming(IllegalArgumentException.class, empty::min, "min", "(0, 4)");
      assertThrowsNaming(IllegalArgumentException.class, empty::argmax, "argmax", "(0, 4)");
      assertThrowsNaming(IllegalArgumentException.class, () -> empty.max(0).close(), "max", "(0, 4)");
      assertEquals(0.0, empty.sum(), "the sum of nothing is 0");
      assertEquals(1.0, empty.prod(), "the product of nothing is 1");
    }
  }

  @Test
  void randintWithAnEmptyRangeNamesTheBounds() {
    Distribution d = ctx.distribution(VECTOR, "b");
    assertThrowsNaming(IllegalArgumentException.class, () -> ctx.random(1).randint(5, 5, d).close(), "5");
    assertThrowsNaming(IllegalArgumentException.class, () -> ctx.random(1).randint(9, 2, d).close(), "9", "2");
  }

  @Test
  void aDistributionOnEnginesTheContextDoesNotHaveNamesTheEngine() {
    Distribution d = Distribution.of(VECTOR, List.of(AxisMap.block()), new int[] {2}, new int[] {1, 7});
    assertThrowsNaming(IllegalArgumentException.class, () -> ctx.zeros(d).close(), "7");
    try (DistArray a = ctx.ones(ctx.distribution(VECTOR, "c"))) {
      assertWorks(a);
    }
  }

  private static <T extends Throwable> void assertThrowsNaming(Class<T> type, Executable call, String... values) {
    T e = assertThrows(type, call);
    String message = String.valueOf(e.getMessage());
    for (String value : values) {
      assertTrue(message.contains(value), () -> type.getSimpleName() + " message should name " + value + ": "
          + message);
    }
  }

  /** A later operation on the same engines still succeeds. */
  private static void assertWorks(DistArray a) {
    try (DistArray twice = a.add(a)) {
      ArrayAssertions.assertMatches(Ufuncs.add(a.toNdArray(), a.toNdArray()), twice.toNdArray(), "a later add");
    }
  }
}
