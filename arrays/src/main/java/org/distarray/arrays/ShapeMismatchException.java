package org.distarray.arrays;

/** Shapes that an operation cannot combine, for example {@code cannot broadcast shapes (3, 4) and (5,)}. */
public class ShapeMismatchException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public ShapeMismatchException(String message) {
    super(message);
  }
}
