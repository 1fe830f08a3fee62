package io.agora.core.strategy.builtin;

import io.agora.core.indicator.Ema;
import io.agora.core.indicator.Seeding;
import io.agora.core.market.Instrument;
import io.agora.core.market.Timeframe;
import io.agora.core.strategy.ParameterSpec;
import io.agora.core.strategy.Signal;
import io.agora.core.strategy.SignalGenerator;
import io.agora.core.strategy.StrategyParameters;
import java.util.List;
import java.util.Map;

/** Enters long when the fast EMA crosses above the slow one and exits on the opposite cross (shorts mirrored). */
public final class EmaCrossoverStrategy extends BuiltinStrategy {
  public static final String NAME = "EmaCrossover";
  public static final List<ParameterSpec> PARAMETERS = List.of(
      ParameterSpec.integer("fast", 12, 2, 500, "fast EMA period"),
      ParameterSpec.integer("slow", 26, 3, 1000, "slow EMA period"),
      ParameterSpec.bool("can_short", false, "also trade the crosses short (margin/futures)"));

  private final int fast;
  private final int slow;

  public EmaCrossoverStrategy(StrategyParameters p) {
    super(NAME, p.getBoolean("can_short"), p.getInt("slow"),
        Map.of("minimal_roi", Map.of("0", 0.10), "stoploss", -0.05, "timeframe", "5m"),
        List.of("ema_fast", "ema_slow"));
    this.fast = p.getInt("fast");
    this.slow = p.getInt("slow");
    if (fast >= slow) throw new IllegalArgumentException("EmaCrossover: parameter 'fast' (" + fast + ") must be below 'slow' (" + slow + ")");
  }

  @Override
  public SignalGenerator newSignalGenerator(Instrument instrument, Timeframe timeframe) {
    Ema f = new Ema(fast, Seeding.SMA);
    Ema s = new Ema(slow, Seeding.SMA);
    return new SignalGenerator() {
      double prevDiff = Double.NaN;

      @Override
      public int onCandle(long t, double open, double high, double low, double close, double volume) {
        double diff = f.update(close) - s.update(close);
        int sig = Signals.cross(prevDiff, diff, canShort());
        prevDiff = diff;
        return sig;
      }

      @Override
      public double indicator(int k) {
        return k == 0 ? f.value() : s.value();
      }
    };
  }

  /** Cross detection shared by the crossover-style built-ins. */
  static final class Signals {
    private Signals() {}

    /** Up-cross of {@code diff} through 0: enter long / exit short; down-cross: exit long / enter short. */
    static int cross(double prev, double cur, boolean shortAllowed) {
      if (Double.isNaN(prev) || Double.isNaN(cur)) return Signal.NONE;
      if (prev <= 0 && cur > 0) return Signal.ENTER_LONG | Signal.EXIT_SHORT;
      if (prev >= 0 && cur < 0) return Signal.EXIT_LONG | (shortAllowed ? Signal.ENTER_SHORT : 0);
      return Signal.NONE;
    }
  }
}
