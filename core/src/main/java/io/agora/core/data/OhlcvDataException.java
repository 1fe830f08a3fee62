package io.agora.core.data;

import java.nio.file.Path;

/**
 * A candle file that cannot be used: missing, empty, malformed or in an unsupported format. The message always
 * names the file and, where the problem sits in one place, the data row (1-based, as a person counts rows) or the
 * header, so that the file can be fixed without a debugger.
 */
public class OhlcvDataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Path file;

  public OhlcvDataException(String message) {
    this(null, message, null);
  }

  protected OhlcvDataException(Path file, String message, Throwable cause) {
    super(message, cause);
    this.file = file;
  }

  /** The file, or null when the problem is not one file's (e.g. data missing altogether). */
  public Path file() {
    return file;
  }

  /** A problem with the file as a whole ("file is empty", "not an Arrow file"). */
  public static OhlcvDataException inFile(Path file, String reason) {
    return new OhlcvDataException(file, file + ": " + reason, null);
  }

  public static OhlcvDataException inFile(Path file, String reason, Throwable cause) {
    return new OhlcvDataException(file, file + ": " + reason, cause);
  }

  /** A problem in data row {@code row} (1-based). */
  public static OhlcvDataException atRow(Path file, long row, String reason) {
    return new OhlcvDataException(file, file + ": row " + row + ": " + reason, null);
  }

  public static OhlcvDataException atRow(Path file, long row, String reason, Throwable cause) {
    return new OhlcvDataException(file, file + ": row " + row + ": " + reason, cause);
  }

  /** A problem in the header (CSV) or schema (Feather, Parquet). */
  public static OhlcvDataException inHeader(Path file, String reason) {
    return new OhlcvDataException(file, file + ": header: " + reason, null);
  }
}
