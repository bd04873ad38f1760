package org.distarray.runtime;

/**
 * The node that ran the coordinator was lost while an operation waited for it. The coordinator starts again on
 * another node; the arrays it knew are gone from its catalog, and new operations can go on.
 */
public class CoordinatorLostException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CoordinatorLostException(String message) {
    super(message);
  }
}
