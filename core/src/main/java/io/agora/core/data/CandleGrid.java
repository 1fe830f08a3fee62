package io.agora.core.data;

import io.agora.core.market.Timeframe;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The candle slots gap filling resamples onto, as pandas' {@code resample} forms them for Freqtrade's
 * {@code timeframe_to_resample_freq}: fixed-length bins anchored at midnight (UTC) of the first candle's day, weekly
 * bins ending on Mondays ({@code 1W-MON}, right-closed and right-labelled, so a Monday 00:00 candle keeps its time),
 * and calendar-month bins ({@code MS}) for month timeframes. A slot is an index from the first candle's slot.
 *
 * <p>Freqtrade maps every timeframe between 10000 and 43200 minutes to weekly bins; only one week (1w, 7d) is
 * treated so here, since binning 2w or 8d candles weekly would split them.
 */
abstract class CandleGrid {
  private static final long DAY = 86_400_000L;
  private static final long WEEK = 7 * DAY;
  /** 1970-01-05, the first Monday after the epoch. */
  private static final long MONDAY = 4 * DAY;

  static CandleGrid of(Timeframe tf, long firstMs) {
    if (tf.text().endsWith("M")) return new Months(Integer.parseInt(tf.text().substring(0, tf.text().length() - 1)), firstMs);
    if (tf.millis() == WEEK) return new Fixed(WEEK, ceil(firstMs, MONDAY, WEEK), true);
    long origin = Math.floorDiv(firstMs, DAY) * DAY;
    return new Fixed(tf.millis(), origin + Math.floorDiv(firstMs - origin, tf.millis()) * tf.millis(), false);
  }

  /** The slot of the candle containing {@code ms}; 0 for the first candle, never negative for later ones. */
  abstract long slot(long ms);

  /** The open time of slot {@code k}. */
  abstract long time(long k);

  private static long ceil(long ms, long origin, long step) {
    return origin + Math.floorDiv(ms - origin + step - 1, step) * step;
  }

  private static final class Fixed extends CandleGrid {
    private final long step;
    private final long first;
    private final boolean rightClosed;

    Fixed(long step, long first, boolean rightClosed) {
      this.step = step;
      this.first = first;
      this.rightClosed = rightClosed;
    }

    @Override
    long slot(long ms) {
      return rightClosed ? Math.floorDiv(ms - first + step - 1, step) : Math.floorDiv(ms - first, step);
    }

    @Override
    long time(long k) {
      return first + k * step;
    }
  }

  private static final class Months extends CandleGrid {
    private final int months;
    private final long firstMonth;

    Months(int months, long firstMs) {
      this.months = months;
      this.firstMonth = monthIndex(firstMs);
    }

    private static long monthIndex(long ms) {
      LocalDate d = LocalDate.ofEpochDay(Math.floorDiv(ms, DAY));
      return d.getYear() * 12L + d.getMonthValue() - 1;
    }

    @Override
    long slot(long ms) {
      return Math.floorDiv(monthIndex(ms) - firstMonth, months);
    }

    @Override
    long time(long k) {
      long m = firstMonth + k * months;
      return LocalDate.of((int) Math.floorDiv(m, 12), Math.floorMod(m, 12) + 1, 1)
              .atStartOfDay()
              .toEpochSecond(ZoneOffset.UTC)
          * 1000L;
    }
  }
}
