package io.kosmos.core.internal.text;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the YAML front matter of a markdown file ({@code SKILL.md}, prompt files): the text between
 * an opening and a closing {@code ---} line, which must be a mapping of keys to values. Callers
 * find the block; this reads it with real YAML and says where it is wrong, in lines of the whole
 * file.
 */
public final class FrontMatter {

  private static final YAMLMapper YAML =
      YAMLMapper.builder(new YAMLFactory())
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .build();

  private static final Pattern MARK = Pattern.compile("in 'reader', line (\\d+), column");

  private FrontMatter() {}

  /** What is wrong with a front matter block, and on which line of the file. */
  public static final class Problem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int line;

    Problem(int line, String message, Throwable cause) {
      super(message, cause);
      this.line = line;
    }

    /**
     * The line of the file, counting from 1.
     *
     * @return the line
     */
    public int line() {
      return line;
    }
  }

  /**
   * Reads a front matter block.
   *
   * @param yaml the text between the {@code ---} lines
   * @param firstLine the line of the file the block starts on, counting from 1
   * @return its keys and values; empty for an empty block
   * @throws Problem if the block is not YAML, or not a mapping, or repeats a key
   */
  public static ObjectNode read(String yaml, int firstLine) {
    JsonNode node;
    try {
      node = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new Problem(firstLine + line(e) - 1, describe(e), e);
    }
    if (node == null || node.isMissingNode() || node.isNull()) {
      return JsonNodeFactory.instance.objectNode();
    }
    if (!node.isObject()) {
      throw new Problem(
          firstLine,
          "expected 'key: value' lines, found '"
              + yaml.strip().lines().findFirst().orElse("")
              + "'",
          null);
    }
    return (ObjectNode) node;
  }

  /**
   * The line of the block the problem is on, counting from 1. The YAML parser's message names the
   * line of what it was reading ("while scanning a simple key ... line 2") before the line where it
   * gave up, which may be past the end; the first is the one to show.
   */
  private static int line(JsonProcessingException e) {
    Matcher m = MARK.matcher(e.getOriginalMessage());
    if (m.find()) {
      return Integer.parseInt(m.group(1));
    }
    JsonLocation at = e.getLocation();
    return at == null || at.getLineNr() < 1 ? 1 : at.getLineNr();
  }

  /** The YAML parser's problem in one line, without its excerpt of the text. */
  private static String describe(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    String first =
        message.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(message);
    String last =
        message
            .lines()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("in 'reader'") && !l.equals("^"))
            .reduce((a, b) -> b)
            .orElse(first);
    if (message.contains("while scanning a quoted scalar")) {
      return "unterminated quoted value (" + last + ")";
    }
    if (message.startsWith("Duplicate field")) {
      return "a key appears twice: " + first;
    }
    return first.equals(last) ? first : first + ": " + last;
  }

  /**
   * A value as text: scalars as they read, anything else (a list, a mapping) as JSON.
   *
   * @param node the value
   * @return the text
   */
  public static String text(JsonNode node) {
    return node.isValueNode() ? node.asText() : node.toString();
  }
}
