package io.agora.core.strategy.builtin;

import io.agora.core.market.Instrument;
import io.agora.core.market.Timeframe;
import io.agora.core.strategy.ParameterSpec;
import io.agora.core.strategy.Signal;
import io.agora.core.strategy.SignalGenerator;
import io.agora.core.strategy.Strategy;
import io.agora.core.strategy.StrategyParameters;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backtests signals produced anywhere: one CSV per pair, {@code <signals_dir>/<PAIR_FILE>-<timeframe>.csv}
 * (e.g. {@code ETH_BTC-5m.csv}) with header {@code date,enter_long,exit_long,enter_short,exit_short}. {@code date}
 * is the candle open time in ISO-8601 UTC; a row is the signal computed at that candle's close, exactly like
 * Freqtrade's signal columns. Values are 0/1 (blank = 0). Optional {@code enter_tag}/{@code exit_tag} columns carry
 * tags. A candle without a row has no signal; rows matching no candle are ignored with one warning per file.
 */
public final class SignalsFileStrategy implements Strategy {
  public static final String NAME = "signals";
  private static final Logger log = LoggerFactory.getLogger(SignalsFileStrategy.class);

  public static final List<ParameterSpec> PARAMETERS = List.of(
      ParameterSpec.string("signals_dir", "signals", "folder of <PAIR_FILE>-<timeframe>.csv files, relative to the working directory"),
      ParameterSpec.bool("can_short", true, "allow short entries (margin/futures mode only)"),
      ParameterSpec.integer("startup_candle_count", 0, 0, 100_000, "candles to skip at the start"));

  private final Path dir;
  private final boolean canShort;
  private final int startup;

  public SignalsFileStrategy(StrategyParameters params) {
    this.dir = Path.of(params.getString("signals_dir"));
    this.canShort = params.getBoolean("can_short");
    this.startup = params.getInt("startup_candle_count");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean canShort() {
    return canShort;
  }

  @Override
  public int startupCandleCount() {
    return startup;
  }

  /** The file that holds the signals of {@code pair} at {@code timeframe}. */
  public Path fileFor(Instrument pair, Timeframe timeframe) {
    return dir.resolve(pair.fileName() + "-" + timeframe.fileForm() + ".csv");
  }

  @Override
  public SignalGenerator newSignalGenerator(Instrument instrument, Timeframe timeframe) {
    return new FileSignals(read(fileFor(instrument, timeframe)));
  }

  /** Signals of one file, sorted by time. */
  record SignalTable(Path file, long[] times, byte[] bits, String[] enterTags, String[] exitTags) {}

  static SignalTable read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("signals file " + file.toAbsolutePath()
          + " is missing: the signals strategy needs one CSV per whitelisted pair (set --param signals_dir=DIR)");
    }
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = r.readLine();
      if (header == null) throw new IllegalArgumentException("signals file " + file + " is empty: expected header date,enter_long,exit_long,enter_short,exit_short");
      String[] cols = header.replace("\uFEFF", "").split(",", -1);
      int date = -1, el = -1, xl = -1, es = -1, xs = -1, et = -1, xt = -1;
      for (int i = 0; i < cols.length; i++) {
        switch (cols[i].trim().toLowerCase(Locale.ROOT)) {
          case "date" -> date = i;
          case "enter_long" -> el = i;
          case "exit_long" -> xl = i;
          case "enter_short" -> es = i;
          case "exit_short" -> xs = i;
          case "enter_tag" -> et = i;
          case "exit_tag" -> xt = i;
          default -> { }
        }
      }
      if (date < 0 || el < 0 || xl < 0 || es < 0 || xs < 0) {
        throw new IllegalArgumentException("signals file " + file + ", header: expected columns date,enter_long,exit_long,enter_short,exit_short, got '" + header + "'");
      }
      int cap = 1024;
      long[] times = new long[cap];
      byte[] bits = new byte[cap];
      String[] eTags = null;
      String[] xTags = null;
      int n = 0;
      String line;
      int row = 0;
      boolean sorted = true;
      while ((line = r.readLine()) != null) {
        row++;
        if (line.isBlank()) continue;
        String[] f = line.split(",", -1);
        int need = Math.max(Math.max(date, el), Math.max(Math.max(xl, es), xs));
        if (f.length <= need) {
          throw new IllegalArgumentException("signals file " + file + ", row " + row + ": expected at least " + (need + 1) + " values, got " + f.length);
        }
        long t = parseDate(f[date].trim(), file, row);
        int b = bit(f[el], Signal.ENTER_LONG, file, row, "enter_long") | bit(f[xl], Signal.EXIT_LONG, file, row, "exit_long")
            | bit(f[es], Signal.ENTER_SHORT, file, row, "enter_short") | bit(f[xs], Signal.EXIT_SHORT, file, row, "exit_short");
        if (n == cap) {
          cap *= 2;
          times = Arrays.copyOf(times, cap);
          bits = Arrays.copyOf(bits, cap);
          if (eTags != null) eTags = Arrays.copyOf(eTags, cap);
          if (xTags != null) xTags = Arrays.copyOf(xTags, cap);
        }
        if (n > 0 && t <= times[n - 1]) sorted = false;
        times[n] = t;
        bits[n] = (byte) b;
        if (et >= 0 && et < f.length && !f[et].isBlank()) {
          if (eTags == null) eTags = new String[cap];
          eTags[n] = f[et].trim();
        }
        if (xt >= 0 && xt < f.length && !f[xt].isBlank()) {
          if (xTags == null) xTags = new String[cap];
          xTags[n] = f[xt].trim();
        }
        n++;
      }
      if (!sorted) {
        // Rare: sort by time, the later row winning on duplicates, with a warning.
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        long[] tt = times;
        Arrays.sort(idx, (a, b2) -> Long.compare(tt[a], tt[b2]) != 0 ? Long.compare(tt[a], tt[b2]) : Integer.compare(a, b2));
        long[] t2 = new long[n];
        byte[] b2 = new byte[n];
        String[] e2 = eTags == null ? null : new String[n];
        String[] x2 = xTags == null ? null : new String[n];
        int m = 0;
        for (int k = 0; k < n; k++) {
          int i = idx[k];
          if (m > 0 && t2[m - 1] == times[i]) m--;
          t2[m] = times[i];
          b2[m] = bits[i];
          if (e2 != null) e2[m] = eTags[i];
          if (x2 != null) x2[m] = xTags[i];
          m++;
        }
        log.warn("signals file {}: rows were not in time order or repeated a date; sorted them (the last row of a date wins)", file);
        return new SignalTable(file, Arrays.copyOf(t2, m), Arrays.copyOf(b2, m), e2 == null ? null : Arrays.copyOf(e2, m), x2 == null ? null : Arrays.copyOf(x2, m));
      }
      return new SignalTable(file, Arrays.copyOf(times, n), Arrays.copyOf(bits, n),
          eTags == null ? null : Arrays.copyOf(eTags, n), xTags == null ? null : Arrays.copyOf(xTags, n));
    } catch (IOException e) {
      throw new IllegalArgumentException("signals file " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static int bit(String v, int bit, Path file, int row, String col) {
    String s = v.trim();
    if (s.isEmpty() || s.equals("0") || s.equals("0.0")) return 0;
    if (s.equals("1") || s.equals("1.0")) return bit;
    throw new IllegalArgumentException("signals file " + file + ", row " + row + ", column " + col + ": expected 0 or 1, got '" + v + "'");
  }

  static long parseDate(String s, Path file, int row) {
    String t = s.replace(' ', 'T');
    try {
      if (t.endsWith("Z") || t.matches(".*[+-]\\d\\d:?\\d\\d$")) return OffsetDateTime.parse(t).toInstant().toEpochMilli();
      return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("signals file " + file + ", row " + row + ": date '" + s
          + "' is not ISO-8601 UTC (e.g. 2018-01-10T04:55:00Z)");
    }
  }

  /** Walks the signal table alongside the candles: O(1) amortised per candle, no allocation. */
  private static final class FileSignals implements SignalGenerator {
    private final SignalTable table;
    private int next;
    private int current = -1;
    private int unmatched;
    private long lastCandle = Long.MIN_VALUE;

    FileSignals(SignalTable table) {
      this.table = table;
    }

    @Override
    public int onCandle(long openTime, double open, double high, double low, double close, double volume) {
      long[] ts = table.times();
      while (next < ts.length && ts[next] < openTime) {
        if (ts[next] > lastCandle) unmatched++;
        next++;
      }
      lastCandle = openTime;
      if (next < ts.length && ts[next] == openTime) {
        current = next++;
        return table.bits()[current];
      }
      current = -1;
      return Signal.NONE;
    }

    @Override
    public void onEnd() {
      int left = unmatched + (table.times().length - next);
      if (left > 0) log.warn("signals file {}: {} row(s) match no candle and were ignored", table.file(), left);
      unmatched = 0;
      next = table.times().length;
    }

    @Override
    public String enterTag() {
      return current >= 0 && table.enterTags() != null ? table.enterTags()[current] : null;
    }

    @Override
    public String exitTag() {
      return current >= 0 && table.exitTags() != null ? table.exitTags()[current] : null;
    }
  }
}
