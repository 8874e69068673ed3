package io.kosmos.core.team.offline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Python the offline analyst runs, kept in resource files next to this class ({@code
 * python/*.py}) and pasted into the first cell of each task notebook, so that a person can re-run
 * the notebook in Jupyter with nothing hidden.
 */
final class PythonSource {

  /** A resource file of helper functions. */
  enum Module {
    /** Profiling, effect sizes, printing the machine-readable line, figures. */
    COMMON("common.py"),
    /** Reading real tables (delimiter, decimal comma, header, wide panels) and restricting rows. */
    TABLES("tables.py"),
    /** The test for each pair of variable kinds, with permutation and bootstrap checks. */
    PAIRS("pairs.py"),
    /** Adjustment, robustness, non-linearity, subgroups and joint models. */
    FOLLOW_UPS("followups.py"),
    /** The asked-about relation with a model that fits the outcome; interactions. */
    QUESTION("question.py");

    final String file;

    Module(String file) {
      this.file = file;
    }
  }

  private static final Map<Module, String> CACHE = new ConcurrentHashMap<>();

  private PythonSource() {}

  /**
   * The helper cell: the modules' source, in order.
   *
   * @param modules the modules the task needs
   * @return the Python source
   */
  static String helpers(List<Module> modules) {
    StringBuilder sb = new StringBuilder();
    for (Module m : modules) {
      if (!sb.isEmpty()) {
        sb.append("\n\n");
      }
      sb.append(CACHE.computeIfAbsent(m, PythonSource::load).strip()).append('\n');
    }
    return sb.toString();
  }

  private static String load(Module m) {
    String name = "python/" + m.file;
    try (InputStream in = PythonSource.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name + " next to PythonSource");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A Python string literal for a value (a column or file name), escaped so that any text is safe
   * inside code.
   *
   * @param value the text
   * @return the literal, in double quotes
   */
  static String str(String value) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '"' -> sb.append("\\\"");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  /**
   * A Python list of string literals.
   *
   * @param values the texts
   * @return the literal
   */
  static String list(List<String> values) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(str(values.get(i)));
    }
    return sb.append(']').toString();
  }

  /**
   * A Python dict of string literals.
   *
   * @param map the entries
   * @return the literal
   */
  static String dict(Map<String, String> map) {
    StringBuilder sb = new StringBuilder("{");
    boolean first = true;
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(map).entrySet()) {
      if (!first) {
        sb.append(", ");
      }
      first = false;
      sb.append(str(e.getKey())).append(": ").append(str(e.getValue()));
    }
    return sb.append('}').toString();
  }
}
