package io.agora.core.strategy;

/**
 * Signal bits a strategy emits for a candle, computed at that candle's close (Freqtrade's {@code enter_long},
 * {@code exit_long}, {@code enter_short}, {@code exit_short} columns). Bits rather than objects so that a whole
 * series of signals is one {@code byte[]}.
 */
public final class Signal {
  public static final int NONE = 0;
  public static final int ENTER_LONG = 1;
  public static final int EXIT_LONG = 2;
  public static final int ENTER_SHORT = 4;
  public static final int EXIT_SHORT = 8;

  private Signal() {}

  public static boolean has(int bits, int signal) {
    return (bits & signal) != 0;
  }
}
