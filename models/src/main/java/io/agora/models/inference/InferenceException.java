package io.agora.models.inference;

/** A model could not be loaded or could not score its input; the message says which model and why. */
public class InferenceException extends RuntimeException {
  public InferenceException(String message) {
    super(message);
  }

  public InferenceException(String message, Throwable cause) {
    super(message, cause);
  }
}
