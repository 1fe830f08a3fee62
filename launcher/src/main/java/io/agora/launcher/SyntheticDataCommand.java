package io.agora.launcher;

import io.agora.core.data.DataFormat;
import io.agora.core.data.synthetic.SyntheticData;
import io.agora.core.market.CandleType;
import io.agora.core.market.Timeframe;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code agora generate-data}: writes seeded synthetic candles into a data directory with Freqtrade's file names. */
@Command(
    name = "generate-data",
    mixinStandardHelpOptions = true,
    description = {
      "Generates synthetic OHLCV candles (geometric Brownian motion with calm and volatile regimes) for pairs "
          + "SYN0/<quote>, SYN1/<quote>... and writes them with Freqtrade's file names.",
      "The same options and seed always give the same files."
    })
public final class SyntheticDataCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--datadir", defaultValue = "user_data/data/synthetic", description = "Data directory (default: ${DEFAULT-VALUE}).")
  Path datadir;

  @Option(names = "--pairs", defaultValue = "10", description = "Number of pairs (default: ${DEFAULT-VALUE}).")
  int pairs;

  @Option(
      names = "--candles",
      defaultValue = "105120",
      description = "Candle slots per pair; missing candles (gaps) are not made up (default: ${DEFAULT-VALUE}, a year of 5m).")
  int candles;

  @Option(names = "--timeframe", defaultValue = "5m", description = "Timeframe, e.g. 1m, 5m, 1h, 1d (default: ${DEFAULT-VALUE}).")
  String timeframe;

  @Option(
      names = "--start",
      defaultValue = "2024-01-01",
      description = "First candle, ISO date or UTC time: 2024-01-01 or 2024-01-01T12:00:00Z (default: ${DEFAULT-VALUE}).")
  String start;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--format",
      defaultValue = "feather",
      description = "feather, parquet, json, jsongz or csv (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--gap-probability",
      defaultValue = "0",
      description = "Chance that a candle is missing, from 0 to below 1 (default: ${DEFAULT-VALUE}).")
  double gapProbability;

  @Option(
      names = "--trading-mode",
      defaultValue = "spot",
      description = "spot (SYN0/USDT in the data directory) or futures (SYN0/USDT:USDT under futures/) (default: ${DEFAULT-VALUE}).")
  String tradingMode;

  @Override
  public Integer call() {
    SyntheticData.Spec s = spec();
    DataFormat f = parse(() -> DataFormat.fromValue(format), "--format");
    long t0 = System.nanoTime();
    List<Path> files = SyntheticData.write(s, datadir, f);
    double seconds = (System.nanoTime() - t0) / 1e9;
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "Wrote %d %s files of %d %s candle slots (%s to %s, seed %d) to %s in %.1f s%n",
        files.size(),
        f.value(),
        s.candles(),
        s.timeframe(),
        Instant.ofEpochMilli(s.firstCandleMs()),
        Instant.ofEpochMilli(s.firstCandleMs() + (s.candles() - 1L) * s.timeframe().millis()),
        s.seed(),
        datadir.toAbsolutePath().normalize(),
        seconds);
    out.flush();
    return 0;
  }

  SyntheticData.Spec spec() {
    Timeframe tf = parse(() -> Timeframe.parse(timeframe), "--timeframe");
    Instant first = parse(this::startInstant, "--start");
    CandleType type =
        switch (tradingMode.trim().toLowerCase(java.util.Locale.ROOT)) {
          case "spot" -> CandleType.SPOT;
          case "futures" -> CandleType.FUTURES;
          default -> throw new ParameterException(spec.commandLine(), "Invalid value for --trading-mode: '" + tradingMode + "' (spot or futures)");
        };
    return parse(
        () -> new SyntheticData.Spec(pairs, candles, tf, first, seed, gapProbability, "USDT", type),
        "--pairs/--candles/--timeframe/--start/--gap-probability");
  }

  private Instant startInstant() {
    try {
      return start.length() == 10 ? LocalDate.parse(start).atStartOfDay().toInstant(ZoneOffset.UTC) : Instant.parse(start);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("invalid start '" + start + "': expected an ISO date like 2024-01-01 or a UTC time like 2024-01-01T12:00:00Z");
    }
  }

  private interface Parse<T> {
    T get();
  }

  /** Turns validation failures into picocli's usage errors, which print the reason and exit with code 2. */
  private <T> T parse(Parse<T> p, String option) {
    try {
      return p.get();
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new ParameterException(spec.commandLine(), "Invalid value for " + option + ": " + e.getMessage());
    }
  }
}
