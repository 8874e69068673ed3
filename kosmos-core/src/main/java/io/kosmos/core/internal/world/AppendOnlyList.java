package io.kosmos.core.internal.world;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * A list that only grows, whose snapshots cost nothing: a snapshot is the backing array and the
 * size at that moment, and elements below that size are never changed afterwards (growing copies
 * the array). Writers must be serialized by the caller; snapshots may be read from any thread once
 * published (here, under the world model's lock).
 *
 * @param <T> the element type
 */
final class AppendOnlyList<T> {
  private Object[] elements = new Object[16];
  private int size;

  void add(T element) {
    if (size == elements.length) {
      elements = Arrays.copyOf(elements, size * 2);
    }
    elements[size++] = element;
  }

  int size() {
    return size;
  }

  /** An immutable view of the elements added so far. */
  List<T> snapshot() {
    return new Snapshot<>(elements, size);
  }

  private static final class Snapshot<T> extends AbstractList<T> implements RandomAccess {
    private final Object[] elements;
    private final int size;

    Snapshot(Object[] elements, int size) {
      this.elements = elements;
      this.size = size;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T get(int index) {
      if (index < 0 || index >= size) {
        throw new IndexOutOfBoundsException("index " + index + ", size " + size);
      }
      return (T) elements[index];
    }

    @Override
    public int size() {
      return size;
    }
  }
}
