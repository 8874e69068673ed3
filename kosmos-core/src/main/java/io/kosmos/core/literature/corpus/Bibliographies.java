package io.kosmos.core.literature.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the bibliography files of a corpus: BibTeX ({@code .bib}), RIS ({@code .ris}) and CSL-JSON
 * ({@code .json}, as Zotero, Mendeley and Pandoc export it). Each gives {@link Reference}s; an
 * entry it cannot make sense of is skipped, never the whole file.
 */
final class Bibliographies {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern YEAR = Pattern.compile("(\\d{4})");
  private static final Pattern RIS_LINE = Pattern.compile("^([A-Z][A-Z0-9])  ?-(?: (.*))?$");
  private static final Pattern ACCENT =
      Pattern.compile("\\{?\\\\([\"'`^~=.cuvHk])\\s*\\{?([A-Za-z])}?}?");
  private static final Pattern COMMAND = Pattern.compile("\\\\[a-zA-Z]+\\s*\\{([^{}]*)}");

  private Bibliographies() {}

  // ---- BibTeX -------------------------------------------------------------------------------

  static List<Reference> bibtex(String text, String from) {
    List<Reference> out = new ArrayList<>();
    int at = 0;
    while ((at = text.indexOf('@', at)) >= 0) {
      int open = indexOfAny(text, at, '{', '(');
      if (open < 0) {
        break;
      }
      String type = text.substring(at + 1, open).strip().toLowerCase(java.util.Locale.ROOT);
      int close = matching(text, open);
      if (close < 0) {
        break;
      }
      String body = text.substring(open + 1, close);
      at = close + 1;
      if (type.equals("comment")
          || type.equals("preamble")
          || type.equals("string")
          || !type.matches("[a-z]+")) {
        continue;
      }
      int comma = body.indexOf(',');
      if (comma < 0) {
        continue;
      }
      Map<String, String> fields = bibFields(body.substring(comma + 1));
      out.add(bibReference(body.substring(0, comma).strip(), fields, from));
    }
    return out;
  }

  private static Reference bibReference(String key, Map<String, String> f, String from) {
    List<String> authors = new ArrayList<>();
    String author = f.get("author");
    if (author != null) {
      for (String a : author.split("\\s+and\\s+")) {
        if (!a.isBlank()) {
          authors.add(Reference.givenFirst(a));
        }
      }
    }
    List<String> files = new ArrayList<>();
    String file = f.get("file");
    if (file != null) {
      // Zotero and JabRef write "description:path:type", several separated by ';'
      for (String part : file.split(";")) {
        String[] bits = part.split(":");
        String path =
            bits.length >= 3 ? bits[bits.length - 2] : bits.length == 2 ? bits[1] : bits[0];
        if (!path.isBlank()) {
          files.add(Reference.baseName(path));
        }
      }
    }
    return new Reference(
        key,
        f.get("title"),
        List.copyOf(authors),
        year(f.get("year")),
        f.get("doi"),
        f.get("url"),
        List.copyOf(files),
        from);
  }

  /** The fields of an entry's body: {@code name = {value}}, {@code "value"}, numbers, {@code #}. */
  private static Map<String, String> bibFields(String body) {
    Map<String, String> out = new LinkedHashMap<>();
    int i = 0;
    while (i < body.length()) {
      int eq = body.indexOf('=', i);
      if (eq < 0) {
        break;
      }
      String name =
          body.substring(i, eq).replace(",", "").strip().toLowerCase(java.util.Locale.ROOT);
      StringBuilder value = new StringBuilder();
      int j = eq + 1;
      while (true) {
        while (j < body.length() && Character.isWhitespace(body.charAt(j))) {
          j++;
        }
        if (j >= body.length()) {
          break;
        }
        char c = body.charAt(j);
        int end;
        if (c == '{') {
          end = matching(body, j);
          value.append(body, j + 1, end < 0 ? body.length() : end);
        } else if (c == '"') {
          end = body.indexOf('"', j + 1);
          value.append(body, j + 1, end < 0 ? body.length() : end);
        } else {
          end = j;
          while (end < body.length() && body.charAt(end) != ',' && body.charAt(end) != '#') {
            end++;
          }
          value.append(body, j, end);
          end--;
        }
        j = end < 0 ? body.length() : end + 1;
        while (j < body.length() && Character.isWhitespace(body.charAt(j))) {
          j++;
        }
        if (j < body.length() && body.charAt(j) == '#') {
          j++;
          continue;
        }
        break;
      }
      if (!name.isEmpty()) {
        out.put(name, latexToText(value.toString()));
      }
      int next = body.indexOf(',', j);
      i = next < 0 ? body.length() : next + 1;
    }
    return out;
  }

  /** LaTeX markup as plain text: accents as letters, commands' arguments kept, braces dropped. */
  static String latexToText(String s) {
    Matcher m = ACCENT.matcher(s);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(
          sb, Matcher.quoteReplacement(accent(m.group(1).charAt(0), m.group(2).charAt(0))));
    }
    m.appendTail(sb);
    String t = sb.toString();
    for (int k = 0; k < 3; k++) {
      t = COMMAND.matcher(t).replaceAll("$1");
    }
    return t.replace("\\&", "&")
        .replace("\\%", "%")
        .replace("\\_", "_")
        .replace("---", "—")
        .replace("--", "–")
        .replace("{", "")
        .replace("}", "")
        .replaceAll("\\s+", " ")
        .strip();
  }

  private static String accent(char mark, char letter) {
    String combining =
        switch (mark) {
          case '"' -> "\u0308";
          case '\'' -> "\u0301";
          case '`' -> "\u0300";
          case '^' -> "\u0302";
          case '~' -> "\u0303";
          case '=' -> "\u0304";
          case '.' -> "\u0307";
          case 'c' -> "\u0327";
          case 'u' -> "\u0306";
          case 'v' -> "\u030c";
          case 'H' -> "\u030b";
          case 'k' -> "\u0328";
          default -> "";
        };
    return java.text.Normalizer.normalize(letter + combining, java.text.Normalizer.Form.NFC);
  }

  private static int indexOfAny(String s, int from, char a, char b) {
    for (int i = from; i < s.length(); i++) {
      if (s.charAt(i) == a || s.charAt(i) == b) {
        return i;
      }
    }
    return -1;
  }

  /** The index of the bracket closing the one at {@code open}, or -1. */
  private static int matching(String s, int open) {
    char o = s.charAt(open);
    char c = o == '(' ? ')' : '}';
    int depth = 0;
    for (int i = open; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '\\') {
        i++;
      } else if (ch == o) {
        depth++;
      } else if (ch == c && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  // ---- RIS ----------------------------------------------------------------------------------

  static List<Reference> ris(String text, String from) {
    List<Reference> out = new ArrayList<>();
    Map<String, List<String>> tags = null;
    for (String line : text.replace("\uFEFF", "").split("\\r?\\n")) {
      Matcher m = RIS_LINE.matcher(line.stripTrailing());
      if (!m.matches()) {
        continue;
      }
      String tag = m.group(1);
      String value = m.group(2) == null ? "" : m.group(2).strip();
      if (tag.equals("TY")) {
        tags = new LinkedHashMap<>();
      } else if (tag.equals("ER")) {
        if (tags != null) {
          out.add(risReference(tags, from));
        }
        tags = null;
      } else if (tags != null && !value.isEmpty()) {
        tags.computeIfAbsent(tag, k -> new ArrayList<>()).add(value);
      }
    }
    return out;
  }

  private static Reference risReference(Map<String, List<String>> t, String from) {
    List<String> authors = new ArrayList<>();
    for (String tag : List.of("AU", "A1")) {
      t.getOrDefault(tag, List.of()).forEach(a -> authors.add(Reference.givenFirst(a)));
    }
    List<String> files = new ArrayList<>();
    for (String tag : List.of("L1", "L4", "L2")) {
      t.getOrDefault(tag, List.of()).forEach(f -> files.add(Reference.baseName(f)));
    }
    return new Reference(
        first(t, "ID"),
        firstOrNull(t, "TI", "T1"),
        List.copyOf(authors),
        year(firstOrNull(t, "PY", "Y1", "DA")),
        firstOrNull(t, "DO"),
        firstOrNull(t, "UR"),
        List.copyOf(files),
        from);
  }

  private static String first(Map<String, List<String>> t, String tag) {
    List<String> v = t.get(tag);
    return v == null || v.isEmpty() ? "" : v.getFirst();
  }

  private static String firstOrNull(Map<String, List<String>> t, String... tags) {
    for (String tag : tags) {
      List<String> v = t.get(tag);
      if (v != null && !v.isEmpty()) {
        return v.getFirst();
      }
    }
    return null;
  }

  // ---- CSL-JSON -----------------------------------------------------------------------------

  /**
   * The references of a CSL-JSON file: an array of items, an object with {@code items}, or one
   * item. A JSON file of another shape has none.
   */
  static List<Reference> cslJson(String text, String from) throws IOException {
    JsonNode root = MAPPER.readTree(text);
    JsonNode items =
        root == null ? null : root.isArray() ? root : root.has("items") ? root.get("items") : root;
    List<Reference> out = new ArrayList<>();
    if (items == null) {
      return out;
    }
    for (JsonNode item : items.isArray() ? items : List.of(items)) {
      if (!item.isObject() || !item.hasNonNull("title")) {
        continue;
      }
      List<String> authors = new ArrayList<>();
      for (JsonNode a : item.path("author")) {
        String family = a.path("family").asText("");
        String given = a.path("given").asText("");
        String literal = a.path("literal").asText("");
        String name = !family.isEmpty() ? (given + " " + family).strip() : literal;
        if (!name.isEmpty()) {
          authors.add(name);
        }
      }
      JsonNode issued = item.path("issued");
      JsonNode y = issued.path("date-parts").path(0).path(0);
      Integer year =
          y.canConvertToInt() && y.asInt() > 0 ? y.asInt() : year(issued.path("raw").asText(null));
      out.add(
          new Reference(
              item.path("id").asText(""),
              item.get("title").asText(),
              List.copyOf(authors),
              year,
              item.hasNonNull("DOI") ? item.get("DOI").asText() : null,
              item.hasNonNull("URL") ? item.get("URL").asText() : null,
              List.of(),
              from));
    }
    return out;
  }

  private static Integer year(String s) {
    if (s == null) {
      return null;
    }
    Matcher m = YEAR.matcher(s);
    return m.find() ? Integer.valueOf(m.group(1)) : null;
  }
}
