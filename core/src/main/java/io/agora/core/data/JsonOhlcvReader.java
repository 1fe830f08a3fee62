package io.agora.core.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads Freqtrade's JSON candle files: one array of {@code [ms, open, high, low, close, volume]} rows, optionally
 * gzip-compressed. Streams tokens straight into primitive columns; no tree, no per-row objects. Numbers are
 * decoded as pandas decodes them for Freqtrade ({@link PandasJsonNumbers}), so values equal Freqtrade's bit for bit.
 */
final class JsonOhlcvReader {
  private static final JsonFactory JSON =
      JsonFactory.builder()
          // pandas writes NaN as null, but hand-edited files may carry NaN literally; both mean "no volume"
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .build();

  private final Path file;
  private final boolean gzip;
  private long row;

  private JsonOhlcvReader(Path file, boolean gzip) {
    this.file = file;
    this.gzip = gzip;
  }

  static OhlcvColumns read(Path file, boolean gzip) {
    return new JsonOhlcvReader(file, gzip).read();
  }

  private OhlcvColumns read() {
    long bytes;
    try {
      bytes = Files.size(file);
    } catch (IOException e) {
      throw OhlcvDataException.inFile(file, "cannot read: " + e, e);
    }
    if (bytes == 0) {
      throw OhlcvDataException.inFile(file, "file is empty (0 bytes); expected a JSON array of " + OhlcvSchema.ROW_SHAPE + " rows");
    }
    // a row takes about 80 characters; gzip shrinks candle JSON about 4 times
    long estimate = (gzip ? bytes * 4 : bytes) / 80;
    OhlcvColumns cols = new OhlcvColumns((int) Math.min(estimate, 1 << 24));
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = gzip ? new GZIPInputStream(new BufferedInputStream(raw, 1 << 16), 1 << 16) : raw;
        JsonParser p = JSON.createParser(in)) {
      parse(p, cols);
    } catch (OhlcvDataException e) {
      throw e;
    } catch (InputCoercionException e) {
      throw OhlcvDataException.atRow(file, row, "date does not fit a 64-bit integer: " + e.getOriginalMessage(), e);
    } catch (JsonParseException e) {
      boolean eof = e.getOriginalMessage() != null && e.getOriginalMessage().contains("end-of-input");
      throw OhlcvDataException.atRow(
          file,
          Math.max(row, 1),
          (eof ? "unexpected end of file: the JSON is truncated" : "invalid JSON: " + e.getOriginalMessage())
              + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")",
          e);
    } catch (JsonProcessingException e) {
      throw OhlcvDataException.atRow(file, Math.max(row, 1), "invalid JSON: " + e.getOriginalMessage(), e);
    } catch (ZipException | EOFException e) {
      throw OhlcvDataException.inFile(
          file, "corrupt or truncated gzip data (after row " + row + "): " + e.getMessage() + "; re-download or re-export the file", e);
    } catch (IOException e) {
      throw OhlcvDataException.inFile(file, "cannot read: " + e, e);
    }
    return cols;
  }

  private void parse(JsonParser p, OhlcvColumns cols) throws IOException {
    JsonToken t = p.nextToken();
    if (t == null) {
      throw OhlcvDataException.inFile(file, "file is empty; expected a JSON array of " + OhlcvSchema.ROW_SHAPE + " rows");
    }
    if (t != JsonToken.START_ARRAY) {
      throw OhlcvDataException.inFile(
          file, "expected a JSON array of " + OhlcvSchema.ROW_SHAPE + " rows, found " + describe(t, p));
    }
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      row++;
      if (t == null) throw truncated();
      if (t != JsonToken.START_ARRAY) {
        throw OhlcvDataException.atRow(file, row, "expected a row " + OhlcvSchema.ROW_SHAPE + ", found " + describe(t, p));
      }
      long ms = 0;
      double o = 0, h = 0, l = 0, c = 0, v = 0;
      int n = 0;
      while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
        if (t == null) throw truncated();
        switch (n) {
          case 0 -> ms = time(p, t);
          case 1 -> o = number(p, t, 1);
          case 2 -> h = number(p, t, 2);
          case 3 -> l = number(p, t, 3);
          case 4 -> c = number(p, t, 4);
          case 5 -> v = number(p, t, 5);
          default -> p.skipChildren(); // only counted, for the message below
        }
        n++;
      }
      if (n != 6) {
        throw OhlcvDataException.atRow(file, row, "expected 6 values " + OhlcvSchema.ROW_SHAPE + ", got " + n);
      }
      cols.add(ms, o, h, l, c, v);
    }
    if (row == 0) {
      throw OhlcvDataException.inFile(file, "no candles (empty array []); download the data again or remove the file");
    }
    if ((t = p.nextToken()) != null) {
      throw OhlcvDataException.inFile(file, "unexpected " + describe(t, p) + " after the closing ] of the candle array");
    }
    OhlcvSchema.checkValues(file, cols, 0, cols.size(), 1);
  }

  private long time(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NUMBER_INT) return p.getLongValue();
    if (t == JsonToken.VALUE_NUMBER_FLOAT) {
      double d = p.getDoubleValue();
      // pandas may write an integral float; anything else is not a millisecond timestamp
      if (d == Math.rint(d) && Math.abs(d) < 9.0e18) return (long) d;
    }
    throw OhlcvDataException.atRow(
        file, row, "date must be an integer (milliseconds since 1970-01-01 UTC), found " + describe(t, p));
  }

  private double number(JsonParser p, JsonToken t, int column) throws IOException {
    if (t == JsonToken.VALUE_NUMBER_INT) {
      // pandas keeps integers as int64 and casts to float64, a correctly rounded conversion
      return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getDoubleValue() : (double) p.getLongValue();
    }
    if (t == JsonToken.VALUE_NUMBER_FLOAT) {
      if (p.isNaN()) return p.getDoubleValue(); // NaN and Infinity literals
      return PandasJsonNumbers.decode(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
    }
    if (t == JsonToken.VALUE_NULL) return Double.NaN; // pandas' NaN; only volume may stay NaN (checked later)
    if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) p.skipChildren();
    throw OhlcvDataException.atRow(
        file, row, OhlcvSchema.COLUMNS.get(column) + " is not a number: " + describe(t, p) + " (write numbers without quotes)");
  }

  private OhlcvDataException truncated() {
    return OhlcvDataException.atRow(file, row, "unexpected end of file: the JSON is truncated");
  }

  private static String describe(JsonToken t, JsonParser p) throws IOException {
    return switch (t) {
      case VALUE_STRING -> "the text \"" + p.getText() + "\"";
      case START_OBJECT -> "an object {...}";
      case START_ARRAY -> "an array [...]";
      case VALUE_TRUE, VALUE_FALSE -> "the boolean " + p.getText();
      case VALUE_NULL -> "null";
      default -> p.getText();
    };
  }
}
