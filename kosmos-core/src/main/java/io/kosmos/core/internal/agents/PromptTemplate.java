package io.kosmos.core.internal.agents;

import io.kosmos.core.internal.text.FrontMatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One prompt file: YAML front matter ({@code version} required, {@code name} and {@code
 * description} optional) and a body with a deliberately tiny template language, so that a prompt
 * file can never run code:
 *
 * <ul>
 *   <li>{@code {{name}}} is replaced by the value of {@code name};
 *   <li>{@code {{#name}} ... {{/name}}} is kept only when {@code name} is not blank;
 *   <li>{@code {{^name}} ... {{/name}}} is kept only when {@code name} is blank.
 * </ul>
 *
 * <p>Values are inserted as they are and never scanned again, so text that came from data or from a
 * model ("{{x}}" in a cell output, say) stays text. A template names only variables its prompt
 * declares; anything else fails when the file is loaded, with the file and the line.
 */
public final class PromptTemplate {

  private static final Pattern TAG =
      Pattern.compile("\\{\\{\\s*([#^/]?)\\s*([A-Za-z][A-Za-z0-9_]*)\\s*}}");

  private sealed interface Node permits Text, Var, Section {}

  private record Text(String text) implements Node {}

  private record Var(String name) implements Node {}

  private record Section(String name, boolean inverted, List<Node> children) implements Node {}

  private final String source;
  private final int version;
  private final Map<String, String> frontMatter;
  private final List<Node> nodes;
  private final Set<String> variables;

  private PromptTemplate(
      String source, int version, Map<String, String> frontMatter, List<Node> nodes) {
    this.source = source;
    this.version = version;
    this.frontMatter = Collections.unmodifiableMap(frontMatter);
    this.nodes = nodes;
    Set<String> used = new LinkedHashSet<>();
    collect(nodes, used);
    this.variables = Collections.unmodifiableSet(used);
  }

  /**
   * Parses a prompt file.
   *
   * @param source where it came from, for messages
   * @param text the file's content
   * @return the template
   * @throws IllegalArgumentException if the front matter or a tag is malformed
   */
  public static PromptTemplate parse(String source, String text) {
    Objects.requireNonNull(source, "source");
    String normalized = text.replace("\r\n", "\n");
    if (normalized.startsWith("\uFEFF")) {
      normalized = normalized.substring(1);
    }
    if (!normalized.startsWith("---\n")) {
      throw new IllegalArgumentException(
          source + ": a prompt file starts with front matter: a line '---', 'version: 1', '---'");
    }
    int end = normalized.indexOf("\n---\n", 3);
    if (end < 0) {
      throw new IllegalArgumentException(source + ": the front matter has no closing '---' line");
    }
    Map<String, String> front = new LinkedHashMap<>();
    try {
      FrontMatter.read(normalized.substring(4, end + 1), 2)
          .properties()
          .forEach(e -> front.put(e.getKey(), FrontMatter.text(e.getValue())));
    } catch (FrontMatter.Problem p) {
      throw new IllegalArgumentException(
          source + " line " + p.line() + ": the front matter is not valid YAML: " + p.getMessage(),
          p);
    }
    String versionText = front.get("version");
    if (versionText == null) {
      throw new IllegalArgumentException(source + ": the front matter needs 'version: <number>'");
    }
    int version;
    try {
      version = Integer.parseInt(versionText.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          source + ": version must be a whole number, was '" + versionText + "'");
    }
    if (version < 1) {
      throw new IllegalArgumentException(source + ": version must be 1 or more, was " + version);
    }
    int bodyStart = end + "\n---\n".length();
    String body = normalized.substring(bodyStart);
    int bodyLine = (int) normalized.substring(0, bodyStart).chars().filter(c -> c == '\n').count();
    return new PromptTemplate(source, version, front, parseBody(source, body, bodyLine));
  }

  private static List<Node> parseBody(String source, String body, int firstLine) {
    Deque<List<Node>> stack = new ArrayDeque<>();
    Deque<String> open = new ArrayDeque<>();
    Deque<Boolean> inverted = new ArrayDeque<>();
    List<Node> root = new ArrayList<>();
    List<Node> current = root;
    Matcher m = TAG.matcher(body);
    int pos = 0;
    while (m.find()) {
      if (m.start() > pos) {
        current.add(new Text(body.substring(pos, m.start())));
      }
      String kind = m.group(1);
      String name = m.group(2);
      switch (kind) {
        case "" -> current.add(new Var(name));
        case "#", "^" -> {
          stack.push(current);
          open.push(name);
          inverted.push(kind.equals("^"));
          current = new ArrayList<>();
        }
        default -> {
          if (open.isEmpty() || !open.peek().equals(name)) {
            throw new IllegalArgumentException(
                source
                    + " line "
                    + line(body, m.start(), firstLine)
                    + ": {{/"
                    + name
                    + "}} closes "
                    + (open.isEmpty() ? "no open section" : "section '" + open.peek() + "'"));
          }
          Section section = new Section(open.pop(), inverted.pop(), List.copyOf(current));
          current = stack.pop();
          current.add(section);
        }
      }
      pos = m.end();
    }
    if (!open.isEmpty()) {
      throw new IllegalArgumentException(
          source + ": section '" + open.peek() + "' is never closed with {{/" + open.peek() + "}}");
    }
    if (pos < body.length()) {
      current.add(new Text(body.substring(pos)));
    }
    String leftover = body.replaceAll(TAG.pattern(), "");
    int stray = leftover.indexOf("{{");
    if (stray >= 0) {
      throw new IllegalArgumentException(
          source
              + ": a '{{' that is not a valid tag (tags are {{name}}, {{#name}}, {{^name}},"
              + " {{/name}})");
    }
    return List.copyOf(root);
  }

  private static int line(String body, int offset, int firstLine) {
    int n = firstLine + 1;
    for (int i = 0; i < offset; i++) {
      if (body.charAt(i) == '\n') {
        n++;
      }
    }
    return n;
  }

  private static void collect(List<Node> nodes, Set<String> out) {
    for (Node n : nodes) {
      switch (n) {
        case Text t -> {}
        case Var v -> out.add(v.name());
        case Section s -> {
          out.add(s.name());
          collect(s.children(), out);
        }
      }
    }
  }

  /**
   * Renders the body.
   *
   * @param values every variable the template uses
   * @return the text, with runs of three or more newlines reduced to two
   * @throws IllegalStateException if a variable the template uses has no value
   */
  public String render(Map<String, String> values) {
    StringBuilder sb = new StringBuilder();
    render(nodes, values, sb);
    return sb.toString().replaceAll("\n{3,}", "\n\n").strip();
  }

  private void render(List<Node> list, Map<String, String> values, StringBuilder sb) {
    for (Node n : list) {
      switch (n) {
        case Text t -> sb.append(t.text());
        case Var v -> sb.append(value(values, v.name()));
        case Section s -> {
          boolean present = !value(values, s.name()).isBlank();
          if (present != s.inverted()) {
            render(s.children(), values, sb);
          }
        }
      }
    }
  }

  private String value(Map<String, String> values, String name) {
    String v = values.get(name);
    if (v == null) {
      throw new IllegalStateException(source + " uses {{" + name + "}} but no value was given");
    }
    return v;
  }

  /**
   * The file's version.
   *
   * @return the version from the front matter
   */
  public int version() {
    return version;
  }

  /**
   * Where the template came from.
   *
   * @return the source
   */
  public String source() {
    return source;
  }

  /**
   * The front matter.
   *
   * @return key to value
   */
  public Map<String, String> frontMatter() {
    return frontMatter;
  }

  /**
   * The variables the template uses.
   *
   * @return the names
   */
  public Set<String> variables() {
    return variables;
  }
}
