package io.agora.core.ensemble;

/** An ensemble request that cannot run; {@code field} names the offending input (e.g. {@code grid.fast}). */
public final class EnsembleSpecException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String field;

  public EnsembleSpecException(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
