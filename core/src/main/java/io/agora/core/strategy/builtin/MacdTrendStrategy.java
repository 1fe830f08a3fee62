package io.agora.core.strategy.builtin;

import io.agora.core.indicator.Macd;
import io.agora.core.indicator.Seeding;
import io.agora.core.market.Instrument;
import io.agora.core.market.Timeframe;
import io.agora.core.strategy.ParameterSpec;
import io.agora.core.strategy.SignalGenerator;
import io.agora.core.strategy.StrategyParameters;
import java.util.List;
import java.util.Map;

/** Follows MACD/signal-line crosses: long on the up-cross, out on the down-cross (shorts mirrored). */
public final class MacdTrendStrategy extends BuiltinStrategy {
  public static final String NAME = "MacdTrend";
  public static final List<ParameterSpec> PARAMETERS = List.of(
      ParameterSpec.integer("fast", 12, 2, 200, "fast EMA period"),
      ParameterSpec.integer("slow", 26, 3, 400, "slow EMA period"),
      ParameterSpec.integer("signal", 9, 2, 100, "signal EMA period"),
      ParameterSpec.bool("can_short", false, "also trade down-crosses short (margin/futures)"));

  private final int fast;
  private final int slow;
  private final int signal;

  public MacdTrendStrategy(StrategyParameters p) {
    super(NAME, p.getBoolean("can_short"), p.getInt("slow") + p.getInt("signal"),
        Map.of("minimal_roi", Map.of("0", 0.10), "stoploss", -0.06, "timeframe", "5m"),
        List.of("macd", "macdsignal", "macdhist"));
    fast = p.getInt("fast");
    slow = p.getInt("slow");
    signal = p.getInt("signal");
    if (fast >= slow) throw new IllegalArgumentException("MacdTrend: parameter 'fast' (" + fast + ") must be below 'slow' (" + slow + ")");
  }

  @Override
  public SignalGenerator newSignalGenerator(Instrument instrument, Timeframe timeframe) {
    Macd macd = new Macd(fast, slow, signal, Seeding.SMA);
    return new SignalGenerator() {
      double prev = Double.NaN;

      @Override
      public int onCandle(long t, double open, double high, double low, double close, double volume) {
        macd.update(close);
        double h = macd.isReady() ? macd.histogram() : Double.NaN;
        int sig = EmaCrossoverStrategy.Signals.cross(prev, h, canShort());
        prev = h;
        return sig;
      }

      @Override
      public double indicator(int k) {
        if (!macd.isReady() && k > 0) return Double.NaN;
        return k == 0 ? macd.macd() : k == 1 ? macd.signal() : macd.histogram();
      }
    };
  }
}
