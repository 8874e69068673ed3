package io.kosmos.core.literature.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Cleans extracted text into paragraphs, and cuts sections into passages of a size a search can
 * rank and a reader can quote.
 */
final class Paragraphs {

  /** Passages grow from paragraphs up to about this many characters. */
  static final int TARGET = 700;

  /** A paragraph longer than this is cut at sentence ends. */
  static final int MAX = 1400;

  private static final Pattern BLANK_LINE = Pattern.compile("\\n[ \\t\\x0B\\f\\r]*\\n");
  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+(?=[\\p{Lu}\\d(\\[])");

  private Paragraphs() {}

  /**
   * The paragraphs of extracted text: blocks separated by blank lines, the lines of each joined
   * with a space, a word broken by a hyphen at a line's end joined again, runs of white space
   * collapsed.
   *
   * @param raw the text as extracted
   * @return the paragraphs, without empty ones
   */
  static List<String> of(String raw) {
    List<String> out = new ArrayList<>();
    String text = raw.replace("\r\n", "\n").replace('\r', '\n').replace('\f', '\n');
    for (String block : BLANK_LINE.split(text)) {
      String joined = join(block.split("\n"));
      if (!joined.isEmpty()) {
        out.add(joined);
      }
    }
    return out;
  }

  private static String join(String[] lines) {
    StringBuilder sb = new StringBuilder();
    for (String line : lines) {
      String l = line.strip();
      if (l.isEmpty()) {
        continue;
      }
      int n = sb.length();
      if (n >= 2
          && sb.charAt(n - 1) == '-'
          && Character.isLowerCase(sb.charAt(n - 2))
          && Character.isLowerCase(l.charAt(0))) {
        sb.setLength(n - 1); // "progres-" + "sion" was one word
      } else if (n > 0) {
        sb.append(' ');
      }
      sb.append(l);
    }
    return sb.toString().replaceAll("\\s+", " ").strip();
  }

  /**
   * Cuts a section of a text into passages: consecutive paragraphs joined up to about {@value
   * #TARGET} characters, a paragraph over {@value #MAX} characters cut at sentence ends.
   *
   * @param text the paper's text
   * @param start the section's first character
   * @param end just past its last character
   * @return the passages as {start, end} pairs, covering the section in order
   */
  static List<int[]> passages(String text, int start, int end) {
    List<int[]> paragraphs = new ArrayList<>();
    int at = start;
    while (at < end) {
      int brk = text.indexOf("\n\n", at);
      int stop = brk < 0 || brk > end ? end : brk;
      if (stop > at) {
        cutLong(text, at, stop, paragraphs);
      }
      at = stop + 2;
    }
    List<int[]> out = new ArrayList<>();
    int[] current = null;
    for (int[] p : paragraphs) {
      if (current != null && p[1] - current[0] <= TARGET) {
        current[1] = p[1];
      } else {
        current = new int[] {p[0], p[1]};
        out.add(current);
      }
    }
    return out;
  }

  /** A paragraph as it is, or cut at sentence ends into pieces of about the target size. */
  private static void cutLong(String text, int start, int end, List<int[]> out) {
    if (end - start <= MAX) {
      out.add(new int[] {start, end});
      return;
    }
    var m = SENTENCE_END.matcher(text).region(start, end);
    int pieceStart = start;
    int lastCut = -1;
    while (m.find()) {
      if (m.start() - pieceStart >= TARGET) {
        out.add(new int[] {pieceStart, m.start()});
        pieceStart = m.end();
      }
      lastCut = m.end();
    }
    if (lastCut < 0 && end - pieceStart > MAX) {
      // no sentence end at all: cut at white space near the target
      while (end - pieceStart > MAX) {
        int cut = text.lastIndexOf(' ', pieceStart + TARGET);
        if (cut <= pieceStart) {
          cut = pieceStart + TARGET;
        }
        out.add(new int[] {pieceStart, cut});
        pieceStart = cut + (text.charAt(cut) == ' ' ? 1 : 0);
      }
    }
    out.add(new int[] {pieceStart, end});
  }
}
