package io.agora.core.report.json;

import io.agora.core.files.AtomicFiles;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a backtest result document ({@link io.agora.core.metrics.BacktestStats#generate}) as JSON at exactly the
 * given path: {@code {"strategy": {...}, "strategy_comparison": [...], "metadata": {...}}}. Unlike Freqtrade's
 * {@code store_backtest_stats} it adds no timestamp to the name and keeps the metadata in the same file.
 *
 * <p>Numbers: Freqtrade's writer (python-rapidjson) emits {@code NaN} and {@code Infinity} as bare tokens, which is
 * not JSON and which strict parsers reject. We write every non-finite number as {@code null}, so the file is valid
 * JSON; a reader that needs the distinction can recompute from the trades. Other values are written as Jackson writes
 * them (doubles in Java's shortest round-trip form, e.g. {@code 4.5112781954887056E-5}).
 */
public final class BacktestResultWriter {
  private static final ObjectMapper MAPPER = createMapper();

  private BacktestResultWriter() {}

  /** The mapper used for writing, with non-finite numbers mapped to null. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Writes {@code result} at {@code path}, replacing a previous file; the parent folders are created. The file is
   * first written beside the target and then moved into place, so a reader never sees half a file.
   *
   * @throws IllegalArgumentException when {@code result} lacks the {@code strategy} block
   */
  public static void write(Path path, Map<String, ?> result) throws IOException {
    Map<String, Object> doc = layout(result);
    AtomicFiles.write(path, tmp -> {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        MAPPER.writeValue(out, doc);
      }
    });
  }

  /** The document as a JSON string, in the layout {@link #write} uses. */
  public static String toJson(Map<String, ?> result) {
    try {
      return MAPPER.writeValueAsString(layout(result));
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise backtest result", e);
    }
  }

  /** strategy, strategy_comparison, metadata first (in that order), then any other top-level entries as given. */
  private static Map<String, Object> layout(Map<String, ?> result) {
    if (!(result.get("strategy") instanceof Map<?, ?>)) {
      throw new IllegalArgumentException("a backtest result needs a 'strategy' object, got keys " + result.keySet());
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("strategy", result.get("strategy"));
    doc.put("strategy_comparison", result.containsKey("strategy_comparison") ? result.get("strategy_comparison") : List.of());
    doc.put("metadata", result.containsKey("metadata") ? result.get("metadata") : Map.of());
    result.forEach((k, v) -> doc.putIfAbsent(k, v));
    return doc;
  }

  private static ObjectMapper createMapper() {
    SimpleModule finiteOnly = new SimpleModule("agora-finite-numbers");
    finiteOnly.addSerializer(Double.class, new FiniteDoubleSerializer());
    finiteOnly.addSerializer(Double.TYPE, new FiniteDoubleSerializer());
    finiteOnly.addSerializer(Float.class, new FiniteFloatSerializer());
    finiteOnly.addSerializer(Float.TYPE, new FiniteFloatSerializer());
    return new ObjectMapper().registerModule(finiteOnly);
  }

  private static final class FiniteDoubleSerializer extends StdSerializer<Double> {
    FiniteDoubleSerializer() {
      super(Double.class);
    }

    @Override
    public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      if (Double.isFinite(value)) gen.writeNumber(value);
      else gen.writeNull();
    }
  }

  private static final class FiniteFloatSerializer extends StdSerializer<Float> {
    FiniteFloatSerializer() {
      super(Float.class);
    }

    @Override
    public void serialize(Float value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      if (Float.isFinite(value)) gen.writeNumber(value);
      else gen.writeNull();
    }
  }
}
