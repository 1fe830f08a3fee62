package io.agora.core.data;

import io.agora.core.market.CandleSeries;
import io.agora.core.market.Instrument;
import io.agora.core.market.Timeframe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Reads one OHLCV file in any supported format. */
public final class OhlcvReader {
  private OhlcvReader() {}

  /** The rows of {@code file} in file order; the format comes from the extension. */
  public static OhlcvColumns read(Path file) {
    DataFormat format = DataFormat.ofFile(file);
    if (format == null) {
      String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
      if (name.endsWith(".h5") || name.endsWith(".hdf5")) {
        throw OhlcvDataException.inFile(file, DataFormat.HDF5_UNSUPPORTED);
      }
      throw OhlcvDataException.inFile(
          file, "unknown file type; expected .feather, .parquet, .json, .json.gz or .csv");
    }
    return read(file, format);
  }

  /** The rows of {@code file} in file order, validated (finite prices; volume may be NaN). */
  public static OhlcvColumns read(Path file, DataFormat format) {
    if (!Files.isRegularFile(file)) throw new MissingDataException(file + ": no such file");
    return switch (format) {
      case FEATHER -> FeatherOhlcvReader.read(file);
      case PARQUET -> ParquetOhlcvReader.read(file);
      case JSON -> JsonOhlcvReader.read(file, false);
      case JSONGZ -> JsonOhlcvReader.read(file, true);
      case CSV -> CsvOhlcvReader.read(file);
    };
  }

  /**
   * {@code file} as a series sorted by time with duplicate times merged (Freqtrade's cleaning), without gap
   * filling; use {@link OhlcvLoader} for the full loading path.
   */
  public static CandleSeries readSeries(Path file, Instrument instrument, Timeframe timeframe) {
    return OhlcvCleaner.clean(read(file), instrument, timeframe, false, file.toString());
  }
}
