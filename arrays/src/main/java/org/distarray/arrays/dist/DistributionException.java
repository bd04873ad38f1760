package org.distarray.arrays.dist;

/**
 * A distribution that cannot exist, for example a grid of 4 processes along an axis of length 3 or
 * unstructured index lists that are not a partition; the message names the offending values.
 */
public class DistributionException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public DistributionException(String message) {
    super(message);
  }
}
