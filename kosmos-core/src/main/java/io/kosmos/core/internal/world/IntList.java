package io.kosmos.core.internal.world;

import java.util.Arrays;

/** A growable list of ints, to index findings by position without boxing. */
final class IntList {
  private int[] values = new int[4];
  private int size;

  void add(int value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = value;
  }

  boolean remove(int value) {
    for (int i = size - 1; i >= 0; i--) {
      if (values[i] == value) {
        System.arraycopy(values, i + 1, values, i, size - i - 1);
        size--;
        return true;
      }
    }
    return false;
  }

  int size() {
    return size;
  }

  int get(int i) {
    return values[i];
  }
}
