package org.distarray.runtime;

/** An operation got no answer within the configured {@code distarray.ask-timeout}; the message says what waited. */
public class DistTimeoutException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DistTimeoutException(String message, Throwable cause) {
    super(message, cause);
  }
}
