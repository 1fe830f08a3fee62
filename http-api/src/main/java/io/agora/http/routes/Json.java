package io.agora.http.routes;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.StringJoiner;

/** The API's JSON: one strict {@link ObjectMapper}, and Jackson's failures turned into 400s naming the field. */
public final class Json {
  private Json() {}

  public static ObjectMapper mapper() {
    JsonMapper m = JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .build();
    // "5" is not an integer and "true" is not a boolean: wrong types are the client's mistake, said as such
    m.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    m.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    m.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    return m;
  }

  /** Parses {@code body} as {@code type}; any failure is a 400 naming the field when Jackson knows it. */
  public static <T> T read(ObjectMapper mapper, byte[] body, Class<T> type) {
    if (body == null || body.length == 0) throw ApiError.badRequest("a JSON request body is required");
    try {
      T value = mapper.readValue(body, type);
      if (value == null) throw ApiError.badRequest("a JSON object is required, not null");
      return value;
    } catch (UnrecognizedPropertyException e) {
      String f = path(e);
      throw ApiError.badRequest(f, "unknown field '" + f + "'");
    } catch (ValueInstantiationException e) {
      Throwable c = e.getCause() == null ? e : e.getCause();
      throw ApiError.badRequest(emptyToNull(path(e)), String.valueOf(c.getMessage()));
    } catch (MismatchedInputException e) {
      String f = emptyToNull(path(e));
      String expected = e.getTargetType() == null ? "another type" : describe(e.getTargetType());
      throw ApiError.badRequest(f, f == null ? "the body must be a JSON " + expected
          : "invalid value for '" + f + "': expected " + expected);
    } catch (JsonMappingException e) {
      throw ApiError.badRequest(emptyToNull(path(e)), "invalid JSON: " + e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw ApiError.badRequest("malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiError.badRequest("unreadable body: " + e.getMessage());
    }
  }

  private static String path(JsonMappingException e) {
    StringJoiner j = new StringJoiner(".");
    for (JsonMappingException.Reference r : e.getPath()) {
      j.add(r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()));
    }
    return j.toString();
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static String describe(Class<?> t) {
    if (t == Integer.class || t == int.class || t == Long.class || t == long.class) return "an integer";
    if (Number.class.isAssignableFrom(t) || t == double.class) return "a number";
    if (t == Boolean.class || t == boolean.class) return "true or false";
    if (t == String.class) return "a string";
    if (t.isEnum()) return "one of " + java.util.Arrays.toString(t.getEnumConstants());
    if (java.util.Map.class.isAssignableFrom(t) || t.isRecord()) return "an object";
    if (java.util.Collection.class.isAssignableFrom(t)) return "an array";
    if (t == java.time.Duration.class) return "an ISO-8601 duration such as PT30M";
    return "a " + t.getSimpleName();
  }

  public static byte[] write(ObjectMapper mapper, Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }
}
