package io.agora.core.data.synthetic;

/**
 * A small, fully specified random generator (SplitMix64) with a polar-method Gaussian on StrictMath, so that the
 * same seed gives the same numbers on every JVM and CPU; java.util's generators do not promise that for Gaussians.
 */
final class SplitMix64 {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private long state;
  private double spare;
  private boolean hasSpare;

  SplitMix64(long seed) {
    this.state = seed;
  }

  /** A seed for stream {@code index} of {@code seed}: independent streams let pairs be generated in parallel. */
  static long derive(long seed, long index) {
    return mix(mix(seed ^ 0x5851F42D4C957F2DL) + GOLDEN * (index + 1));
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  long nextLong() {
    state += GOLDEN;
    return mix(state);
  }

  /** Uniform in [0, 1). */
  double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  double nextGaussian() {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    double u;
    double v;
    double s;
    do {
      u = 2 * nextDouble() - 1;
      v = 2 * nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    double f = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
    spare = v * f;
    hasSpare = true;
    return u * f;
  }
}
