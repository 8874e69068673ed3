package io.kosmos.core.literature.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kosmos.core.internal.text.FrontMatter;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Markdown and plain-text papers. Markdown: an optional YAML front matter ({@code title},
 * {@code authors}, {@code year}, {@code doi}) and one section per heading ({@code section
 * Results}), the text before the first heading being the section {@code opening}; emphasis, code
 * marks and link targets are dropped from the text. Plain text: one section per paragraph ({@code
 * paragraph 2}), the first line as the title when it is short.
 */
final class TextReader {

  private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.+?)\\s*#*\\s*$");
  private static final Pattern LINK = Pattern.compile("!?\\[([^\\]]*)]\\([^)]*\\)");
  private static final Pattern EMPHASIS = Pattern.compile("(\\*\\*|__|\\*|`)");

  private TextReader() {}

  static String readUtf8(Path file) throws CorpusFileException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
          .toString()
          .replace("\uFEFF", "");
    } catch (CharacterCodingException e) {
      throw new CorpusFileException("is not UTF-8 text; save it as UTF-8", e);
    } catch (IOException e) {
      throw new CorpusFileException("cannot be read: " + e.getMessage(), e);
    }
  }

  static Extracted markdown(Path file) throws CorpusFileException {
    String text = readUtf8(file).replace("\r\n", "\n");
    Extracted.Builder b = new Extracted.Builder();
    List<String> lines = new ArrayList<>(text.lines().toList());
    if (!lines.isEmpty() && lines.getFirst().strip().equals("---")) {
      int end = -1;
      for (int i = 1; i < lines.size(); i++) {
        if (lines.get(i).strip().equals("---")) {
          end = i;
          break;
        }
      }
      if (end > 0) {
        frontMatter(String.join("\n", lines.subList(1, end)), b);
        lines = new ArrayList<>(lines.subList(end + 1, lines.size()));
      }
    }
    String locator = "opening";
    StringBuilder current = new StringBuilder();
    boolean fence = false;
    for (String line : lines) {
      if (line.strip().startsWith("```")) {
        fence = !fence;
        continue;
      }
      Matcher h = fence ? null : HEADING.matcher(line);
      if (h != null && h.matches()) {
        b.section(locator, Paragraphs.of(current.toString()));
        current.setLength(0);
        String heading = inline(h.group(2));
        if (b.title == null && h.group(1).length() == 1) {
          b.title = heading;
        }
        locator = "section " + heading;
        continue;
      }
      current.append(inline(line)).append('\n');
    }
    b.section(locator, Paragraphs.of(current.toString()));
    return b.build();
  }

  private static void frontMatter(String yaml, Extracted.Builder b) throws CorpusFileException {
    ObjectNode meta;
    try {
      meta = FrontMatter.read(yaml, 2);
    } catch (FrontMatter.Problem e) {
      throw new CorpusFileException("has front matter that is not YAML: " + e.getMessage(), e);
    }
    if (meta.hasNonNull("title")) {
      b.title = FrontMatter.text(meta.get("title")).strip();
    }
    JsonNode authors = meta.has("authors") ? meta.get("authors") : meta.get("author");
    if (authors != null && authors.isArray()) {
      List<String> names = new ArrayList<>();
      authors.forEach(a -> names.add(a.asText().strip()));
      b.authors = List.copyOf(names);
    } else if (authors != null && authors.isValueNode()) {
      b.authors = List.of(authors.asText().split("\\s*;\\s*|\\s+and\\s+"));
    }
    if (meta.hasNonNull("year") && meta.get("year").asText().matches("\\d{4}.*")) {
      b.year = Integer.parseInt(meta.get("year").asText().substring(0, 4));
    }
    if (meta.hasNonNull("doi")) {
      b.doi = meta.get("doi").asText().strip();
    }
  }

  private static String inline(String line) {
    return EMPHASIS.matcher(LINK.matcher(line).replaceAll("$1")).replaceAll("");
  }

  static Extracted plain(Path file) throws CorpusFileException {
    String text = readUtf8(file);
    List<String> paragraphs = Paragraphs.of(text);
    Extracted.Builder b = new Extracted.Builder();
    String first = text.strip().lines().findFirst().orElse("").strip();
    if (!first.isEmpty() && first.length() <= 200) {
      b.title = first;
    }
    for (int i = 0; i < paragraphs.size(); i++) {
      b.section("paragraph " + (i + 1), List.of(paragraphs.get(i)));
    }
    return b.build();
  }
}
