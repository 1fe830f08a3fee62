package io.agora.core.data;

import java.nio.file.Path;
import java.util.Locale;

/**
 * On-disk formats of OHLCV files. The values are Freqtrade's {@code dataformat_ohlcv} names, plus {@code csv} for
 * hand-made or exported data.
 */
public enum DataFormat {
  FEATHER("feather", ".feather"),
  PARQUET("parquet", ".parquet"),
  JSON("json", ".json"),
  JSONGZ("jsongz", ".json.gz"),
  CSV("csv", ".csv");

  static final String HDF5_UNSUPPORTED =
      "HDF5 is not supported, convert with freqtrade convert-data --format-from hdf5 --format-to feather";

  private final String value;
  private final String extension;

  DataFormat(String value, String extension) {
    this.value = value;
    this.extension = extension;
  }

  /** Freqtrade's configuration value ({@code feather}, {@code jsongz}...). */
  public String value() {
    return value;
  }

  /** File name extension including the dot ({@code .json.gz}). */
  public String extension() {
    return extension;
  }

  /** Parses a Freqtrade {@code dataformat_ohlcv} value (case-insensitive); {@code json.gz} is read as jsongz. */
  public static DataFormat fromValue(String v) {
    if (v == null) throw new IllegalArgumentException("data format is missing");
    String s = v.trim().toLowerCase(Locale.ROOT);
    if (s.equals("hdf5") || s.equals("h5")) throw new IllegalArgumentException(HDF5_UNSUPPORTED);
    if (s.equals("json.gz")) return JSONGZ;
    for (DataFormat f : values()) if (f.value.equals(s)) return f;
    throw new IllegalArgumentException("unknown data format '" + v + "' (feather, parquet, json, jsongz, csv)");
  }

  /** The format a file name's extension says, or null for an unknown extension. */
  public static DataFormat ofFile(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    // .json.gz before .json: the longer extension decides
    if (name.endsWith(JSONGZ.extension)) return JSONGZ;
    for (DataFormat f : values()) if (name.endsWith(f.extension)) return f;
    return null;
  }
}
