package org.distarray.arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ShapeTest {
  @Test
  void printsLikeANumpyTuple() {
    assertEquals("(3, 4)", Shape.of(3, 4).toString());
    assertEquals("(5,)", Shape.of(5).toString());
    assertEquals("()", Shape.of().toString());
  }

  @Test
  void isEqualByValueAndKnowsItsSize() {
    assertEquals(Shape.of(2, 3), Shape.of(2, 3));
    assertEquals(Shape.of(2, 3).hashCode(), Shape.of(2, 3).hashCode());
    assertNotEquals(Shape.of(3, 2), Shape.of(2, 3));
    assertEquals(0, Shape.of(4, 0, 2).size());
    assertEquals(1, Shape.of().size());
    assertEquals(3, Shape.of(2, 3).dim(-1));
  }

  @Test
  void rejectsNegativeDimensionsAndAxes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shape.of(2, -1));
    assertEquals("negative dimension -1 in shape [2, -1]", e.getMessage());
    IllegalArgumentException axis = assertThrows(IllegalArgumentException.class, () -> Shape.of(2, 3).dim(2));
    assertEquals("axis 2 is out of bounds for array of dimension 2", axis.getMessage());
  }

  @Test
  void reshapingResolvesOneUnknownLengthAsNumpyDoes() {
    // np.arange(12).reshape(3, -1).shape == (3, 4); np.zeros((0, 3)).reshape(-1, 3).shape == (0, 3)
    assertArrayEquals(new long[] {3, 4}, Shape.reshaped(12, 3, -1));
    assertArrayEquals(new long[] {0, 3}, Shape.reshaped(0, -1, 3));
    assertArrayEquals(new long[] {2, 6}, Shape.reshaped(12, 2, 6));
    assertEquals("cannot reshape array of size 12 into shape (5, -1)",
        assertThrows(ShapeMismatchException.class, () -> Shape.reshaped(12, 5, -1)).getMessage());
    assertEquals("cannot reshape array of size 0 into shape (0, -1)",
        assertThrows(ShapeMismatchException.class, () -> Shape.reshaped(0, 0, -1)).getMessage());
    assertEquals("cannot reshape array of size 12 into shape (5, 2)",
        assertThrows(ShapeMismatchException.class, () -> Shape.reshaped(12, 5, 2)).getMessage());
    assertEquals("can only specify one unknown dimension in (-1, -1)",
        assertThrows(ShapeMismatchException.class, () -> Shape.reshaped(12, -1, -1)).getMessage());
    assertEquals("negative dimension -2 in (-2, 6)",
        assertThrows(ShapeMismatchException.class, () -> Shape.reshaped(12, -2, 6)).getMessage());
  }
}
