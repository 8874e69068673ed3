package io.kosmos.core.team.llm;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds a model's quote in a paper's title or abstract, forgiving only case, white space and
 * typographic forms of quotes and dashes, so that the {@link LlmLiteratureAnalyst} cites the
 * paper's own words and never the model's copy of them.
 */
final class Quotes {
  private Quotes() {}

  /**
   * The passage of a text a quote matches.
   *
   * @param quote the model's quote
   * @param text the paper's title or abstract
   * @return the text's own words for it, or {@code null} if it does not occur
   */
  static String find(String quote, String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String q = normalize(stripQuotes(quote.strip()));
    if (q.isEmpty()) {
      return null;
    }
    // normalize the text character by character, remembering where each came from
    StringBuilder norm = new StringBuilder();
    List<Integer> origin = new ArrayList<>();
    String t = Normalizer.normalize(text, Normalizer.Form.NFKC);
    boolean space = false;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (Character.isWhitespace(c)) {
        if (!space && !norm.isEmpty()) {
          norm.append(' ');
          origin.add(i);
        }
        space = true;
        continue;
      }
      space = false;
      norm.append(fold(c));
      origin.add(i);
    }
    int at = norm.indexOf(q);
    if (at < 0) {
      return null;
    }
    int start = origin.get(at);
    int end = origin.get(at + q.length() - 1) + 1;
    return t.substring(start, end);
  }

  private static String stripQuotes(String s) {
    String out = s;
    while (out.length() >= 2 && isQuote(out.charAt(0)) && isQuote(out.charAt(out.length() - 1))) {
      out = out.substring(1, out.length() - 1).strip();
    }
    if (out.endsWith("...") || out.endsWith("…")) {
      out = out.substring(0, out.length() - (out.endsWith("…") ? 1 : 3)).strip();
    }
    return out;
  }

  private static boolean isQuote(char c) {
    return c == '"' || c == '\'' || c == '“' || c == '”' || c == '‘' || c == '’';
  }

  static String normalize(String s) {
    String t = Normalizer.normalize(s, Normalizer.Form.NFKC);
    StringBuilder sb = new StringBuilder();
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
      sb.append(fold(c));
    }
    return sb.toString().strip();
  }

  private static char fold(char c) {
    return switch (c) {
      case '“', '”', '„', '″' -> '"';
      case '‘', '’', '‚', '′' -> '\'';
      case '‐', '‑', '‒', '–', '—', '−' -> '-';
      default -> Character.toLowerCase(c);
    };
  }
}
