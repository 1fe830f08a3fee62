package io.agora.core.data;

import io.agora.core.files.AtomicFiles;
import io.agora.core.market.CandleSeries;
import io.agora.core.market.CandleType;
import io.agora.core.market.Timeframe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes candles in the formats Freqtrade reads: JSON ({@code [[ms, o, h, l, c, v], ...]}), gzip JSON, Feather
 * (LZ4_FRAME, {@code date} as {@code timestamp[ns, tz=UTC]}, doubles), Parquet (INT64 TIMESTAMP(NANOS, UTC) and
 * DOUBLE, Snappy) and CSV. Output depends only on the candles (no time stamps, host names or random ids), so the
 * same series always gives the same bytes. A file is written beside its target and moved into place, so readers
 * never see half a file.
 */
public final class OhlcvWriter {
  private OhlcvWriter() {}

  /** Writes {@code series} to {@code file}, creating parent directories and replacing an existing file. */
  public static void write(CandleSeries series, Path file, DataFormat format) {
    if (series.isEmpty()) throw new IllegalArgumentException("no candles to write to " + file + " (" + series + ")");
    try {
      AtomicFiles.write(file, tmp -> {
        switch (format) {
          case JSON -> JsonOhlcvWriter.write(series, tmp, false);
          case JSONGZ -> JsonOhlcvWriter.write(series, tmp, true);
          case FEATHER -> FeatherOhlcvWriter.write(series, tmp);
          case PARQUET -> ParquetOhlcvWriter.write(series, tmp);
          case CSV -> CsvOhlcvWriter.write(series, tmp);
          default -> throw new IllegalArgumentException("cannot write " + format.value() + " files");
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Writes {@code series} under {@code datadir} with Freqtrade's file name; returns the file. */
  public static Path write(Path datadir, CandleSeries series, CandleType type, DataFormat format) {
    Timeframe tf = series.timeframe();
    Path file = OhlcvLoader.dataFile(datadir, series.pair(), tf, type, format);
    write(series, file, format);
    return file;
  }
}
