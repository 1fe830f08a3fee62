package io.agora.core.strategy.builtin;

import io.agora.core.indicator.BollingerBands;
import io.agora.core.market.Instrument;
import io.agora.core.market.Timeframe;
import io.agora.core.strategy.ParameterSpec;
import io.agora.core.strategy.Signal;
import io.agora.core.strategy.SignalGenerator;
import io.agora.core.strategy.StrategyParameters;
import java.util.List;
import java.util.Map;

/** Enters long when the close breaks above the upper band and exits below the middle band (shorts mirrored). */
public final class BollingerBreakoutStrategy extends BuiltinStrategy {
  public static final String NAME = "BollingerBreakout";
  public static final List<ParameterSpec> PARAMETERS = List.of(
      ParameterSpec.integer("period", 20, 2, 500, "band period"),
      ParameterSpec.decimal("stddev", 2.0, 0.5, 5.0, 0.25, "band width in standard deviations"),
      ParameterSpec.bool("can_short", false, "trade downside breakouts short (margin/futures)"));

  private final int period;
  private final double k;

  public BollingerBreakoutStrategy(StrategyParameters p) {
    super(NAME, p.getBoolean("can_short"), p.getInt("period"),
        Map.of("minimal_roi", Map.of("0", 0.08), "stoploss", -0.04, "timeframe", "5m"),
        List.of("bb_upperband", "bb_middleband", "bb_lowerband"));
    period = p.getInt("period");
    k = p.getDouble("stddev");
  }

  @Override
  public SignalGenerator newSignalGenerator(Instrument instrument, Timeframe timeframe) {
    BollingerBands bb = new BollingerBands(period, k);
    return new SignalGenerator() {
      @Override
      public int onCandle(long t, double open, double high, double low, double close, double volume) {
        bb.update(close);
        if (!bb.isReady()) return Signal.NONE;
        int sig = Signal.NONE;
        if (close > bb.upper()) sig |= Signal.ENTER_LONG | Signal.EXIT_SHORT;
        else if (close < bb.lower()) sig |= Signal.EXIT_LONG | (canShort() ? Signal.ENTER_SHORT : 0);
        else if (close < bb.middle()) sig |= Signal.EXIT_LONG;
        else if (close > bb.middle()) sig |= Signal.EXIT_SHORT;
        return sig;
      }

      @Override
      public double indicator(int k) {
        if (!bb.isReady()) return Double.NaN;
        return k == 0 ? bb.upper() : k == 1 ? bb.middle() : bb.lower();
      }
    };
  }
}
