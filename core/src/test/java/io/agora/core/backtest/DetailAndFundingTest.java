package io.agora.core.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agora.core.market.CandleSeries;
import io.agora.core.market.Instrument;
import io.agora.core.market.Timeframe;
import io.agora.core.strategy.Signal;
import io.agora.core.strategy.SignalGenerator;
import io.agora.core.strategy.Strategy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DetailAndFundingTest {
  private static final long H = 3_600_000L;
  private static final long T0 = 1_538_524_800_000L; // 2018-10-03 00:00 UTC, a funding time (8 h grid)

  /** Emits the given signal bits candle by candle. */
  private static Strategy signals(int... bits) {
    return new Strategy() {
      @Override
      public String name() {
        return "Fixed";
      }

      @Override
      public boolean canShort() {
        return true;
      }

      @Override
      public SignalGenerator newSignalGenerator(Instrument instrument, Timeframe timeframe) {
        return new SignalGenerator() {
          int i;

          @Override
          public int onCandle(long t, double o, double h, double l, double c, double v) {
            return i < bits.length ? bits[i++] : Signal.NONE;
          }
        };
      }
    };
  }

  private static CandleSeries series(Timeframe tf, long start, double[][] ohlc) {
    int n = ohlc.length;
    long[] t = new long[n];
    double[] o = new double[n], h = new double[n], l = new double[n], c = new double[n], v = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = start + i * tf.millis();
      o[i] = ohlc[i][0];
      h[i] = ohlc[i][1];
      l[i] = ohlc[i][2];
      c[i] = ohlc[i][3];
      v[i] = 1;
    }
    return new CandleSeries(Instrument.of("UNITTEST/BTC"), tf, t, o, h, l, c, v);
  }

  private static BacktestSettings.Builder base() {
    BacktestSettings.Builder b = BacktestSettings.builder();
    b.timeframe = Timeframe.parse("1h");
    b.stakeAmount = 100;
    b.dryRunWallet = 1000;
    b.fee = 0;
    b.stoploss = -0.02;
    b.minimalRoi = RoiTable.of(Map.of("0", 0.03));
    return b;
  }

  @Test
  void detailCandlesDecideWhichExitComesFirst() {
    double[][] main = {
      {5000, 5050, 4950, 5000}, {5000, 5200, 4800, 4850}, {4850, 4900, 4800, 4850}, {4850, 4900, 4800, 4850}};
    CandleSeries m = series(Timeframe.parse("1h"), T0, main);

    // Without detail: stop loss and ROI both lie inside candle 1; the stop wins (Freqtrade's exit priority).
    BacktestResult plain = new Backtester(base().build(), signals(Signal.ENTER_LONG)).run(List.of(m));
    assertEquals(1, plain.trades().size());
    assertEquals("stop_loss", plain.trades().get(0).exitReason());
    assertEquals(4900.0, plain.trades().get(0).closeRate());

    // With 15m detail: the price first rallies through the ROI target, so ROI exits at 01:15.
    Timeframe q = Timeframe.parse("15m");
    double[][] det = new double[16][];
    det[0] = new double[] {5000, 5040, 4960, 5000};
    det[1] = new double[] {5000, 5030, 4970, 5000};
    det[2] = new double[] {5000, 5020, 4980, 5000};
    det[3] = new double[] {5000, 5010, 4990, 5000};
    det[4] = new double[] {5000, 5100, 4990, 5090};
    det[5] = new double[] {5090, 5200, 5080, 5150};
    det[6] = new double[] {5150, 5150, 4800, 4850};
    det[7] = new double[] {4850, 4900, 4840, 4850};
    for (int i = 8; i < 16; i++) det[i] = new double[] {4850, 4900, 4800, 4850};
    BacktestSettings.Builder b = base();
    b.timeframeDetail = q;
    BacktestResult detailed = new Backtester(b.build(), signals(Signal.ENTER_LONG))
        .run(List.of(m), Map.of("UNITTEST/BTC", series(q, T0, det)), null);
    assertEquals(1, detailed.trades().size());
    TradeResult t = detailed.trades().get(0);
    assertEquals("roi", t.exitReason());
    assertEquals(5150.0, t.closeRate(), 1e-9);
    assertEquals(T0 + H + 15 * 60_000L, t.closeTime());
  }

  @Test
  void futuresPayFundingOnFundingTimes() {
    double[][] c = new double[14][];
    for (int i = 0; i < 14; i++) c[i] = new double[] {100, 101, 99, 100};
    c[10] = new double[] {110, 111, 109, 110};
    CandleSeries m = series(Timeframe.parse("1h"), T0, c);
    int[] sig = new int[14];
    sig[0] = Signal.ENTER_LONG;
    sig[9] = Signal.EXIT_LONG;
    long[] ft = {T0, T0 + 8 * H, T0 + 16 * H};
    FundingSeries f = new FundingSeries(ft, new double[] {0.0001, 0.0001, 0.0001}, new double[] {100, 100, 100});
    BacktestSettings.Builder b = base();
    b.tradingMode = TradingMode.FUTURES;
    b.minimalRoi = RoiTable.empty();
    b.stoploss = -0.5;
    BacktestResult r = new Backtester(b.build(), signals(sig)).run(List.of(m), Map.of(), Map.of("UNITTEST/BTC", f), null);
    assertEquals(1, r.trades().size());
    TradeResult t = r.trades().get(0);
    assertEquals("exit_signal", t.exitReason());
    // amount 1: +10 price gain, -0.01 funding paid at 08:00 (00:00 is before the entry, 16:00 after the exit)
    assertEquals(9.99, t.profitAbs(), 1e-12);
    assertEquals(1000 + 9.99, r.finalBalance(), 1e-9);

    // A short receives what a long pays.
    int[] sigShort = new int[14];
    sigShort[0] = Signal.ENTER_SHORT;
    sigShort[9] = Signal.EXIT_SHORT;
    BacktestResult s = new Backtester(b.build(), signals(sigShort)).run(List.of(m), Map.of(), Map.of("UNITTEST/BTC", f), null);
    assertEquals(-10 + 0.01, s.trades().get(0).profitAbs(), 1e-12);
  }
}
