package io.agora.agents.inference;

import io.agora.core.market.Instrument;
import io.agora.core.market.Timeframe;
import io.agora.core.strategy.ScoredSignalGenerator;
import io.agora.core.strategy.Signal;
import io.agora.core.strategy.SignalGenerator;
import io.agora.core.strategy.Strategy;
import io.agora.core.strategy.StrategyRegistry;
import java.util.List;

/**
 * An ML strategy for tests: four features of each candle (its return, its range, the change of the close, a
 * constant), scored by model {@code modelRef}; enter long above {@link #ENTER}, exit below {@link #EXIT}. Its
 * in-process {@link SignalGenerator#onCandle} (the backtester's path) scores with the test model's own formula, so
 * it gives what a signal agent must get through inference.
 */
final class ScoredTestStrategy implements Strategy {
  static final double ENTER = 0.5;
  static final double EXIT = 0.4;

  private final String name;
  private final String modelRef;

  ScoredTestStrategy(String name, String modelRef) {
    this.name = name;
    this.modelRef = modelRef;
  }

  /** The built-in strategies plus {@code ScoredLogistic} (model logistic) and {@code ScoredCorrupt} (model corrupt). */
  static StrategyRegistry registry() {
    StrategyRegistry r = StrategyRegistry.builtin();
    r.register(new StrategyRegistry.Entry("ScoredLogistic", "test ML strategy", List.of(),
        p -> new ScoredTestStrategy("ScoredLogistic", "logistic")));
    r.register(new StrategyRegistry.Entry("ScoredCorrupt", "test ML strategy with a corrupt model", List.of(),
        p -> new ScoredTestStrategy("ScoredCorrupt", "corrupt")));
    return r;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<String> indicatorColumns() {
    return List.of("score");
  }

  @Override
  public int startupCandleCount() {
    return 1;
  }

  @Override
  public ScoredSignalGenerator newSignalGenerator(Instrument instrument, Timeframe timeframe) {
    return new Generator(modelRef);
  }

  static final class Generator implements ScoredSignalGenerator {
    private final String modelRef;
    private final float[] own = new float[4];
    private double prevClose = Double.NaN;
    private double lastScore = Double.NaN;
    private int lastBits;

    Generator(String modelRef) {
      this.modelRef = modelRef;
    }

    @Override
    public String modelRef() {
      return modelRef;
    }

    @Override
    public int featureCount() {
      return 4;
    }

    @Override
    public boolean features(long openTime, double open, double high, double low, double close, double volume,
        float[] out, int offset) {
      boolean ready = !Double.isNaN(prevClose);
      if (ready) {
        out[offset] = (float) ((close / open - 1) * 100);
        out[offset + 1] = (float) ((high - low) / close * 100);
        out[offset + 2] = (float) ((close / prevClose - 1) * 100);
        out[offset + 3] = 0.25f;
      }
      prevClose = close;
      return ready;
    }

    @Override
    public int onScore(double score) {
      lastScore = score;
      lastBits = Double.isNaN(score) ? Signal.NONE
          : score > ENTER ? Signal.ENTER_LONG : score < EXIT ? Signal.EXIT_LONG : Signal.NONE;
      return lastBits;
    }

    @Override
    public int onCandle(long openTime, double open, double high, double low, double close, double volume) {
      boolean ready = features(openTime, open, high, low, close, volume, own, 0);
      return onScore(ready ? LogisticPredictor.score(TestPredictors.W, TestPredictors.B, own, 0) : Double.NaN);
    }

    @Override
    public String enterTag() {
      return lastBits == Signal.ENTER_LONG ? "ml" : null;
    }

    @Override
    public double indicator(int k) {
      return lastScore;
    }
  }
}
