package io.agora.core.strategy.builtin;

import io.agora.core.indicator.Rsi;
import io.agora.core.indicator.Seeding;
import io.agora.core.market.Instrument;
import io.agora.core.market.Timeframe;
import io.agora.core.strategy.ParameterSpec;
import io.agora.core.strategy.Signal;
import io.agora.core.strategy.SignalGenerator;
import io.agora.core.strategy.StrategyParameters;
import java.util.List;
import java.util.Map;

/** Buys when RSI crosses up through the oversold level and exits when it reaches overbought (shorts mirrored). */
public final class RsiMeanReversionStrategy extends BuiltinStrategy {
  public static final String NAME = "RsiMeanReversion";
  public static final List<ParameterSpec> PARAMETERS = List.of(
      ParameterSpec.integer("period", 14, 2, 200, "RSI period (Wilder, TA-Lib seeding)"),
      ParameterSpec.decimal("oversold", 30, 1, 49, 1, "enter long when RSI crosses up through this level"),
      ParameterSpec.decimal("overbought", 70, 51, 99, 1, "exit long when RSI crosses above this level"),
      ParameterSpec.bool("can_short", false, "mirror the rules short (margin/futures)"));

  private final int period;
  private final double oversold;
  private final double overbought;

  public RsiMeanReversionStrategy(StrategyParameters p) {
    super(NAME, p.getBoolean("can_short"), p.getInt("period") * 3,
        Map.of("minimal_roi", Map.of("0", 0.05), "stoploss", -0.08, "timeframe", "5m"),
        List.of("rsi"));
    period = p.getInt("period");
    oversold = p.getDouble("oversold");
    overbought = p.getDouble("overbought");
  }

  @Override
  public SignalGenerator newSignalGenerator(Instrument instrument, Timeframe timeframe) {
    Rsi rsi = new Rsi(period, Seeding.SMA);
    return new SignalGenerator() {
      double prev = Double.NaN;

      @Override
      public int onCandle(long t, double open, double high, double low, double close, double volume) {
        double r = rsi.update(close);
        int sig = Signal.NONE;
        if (!Double.isNaN(prev) && !Double.isNaN(r)) {
          if (prev <= oversold && r > oversold) sig |= Signal.ENTER_LONG;
          if (r >= overbought) sig |= Signal.EXIT_LONG;
          if (canShort() && prev >= overbought && r < overbought) sig |= Signal.ENTER_SHORT;
          if (r <= oversold) sig |= Signal.EXIT_SHORT;
        }
        prev = r;
        return sig;
      }

      @Override
      public double indicator(int k) {
        return rsi.value();
      }
    };
  }
}
