package io.agora.http.security;

/** A bearer token that does not authenticate anyone: bad signature, expired, missing or invalid claims. */
public final class InvalidTokenException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidTokenException(String message) {
    super(message);
  }
}
