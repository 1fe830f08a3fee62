package io.agora.models.inference;

import java.util.Locale;

/** Where ONNX Runtime runs a model. */
public enum Provider {
  CPU,
  /** CUDA device 0, or fail: for deployments that must not silently run slower. */
  CUDA,
  /** CUDA when this JVM can use it (GPU build of ONNX Runtime, a GPU, CUDA libraries), else CPU with a warning. */
  AUTO;

  /** Case-insensitive: {@code cpu}, {@code cuda}, {@code auto}. */
  public static Provider parse(String text) {
    if (text != null) {
      for (Provider p : values()) {
        if (p.name().equalsIgnoreCase(text.trim())) {
          return p;
        }
      }
    }
    throw new IllegalArgumentException("unknown inference provider '" + text + "'; expected cpu, cuda or auto");
  }

  /** The name {@link Predictor#provider()} reports. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
