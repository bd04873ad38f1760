package org.distarray.arrays;

/** Index text that is not NumPy basic indexing, for example {@code "1:2:0"} or {@code "a"}; the message quotes it. */
public class IndexSyntaxException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public IndexSyntaxException(String message) {
    super(message);
  }
}
