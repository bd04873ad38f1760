package org.distarray.arrays;

/** An integer index outside its axis, as NumPy's {@code IndexError}: {@code index 5 is out of bounds for axis 0 with size 5}. */
public class IndexOutOfRangeException extends IndexOutOfBoundsException {
  private static final long serialVersionUID = 1L;

  public IndexOutOfRangeException(String message) {
    super(message);
  }
}
