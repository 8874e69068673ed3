package io.kosmos.sandbox.internal;

/** UTF-8 sizes of Java strings without encoding them, for counting output against its cap. */
final class Utf8 {
  private Utf8() {}

  /** The number of bytes {@code s} takes in UTF-8. */
  static long length(CharSequence s) {
    long n = 0;
    int len = s.length();
    for (int i = 0; i < len; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < len) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  /**
   * The longest prefix of {@code s} that fits in {@code maxBytes} of UTF-8, never splitting a pair.
   */
  static String prefix(String s, long maxBytes) {
    long n = 0;
    int len = s.length();
    for (int i = 0; i < len; i++) {
      char c = s.charAt(i);
      int size;
      int chars = 1;
      if (c < 0x80) {
        size = 1;
      } else if (c < 0x800) {
        size = 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < len) {
        size = 4;
        chars = 2;
      } else {
        size = 3;
      }
      if (n + size > maxBytes) {
        return s.substring(0, i);
      }
      n += size;
      i += chars - 1;
    }
    return s;
  }
}
