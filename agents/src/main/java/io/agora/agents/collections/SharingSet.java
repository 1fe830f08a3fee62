package io.agora.agents.collections;

import java.util.AbstractSet;
import java.util.Collection;
import java.util.Iterator;
import java.util.Set;
import scala.collection.immutable.HashSet;
import scala.jdk.javaapi.CollectionConverters;

/**
 * An unmodifiable {@link Set} whose {@link #with} shares structure with the set it extends (Scala's immutable
 * {@code HashSet}: effectively constant time). No iteration order, as {@code Set.copyOf}. A plain {@code Set} to
 * everything else: equality, Jackson (snapshots) and views.
 */
public final class SharingSet<E> extends AbstractSet<E> {

  private static final SharingSet<?> EMPTY = new SharingSet<>(scala.collection.immutable.HashSet$.MODULE$.empty());

  private final HashSet<E> set;

  private SharingSet(HashSet<E> set) {
    this.set = set;
  }

  @SuppressWarnings("unchecked")
  public static <E> SharingSet<E> empty() {
    return (SharingSet<E>) EMPTY;
  }

  /** {@code c} itself when it is one, else its elements. */
  public static <E> SharingSet<E> of(Collection<E> c) {
    if (c instanceof SharingSet<E> s) return s;
    SharingSet<E> out = empty();
    for (E e : c) out = out.with(e);
    return out;
  }

  /** This set with {@code e} (null refused, as {@code Set.of} does). */
  public SharingSet<E> with(E e) {
    if (e == null) throw new NullPointerException("null element");
    return set.contains(e) ? this : new SharingSet<>(set.incl(e));
  }

  @Override
  @SuppressWarnings("unchecked")
  public boolean contains(Object o) {
    return o != null && set.contains((E) o);
  }

  @Override
  public int size() {
    return set.size();
  }

  @Override
  public Iterator<E> iterator() {
    return CollectionConverters.asJava(set.iterator());
  }
}
