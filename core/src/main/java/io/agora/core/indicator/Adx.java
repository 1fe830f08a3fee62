package io.agora.core.indicator;

import io.agora.core.market.CandleSeries;

/**
 * Average directional index with the directional indicators +DI and -DI, all with Wilder's smoothing.
 *
 * <p>Directional movement per candle: {@code up = high - previousHigh}, {@code down = previousLow - low};
 * {@code +DM = up} if {@code up > down && up > 0}, {@code -DM = down} if {@code down > up && down > 0}, else 0.
 * {@code ±DI = 100 * smoothed(±DM) / smoothed(TR)} (0 when the smoothed true range is 0),
 * {@code DX = 100 * |+DI - -DI| / (+DI + -DI)}, {@code ADX = smoothed(DX)}.
 *
 * <ul>
 *   <li>{@link Seeding#SMA} (the default), TA-Lib's ADX, PLUS_DI and MINUS_DI: DM and TR are summed over candles 2
 *       to {@code diPeriod}, then every candle applies {@code s = s - s / diPeriod + x}; the ADX starts as the mean
 *       of the first {@code adxPeriod} DX values, then {@code adx = (adx * (adxPeriod - 1) + dx) / adxPeriod}.
 *       Where DX is undefined (both DI zero) it counts as 0 in the seed and leaves the ADX unchanged afterwards.
 *   <li>{@link Seeding#FIRST_VALUE}, ta4j's ADXIndicator, PlusDIIndicator and MinusDIIndicator: the first candle
 *       has DM 0 and true range {@code high - low}, and seeds ta4j's MMA averages
 *       ({@code m += (x - m) / period}) of DM, TR and DX; an undefined DX counts as 0.
 * </ul>
 *
 * <p>Unlike TA-Lib, which treats values below 1e-8 as zero whatever the price scale, only exact zeros count here.
 *
 * <p>Warm-up: +DI and -DI from index {@code diPeriod}; the ADX, and {@link #isReady()}, from index
 * {@code diPeriod + adxPeriod - 1} ({@code 2 * period - 1} with one period).
 */
public final class Adx implements Indicator {
  private final int diPeriod;
  private final int adxPeriod;
  private final Seeding seeding;
  private final double diFactor;
  private final double adxFactor;
  private long count;
  private double previousHigh;
  private double previousLow;
  private double previousClose;
  private double plusDm;
  private double minusDm;
  private double trueRange;
  private double adxState;
  private double currentPlus;
  private double currentMinus;
  private double plusDi = Double.NaN;
  private double minusDi = Double.NaN;
  private double adx = Double.NaN;

  /** TA-Lib seeding, one period for the DI and the ADX. */
  public Adx(int period) {
    this(period, period, Seeding.SMA);
  }

  public Adx(int period, Seeding seeding) {
    this(period, period, seeding);
  }

  public Adx(int diPeriod, int adxPeriod, Seeding seeding) {
    this.diPeriod = Checks.period(diPeriod, "diPeriod");
    this.adxPeriod = Checks.period(adxPeriod, "adxPeriod");
    this.seeding = Checks.notNull(seeding, "seeding");
    this.diFactor = 1.0 / diPeriod;
    this.adxFactor = 1.0 / adxPeriod;
  }

  /** Adds the next candle. */
  public void update(double high, double low, double close) {
    count++;
    if (count == 1) {
      remember(high, low, close);
      if (seeding == Seeding.FIRST_VALUE) {
        // ta4j: DM 0, TR = high - low, hence DI 0 and DX 0 at the first candle.
        trueRange = Math.abs(high - low);
        adxState = 0.0;
      }
      return;
    }
    double up = high - previousHigh;
    double down = previousLow - low;
    double plus = up > down && up > 0.0 ? up : 0.0;
    double minus = down > up && down > 0.0 ? down : 0.0;
    double tr = Atr.trueRange(high, low, previousClose);
    remember(high, low, close);
    if (seeding == Seeding.FIRST_VALUE) {
      plusDm += (plus - plusDm) * diFactor;
      minusDm += (minus - minusDm) * diFactor;
      trueRange += (tr - trueRange) * diFactor;
      double dx = directionalIndex();
      adxState += ((Double.isNaN(dx) ? 0.0 : dx) - adxState) * adxFactor;
      publish();
      return;
    }
    if (count <= diPeriod) {
      plusDm += plus;
      minusDm += minus;
      trueRange += tr;
      return;
    }
    plusDm = plusDm - plusDm / diPeriod + plus;
    minusDm = minusDm - minusDm / diPeriod + minus;
    trueRange = trueRange - trueRange / diPeriod + tr;
    double dx = directionalIndex();
    long dxCount = count - diPeriod;
    if (dxCount <= adxPeriod) {
      if (!Double.isNaN(dx)) {
        adxState += dx;
      }
      if (dxCount == adxPeriod) {
        adxState /= adxPeriod;
      }
    } else if (!Double.isNaN(dx)) {
      adxState = (adxState * (adxPeriod - 1) + dx) / adxPeriod;
    }
    publish();
  }

  private void remember(double high, double low, double close) {
    previousHigh = high;
    previousLow = low;
    previousClose = close;
  }

  /** Sets the current DI from the smoothed sums and returns DX, {@code NaN} where both DI are 0. */
  private double directionalIndex() {
    currentPlus = trueRange == 0.0 ? 0.0 : 100.0 * (plusDm / trueRange);
    currentMinus = trueRange == 0.0 ? 0.0 : 100.0 * (minusDm / trueRange);
    double sum = currentPlus + currentMinus;
    return sum == 0.0 ? Double.NaN : 100.0 * (Math.abs(currentPlus - currentMinus) / sum);
  }

  private void publish() {
    if (count > diPeriod) {
      plusDi = currentPlus;
      minusDi = currentMinus;
    }
    if (isReady()) {
      adx = adxState;
    }
  }

  public double adx() {
    return adx;
  }

  public double plusDi() {
    return plusDi;
  }

  public double minusDi() {
    return minusDi;
  }

  @Override
  public boolean isReady() {
    return count >= warmUp();
  }

  @Override
  public void reset() {
    count = 0;
    previousHigh = 0.0;
    previousLow = 0.0;
    previousClose = 0.0;
    plusDm = 0.0;
    minusDm = 0.0;
    trueRange = 0.0;
    adxState = 0.0;
    currentPlus = 0.0;
    currentMinus = 0.0;
    plusDi = Double.NaN;
    minusDi = Double.NaN;
    adx = Double.NaN;
  }

  @Override
  public int warmUp() {
    return diPeriod + adxPeriod;
  }

  /** Fills the outputs after each candle; any output may be {@code null} when not wanted. */
  public static void compute(
      double[] high, double[] low, double[] close, int diPeriod, int adxPeriod, Seeding seeding, double[] adxOut,
      double[] plusDiOut, double[] minusDiOut) {
    int n = Checks.sameLength(high, low, close);
    Checks.output(adxOut, n, "adxOut");
    Checks.output(plusDiOut, n, "plusDiOut");
    Checks.output(minusDiOut, n, "minusDiOut");
    Adx a = new Adx(diPeriod, adxPeriod, seeding);
    for (int i = 0; i < n; i++) {
      a.update(high[i], low[i], close[i]);
      if (adxOut != null) {
        adxOut[i] = a.adx;
      }
      if (plusDiOut != null) {
        plusDiOut[i] = a.plusDi;
      }
      if (minusDiOut != null) {
        minusDiOut[i] = a.minusDi;
      }
    }
  }

  public static void compute(
      CandleSeries candles, int period, Seeding seeding, double[] adxOut, double[] plusDiOut, double[] minusDiOut) {
    compute(candles.high(), candles.low(), candles.close(), period, period, seeding, adxOut, plusDiOut, minusDiOut);
  }
}
