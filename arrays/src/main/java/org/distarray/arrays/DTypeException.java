package org.distarray.arrays;

/** A dtype an operation does not accept, for example {@code subtract} of two BOOL arrays; the message names the dtypes. */
public class DTypeException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public DTypeException(String message) {
    super(message);
  }
}
