package org.distarray.arrays;

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
}
