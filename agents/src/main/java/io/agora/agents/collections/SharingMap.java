package io.agora.agents.collections;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import scala.Tuple2;
import scala.collection.immutable.VectorMap;
import scala.jdk.javaapi.CollectionConverters;

/**
 * An unmodifiable {@link Map} in insertion order (a replaced key keeps its place, as in a {@code LinkedHashMap}) whose
 * {@link #with} shares structure with the map it extends (Scala's immutable {@code VectorMap}: effectively constant
 * time). It is a plain {@code Map} to everything else: equality, Jackson (snapshots) and views.
 */
public final class SharingMap<K, V> extends AbstractMap<K, V> {

  private static final SharingMap<?, ?> EMPTY = new SharingMap<>(scala.collection.immutable.VectorMap$.MODULE$.empty());

  private final VectorMap<K, V> map;

  private SharingMap(VectorMap<K, V> map) {
    this.map = map;
  }

  @SuppressWarnings("unchecked")
  public static <K, V> SharingMap<K, V> empty() {
    return (SharingMap<K, V>) EMPTY;
  }

  /** {@code m} itself when it is one, else its entries in its iteration order. */
  public static <K, V> SharingMap<K, V> of(Map<K, V> m) {
    if (m instanceof SharingMap<K, V> s) return s;
    SharingMap<K, V> out = empty();
    for (Map.Entry<K, V> e : m.entrySet()) out = out.with(e.getKey(), e.getValue());
    return out;
  }

  /** This map with {@code key} set to {@code value} (null keys and values are refused, as {@code Map.of} does). */
  public SharingMap<K, V> with(K key, V value) {
    if (key == null || value == null) throw new NullPointerException("null key or value");
    return new SharingMap<>(map.updated(key, value));
  }

  public SharingMap<K, V> without(K key) {
    return map.contains(key) ? new SharingMap<>(map.removed(key)) : this;
  }

  @Override
  public V get(Object key) {
    @SuppressWarnings("unchecked")
    scala.Option<V> v = map.get((K) key);
    return v.isDefined() ? v.get() : null;
  }

  @Override
  @SuppressWarnings("unchecked")
  public boolean containsKey(Object key) {
    return map.contains((K) key);
  }

  @Override
  public int size() {
    return map.size();
  }

  @Override
  public Set<Map.Entry<K, V>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<K, V>> iterator() {
        Iterator<Tuple2<K, V>> it = CollectionConverters.asJava(map.iterator());
        return new Iterator<>() {
          @Override
          public boolean hasNext() {
            return it.hasNext();
          }

          @Override
          public Map.Entry<K, V> next() {
            Tuple2<K, V> t = it.next();
            return Map.entry(t._1(), t._2());
          }
        };
      }

      @Override
      public int size() {
        return map.size();
      }
    };
  }
}
