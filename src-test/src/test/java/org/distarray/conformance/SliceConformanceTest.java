package org.distarray.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.distarray.arrays.DType;
import org.distarray.arrays.IndexOutOfRangeException;
import org.distarray.arrays.IndexSyntaxException;
import org.distarray.arrays.NdArray;
import org.distarray.arrays.Shape;
import org.distarray.arrays.ShapeMismatchException;
import org.distarray.runtime.DistArray;
import org.distarray.runtime.DistContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Basic indexing and assignment on every distribution kind, on 1 to 4 engines, against {@code NdArray.slice} on the
 * gathered array: integers, negative indices, slices with positive and negative steps, out-of-range bounds that
 * clip, {@code ...}, empty selections.
 */
class SliceConformanceTest {
  private static final EngineContexts CONTEXTS = new EngineContexts();
  private static final String[] VECTOR_INDICES = {":", "2:9", "::2", "::-1", "-3", "1:12:3", "10:2:-2", "5:5", "...",
      "-1:", "-20:20", "12"};
  private static final String[] MATRIX_INDICES = {"1:4, ::2", "::-1, 3", "2", "..., -1", ":, 1:4", "6:0:-2, ::-3",
      "3, 4", "1:1, :", "-1, ...", " :: 3 , 1 "};

  @AfterAll
  static void closeContexts() {
    CONTEXTS.close();
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (int engines = 1; engines <= DistributionCases.MAX_ENGINES; engines++) {
      for (DistCase c : DistributionCases.forEngines(engines)) {
        if (c.shape().size() == 0) {
          continue;
        }
        for (String index : c.shape().ndim() == 1 ? VECTOR_INDICES : MATRIX_INDICES) {
          out.add(Arguments.of(c, index));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} [{1}]")
  @MethodSource("cases")
  void slicingSelectsWhatNumpySelects(DistCase c, String index) {
    DistContext ctx = CONTEXTS.withEngines(c.engines());
    NdArray x = SampleArrays.first(DType.FLOAT64, c.shape(), 5);
    NdArray expected = x.slice(index);
    try (DistArray a = ctx.fromNdArray(x, c.distribution()); DistArray s = a.slice(index)) {
      assertEquals(expected.shape(), s.shape(), c + " [" + index + "]");
      assertEquals(expected.shape(), s.distribution().shape());
      assertArrayEquals(expected.toDoubleArray(), s.toNdArray().toDoubleArray(), 0.0, c + " [" + index + "]");
    }
  }

  @ParameterizedTest(name = "{0} [{1}] = scalar")
  @MethodSource("cases")
  void assigningAScalarWritesEverySelectedElement(DistCase c, String index) {
    DistContext ctx = CONTEXTS.withEngines(c.engines());
    NdArray x = SampleArrays.first(DType.FLOAT64, c.shape(), 6);
    try (DistArray a = ctx.fromNdArray(x, c.distribution())) {
      a.assign(index, -2.5);
      x.slice(index).fill(-2.5);
      assertArrayEquals(x.toDoubleArray(), a.toNdArray().toDoubleArray(), 0.0, c + " [" + index + "]");
    }
  }

  @ParameterizedTest(name = "{0} [{1}] = array")
  @MethodSource("cases")
  void assigningAnArrayFromAnotherDistributionBroadcastsLikeNumpy(DistCase c, String index) {
    DistContext ctx = CONTEXTS.withEngines(c.engines());
    NdArray x = SampleArrays.first(DType.FLOAT64, c.shape(), 7);
    Shape selection = x.slice(index).shape();
    NdArray full = SampleArrays.second(DType.FLOAT64, selection, 8).reshape(selection.dims()); // () stays 0-d
    try (DistArray a = ctx.fromNdArray(x, c.distribution());
         DistArray value = ctx.fromNdArray(full, ctx.distribution(selection, selection.ndim() == 0 ? "" : "c"))) {
      a.assign(index, value);
      x.slice(index).copyFrom(full);
      assertArrayEquals(x.toDoubleArray(), a.toNdArray().toDoubleArray(), 0.0, c + " [" + index + "]");
    }
    if (selection.ndim() >= 1 && selection.size() > 0) { // a row broadcast along the leading axes
      long last = selection.dim(-1);
      NdArray row = SampleArrays.second(DType.FLOAT64, Shape.of(last), 9);
      try (DistArray a = ctx.fromNdArray(x, c.distribution());
           DistArray value = ctx.fromNdArray(row, ctx.distribution(Shape.of(last), "b"))) {
        a.assign(index, value);
        x.slice(index).copyFrom(row);
        assertArrayEquals(x.toDoubleArray(), a.toNdArray().toDoubleArray(), 0.0, c + " [" + index + "] = row");
      }
    }
  }

  @Test
  void aBlockSliceIsAViewThatWritesThrough() {
    DistContext ctx = CONTEXTS.withEngines(3);
    try (DistArray a = ctx.zeros(ctx.distribution(Shape.of(12, 4), "bn")); DistArray v = a.slice("2:10, 1:3")) {
      v.assign("...", 1.0);
      v.assign("0, 0", 5.0);
      assertEquals(5.0, a.getDouble(2, 1));
      assertEquals(1.0 * 16 - 1 + 5, a.sum()); // 8 x 2 ones, one of them 5
      a.close();
      assertEquals(20.0, v.sum()); // the view keeps the shared blocks after its base is closed
    }
  }

  @Test
  void badIndexTextAndOutOfRangeIndicesNameTheirValues() {
    DistContext ctx = CONTEXTS.withEngines(2);
    try (DistArray a = ctx.zeros(ctx.distribution(Shape.of(6, 4), "bc"))) {
      IndexSyntaxException bad = assertThrows(IndexSyntaxException.class, () -> a.slice("1:x"));
      assertTrue(bad.getMessage().contains("'1:x'"), bad.getMessage());
      IndexOutOfRangeException out = assertThrows(IndexOutOfRangeException.class, () -> a.slice("6, 0"));
      assertEquals("index 6 is out of bounds for axis 0 with size 6", out.getMessage());
      assertThrows(IndexSyntaxException.class, () -> a.assign("::0", 1.0));
      try (DistArray wrong = ctx.zeros(Shape.of(3))) {
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> a.assign("1:3, :", wrong));
        assertTrue(e.getMessage().contains("(3,)") && e.getMessage().contains("(2, 4)"), e.getMessage());
      }
    }
  }
}
