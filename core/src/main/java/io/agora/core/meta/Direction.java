package io.agora.core.meta;

/** What a strategy wants for a pair: open or hold a long, a short, stay flat, or close what is open. */
public enum Direction {
  LONG, SHORT, FLAT, EXIT
}
