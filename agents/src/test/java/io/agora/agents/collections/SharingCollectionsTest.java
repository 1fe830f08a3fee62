package io.agora.agents.collections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SharingCollectionsTest {

  @Test
  void aMapKeepsInsertionOrderAndLeavesTheOriginalAsItWas() {
    SharingMap<String, Integer> a = SharingMap.<String, Integer>empty().with("b", 1).with("a", 2).with("c", 3);
    SharingMap<String, Integer> b = a.with("a", 20).without("b");
    assertEquals(List.of("b", "a", "c"), List.copyOf(a.keySet()));
    assertEquals(List.of("a", "c"), List.copyOf(b.keySet()), "a replaced key keeps its place");
    assertEquals(Map.of("b", 1, "a", 2, "c", 3), a);
    assertEquals(Map.of("a", 20, "c", 3), b);
    assertEquals(2, a.get("a"));
    assertNull(a.get("zz"));
    assertTrue(a.containsKey("c"));
    assertFalse(b.containsKey("b"));
    assertSame(b, SharingMap.of(b));
    LinkedHashMap<String, Integer> plain = new LinkedHashMap<>(a);
    assertEquals(a, SharingMap.of(plain));
    assertThrows(UnsupportedOperationException.class, () -> a.put("x", 1));
    assertThrows(NullPointerException.class, () -> a.with("x", null));
  }

  @Test
  void aSetSharesAndStaysASet() {
    SharingSet<String> a = SharingSet.<String>empty().with("x").with("y");
    SharingSet<String> b = a.with("z");
    assertEquals(Set.of("x", "y"), a);
    assertEquals(Set.of("x", "y", "z"), b);
    assertSame(b, b.with("z"), "adding a present element changes nothing");
    assertTrue(b.contains("z"));
    assertFalse(a.contains("z"));
    assertFalse(a.contains(null));
    assertSame(a, SharingSet.of(a));
    assertEquals(a, SharingSet.of(Set.of("y", "x")));
    assertThrows(UnsupportedOperationException.class, () -> a.add("q"));
  }

  @Test
  void bothRoundTripThroughJacksonAsPlainCollections() throws Exception {
    ObjectMapper json = new ObjectMapper();
    SharingMap<String, Integer> m = SharingMap.<String, Integer>empty().with("k2", 2).with("k1", 1);
    String text = json.writeValueAsString(m);
    assertEquals("{\"k2\":2,\"k1\":1}", text);
    assertEquals(m, SharingMap.of(json.readValue(text, new TypeReference<Map<String, Integer>>() {})));
    SharingSet<String> s = SharingSet.<String>empty().with("a").with("b");
    assertEquals(s, SharingSet.of(json.readValue(json.writeValueAsString(s), new TypeReference<Set<String>>() {})));
  }
}
