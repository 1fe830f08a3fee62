package io.agora.core.config;

/** A configuration problem the user must fix; the message names the key or file and says how. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
