package io.kosmos.core.internal.literature;

import java.text.Normalizer;

/**
 * Compares a quote with a text, forgiving only case, runs of white space, Unicode compatibility
 * forms and the typographic forms of quotes and dashes: what a PDF's extraction or a copy may
 * change without changing the words.
 */
public final class QuoteText {

  private QuoteText() {}

  /**
   * Whether a quote occurs in a text.
   *
   * @param text the text
   * @param quote the quote
   * @return whether it occurs, once both are normalized
   */
  public static boolean contains(String text, String quote) {
    String q = normalize(quote);
    return !q.isEmpty() && normalize(text).contains(q);
  }

  /**
   * A text with white space collapsed, in lower case, with one form of each quote and dash.
   *
   * @param s the text
   * @return the normalized text
   */
  public static String normalize(String s) {
    String t = Normalizer.normalize(s, Normalizer.Form.NFKC);
    StringBuilder sb = new StringBuilder(t.length());
    boolean space = false;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (Character.isWhitespace(c)) {
        if (!space && !sb.isEmpty()) {
          sb.append(' ');
        }
        space = true;
        continue;
      }
      space = false;
      sb.append(
          switch (c) {
            case '“', '”', '„', '″' -> '"';
            case '‘', '’', '‚', '′' -> '\'';
            case '‐', '‑', '‒', '–', '—', '−' -> '-';
            default -> Character.toLowerCase(c);
          });
    }
    int end = sb.length();
    while (end > 0 && sb.charAt(end - 1) == ' ') {
      end--;
    }
    return sb.substring(0, end);
  }
}
