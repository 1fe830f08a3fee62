package io.agora.core.data;

import io.agora.core.market.CandleSeries;
import io.agora.core.market.CandleType;
import io.agora.core.market.Instrument;
import io.agora.core.market.Timeframe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads candles from a Freqtrade data directory, as Freqtrade's data handlers do: finds the file by Freqtrade's
 * naming ({@code ETH_BTC-5m.feather}; {@code futures/XRP_USDT_USDT-1h-futures.feather} for non-spot candles),
 * reads it, sorts and merges duplicate rows and, unless switched off, fills gaps ({@link OhlcvCleaner}).
 *
 * <p>When a pair exists in several formats the preferred one is used; when only other formats exist, the first
 * found (in {@link DataFormat} order) is used and the choice logged. Instances are immutable and thread-safe.
 */
public final class OhlcvLoader {
  private static final Logger LOG = LoggerFactory.getLogger(OhlcvLoader.class);

  /** Freqtrade's {@code _OHLCV_REGEX}: pair, timeframe and optional candle type before the extension. */
  private static final Pattern FILE_NAME = Pattern.compile("^([a-zA-Z_\\d-]+)-(\\d+[a-zA-Z]{1,2})-?([a-zA-Z_]*)?(?=\\.)");
  /** Freqtrade's {@code rebuild_pair_from_filename}: the first '_' after the base is the '/'. */
  private static final Pattern PAIR_SLASH = Pattern.compile("^(([A-Za-z\\d]{1,10})|^([A-Za-z\\-]{1,6}))(_)");

  private final Path datadir;
  private final DataFormat preferred;
  private final boolean fillMissing;

  /** Feather first, gaps filled: Freqtrade's defaults. */
  public OhlcvLoader(Path datadir) {
    this(datadir, DataFormat.FEATHER, true);
  }

  public OhlcvLoader(Path datadir, DataFormat preferred, boolean fillMissing) {
    this.datadir = Objects.requireNonNull(datadir, "datadir");
    this.preferred = Objects.requireNonNull(preferred, "preferred format");
    this.fillMissing = fillMissing;
  }

  public OhlcvLoader withFormat(DataFormat format) {
    return new OhlcvLoader(datadir, format, fillMissing);
  }

  public OhlcvLoader withFillMissing(boolean fill) {
    return new OhlcvLoader(datadir, preferred, fill);
  }

  public Path datadir() {
    return datadir;
  }

  public DataFormat preferredFormat() {
    return preferred;
  }

  public boolean fillsMissing() {
    return fillMissing;
  }

  /**
   * Freqtrade's file name for a pair: {@code <datadir>/ETH_BTC-5m.feather} for spot,
   * {@code <datadir>/futures/XRP_USDT_USDT-1h-futures.feather} otherwise; month timeframes are written {@code 1Mo}.
   */
  public static Path dataFile(Path datadir, String pair, Timeframe tf, CandleType type, DataFormat format) {
    return dataFile(datadir, pair, tf.fileForm(), type, format);
  }

  private static Path dataFile(Path datadir, String pair, String tfName, CandleType type, DataFormat format) {
    return withExtension(datadir, pair, tfName, type, format.extension());
  }

  private static Path withExtension(Path datadir, String pair, String tfName, CandleType type, String extension) {
    String name = Instrument.fileName(pair) + "-" + tfName;
    if (type == CandleType.SPOT) return datadir.resolve(name + extension);
    return datadir.resolve("futures").resolve(name + "-" + type.value() + extension);
  }

  /** Loads a pair's candles; spot for {@code ETH/BTC}, futures for {@code XRP/USDT:USDT}. */
  public CandleSeries load(String pair, Timeframe tf) {
    return load(pair, tf, Instrument.of(pair).isFutures() ? CandleType.FUTURES : CandleType.SPOT);
  }

  /**
   * Loads a pair's candles of one candle type.
   *
   * @throws MissingDataException naming the paths looked for, when no file exists
   * @throws OhlcvDataException when the file is empty, malformed or HDF5
   */
  public CandleSeries load(String pair, Timeframe tf, CandleType type) {
    return load(pair, tf, type, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  /**
   * Loads the candles opening in {@code [fromMs, toMs]} (both inclusive): the raw rows are trimmed first and then
   * cleaned and gap-filled, as Freqtrade's {@code ohlcv_load} does with a timerange. The result may be empty.
   */
  public CandleSeries load(String pair, Timeframe tf, CandleType type, long fromMs, long toMs) {
    Instrument instrument = Instrument.of(pair);
    Path file = locate(pair, tf, type);
    OhlcvColumns raw = OhlcvReader.read(file).window(fromMs, toMs);
    if (raw.size() == 0) {
      return new CandleSeries(instrument, tf, new long[0], new double[0], new double[0], new double[0], new double[0], new double[0]);
    }
    return OhlcvCleaner.clean(raw, instrument, tf, fillMissing, file.toString());
  }

  /** Loads several pairs in parallel; the map keeps the order of {@code pairs}. Fails on the first bad pair. */
  public Map<String, CandleSeries> loadAll(Collection<String> pairs, Timeframe tf, CandleType type) {
    List<String> list = List.copyOf(new LinkedHashSet<>(pairs));
    CandleSeries[] loaded = new CandleSeries[list.size()];
    java.util.stream.IntStream.range(0, list.size()).parallel().forEach(i -> loaded[i] = load(list.get(i), tf, type));
    Map<String, CandleSeries> out = new LinkedHashMap<>();
    for (int i = 0; i < loaded.length; i++) out.put(list.get(i), loaded[i]);
    return out;
  }

  /**
   * The file {@link #load} reads: the preferred format if present, else another format.
   *
   * @throws MissingDataException naming every path looked for
   */
  public Path locate(String pair, Timeframe tf, CandleType type) {
    List<DataFormat> order = new ArrayList<>();
    order.add(preferred);
    for (DataFormat f : DataFormat.values()) if (f != preferred) order.add(f);
    // Freqtrade falls back to "1M" when "1Mo" is absent (files written before the rename)
    Set<String> tfNames = new LinkedHashSet<>(List.of(tf.fileForm(), tf.text()));
    List<Path> tried = new ArrayList<>();
    for (DataFormat f : order) {
      for (String tfName : tfNames) {
        Path p = dataFile(datadir, pair, tfName, type, f);
        tried.add(p);
        if (Files.isRegularFile(p)) {
          if (f != preferred) {
            LOG.info("No {} data for {} {} {}; using {}", preferred.value(), pair, tf, type.value(), p);
          }
          return p;
        }
      }
    }
    for (String tfName : tfNames) {
      Path h5 = withExtension(datadir, pair, tfName, type, ".h5");
      if (Files.isRegularFile(h5)) throw OhlcvDataException.inFile(h5, DataFormat.HDF5_UNSUPPORTED);
    }
    throw new MissingDataException(
        "no " + type.value() + " data for " + pair + " " + tf + " in " + datadir + "; looked for " + tried
            + ". Download it (freqtrade download-data) or generate it (agora generate-data)");
  }

  /** A candle file found in the data directory. */
  public record DataFile(String pair, Timeframe timeframe, CandleType candleType, DataFormat format, Path path) {}

  /**
   * The candle files in the data directory (spot in the root, other candle types under {@code futures/}), named
   * as Freqtrade names them, sorted by pair, timeframe, candle type and format. Files with other names, and HDF5
   * files, are left out.
   */
  public List<DataFile> available() {
    List<DataFile> out = new ArrayList<>();
    scan(datadir, out);
    scan(datadir.resolve("futures"), out);
    out.sort(
        Comparator.comparing(DataFile::pair)
            .thenComparingLong(d -> d.timeframe().millis())
            .thenComparing(DataFile::candleType)
            .thenComparing(DataFile::format));
    return out;
  }

  private static void scan(Path dir, List<DataFile> out) {
    if (!Files.isDirectory(dir)) return;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path p : files) {
        DataFile d = parse(p);
        if (d != null) out.add(d);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  /** The pair, timeframe and candle type a Freqtrade file name encodes, or null if it is not one. */
  static DataFile parse(Path file) {
    if (!Files.isRegularFile(file)) return null;
    DataFormat format = DataFormat.ofFile(file);
    if (format == null) return null;
    String name = file.getFileName().toString();
    Matcher m = FILE_NAME.matcher(name);
    if (!m.find() || m.end() != name.length() - format.extension().length()) return null;
    try {
      Timeframe tf = Timeframe.parse(m.group(2));
      CandleType type = m.group(3) == null || m.group(3).isEmpty() ? CandleType.SPOT : CandleType.fromValue(m.group(3));
      return new DataFile(pairFromFileName(m.group(1)), tf, type, format, file);
    } catch (IllegalArgumentException e) {
      LOG.debug("Ignoring {}: {}", file, e.getMessage());
      return null;
    }
  }

  /** {@code ETH_BTC} to {@code ETH/BTC}, {@code XRP_USDT_USDT} to {@code XRP/USDT:USDT}, as Freqtrade rebuilds them. */
  static String pairFromFileName(String name) {
    String res = PAIR_SLASH.matcher(name).replaceFirst("$1/");
    return res.replaceFirst("_", ":");
  }
}
