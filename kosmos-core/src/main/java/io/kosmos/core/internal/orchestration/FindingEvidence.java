package io.kosmos.core.internal.orchestration;

import io.kosmos.api.Citation;
import io.kosmos.api.Dataset;
import io.kosmos.api.Estimate;
import io.kosmos.api.ExecutedCell;
import io.kosmos.api.Finding;
import io.kosmos.api.FindingKind;
import io.kosmos.api.Statistics;
import io.kosmos.api.ValidationResult;
import io.kosmos.core.internal.numbers.PrintedNumbers;
import io.kosmos.core.internal.numbers.StatementNumbers;
import io.kosmos.core.internal.stats.ResultLine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The engine's own checks that a data-analysis finding rests on numbers the notebook computed, made
 * before any validator sees it and whatever the team (docs/llm-agents.md, "Numbers are computed,
 * not typed"):
 *
 * <ul>
 *   <li><b>typed, not computed</b>: a statistic (test statistic, p value, effect, CI bound, an
 *       estimate's numbers) that appears as a numeric literal in the code of a cited cell or a cell
 *       before it, and that no earlier cell printed, was typed in: {@code rho = 0.912345} then
 *       {@code print(rho)}. A literal counts when it has three or more significant digits and the
 *       statistic rounds to it, or two and the statistic equals it; round numbers ({@code 0.05},
 *       {@code 1e-3}, integers) are settings and nines ({@code 0.999999999}) are bounds, not
 *       results;
 *   <li><b>the claim's numbers</b> (of a finding with a p value or an effect): every result number
 *       of the claim (not a setting such as "q = 0.05" or the "95" of "95% CI") is one of the
 *       finding's statistics, or a number a cited cell printed or used as a literal (a threshold, a
 *       year), within its printed precision;
 *   <li><b>variables</b>: every variable names a column of a dataset (its header or dictionary) or
 *       a name the task's cells wrote or printed (a derived column);
 *   <li><b>consistent statistics</b>: {@link Statistics#inconsistencies()} (an effect outside its
 *       own CI).
 * </ul>
 *
 * A finding that fails any of them is kept, not validated, with {@link #VALIDATOR} as its validator
 * and the reasons; a later reassessment does not revise it.
 */
public final class FindingEvidence {

  /** The validator name of a finding refused by these checks. */
  public static final String VALIDATOR = "evidence";

  /** Literals of Python code: decimals and exponents (integers are settings: sizes, seeds). */
  private static final Pattern LITERAL =
      Pattern.compile("(?<![\\w.])(\\d+\\.\\d+(?:[eE][-+]?\\d+)?|\\d+(?:\\.\\d+)?[eE][-+]?\\d+)");

  private static final int HEADER_BYTES = 64 * 1024;

  /** Constants of statistics code: quantiles of the normal and scale factors, not results. */
  private static final java.util.Set<Double> CONSTANTS =
      java.util.Set.of(1.96, 1.645, 2.576, 2.58, 3.29, 0.975, 0.025, 0.995, 0.6745, 1.4826);

  private final List<ExecutedCell> cells;
  private final String ownNotebook;
  private final String names;

  /**
   * Checks for the findings of one task.
   *
   * @param cells the task's executed cells, in order
   * @param ownNotebook the task's notebook path as citations give it
   * @param datasets the run's datasets (their headers and dictionaries name the columns)
   */
  FindingEvidence(List<ExecutedCell> cells, String ownNotebook, List<Dataset> datasets) {
    this.cells = List.copyOf(cells);
    this.ownNotebook = ownNotebook;
    StringBuilder sb = new StringBuilder();
    for (Dataset d : datasets) {
      sb.append(head(d)).append('\n');
      d.dictionary().keySet().forEach(k -> sb.append(k).append('\n'));
    }
    for (ExecutedCell c : this.cells) {
      sb.append(c.code()).append('\n').append(c.result().text()).append('\n');
    }
    this.names = sb.toString().toLowerCase(Locale.ROOT);
  }

  /**
   * Whether a finding was refused by these checks (and so stays not validated).
   *
   * @param f the finding
   * @return whether its validation is this check's refusal
   */
  public static boolean refused(Finding f) {
    ValidationResult v = f.validation();
    return v != null && !v.passed() && VALIDATOR.equals(v.validator());
  }

  /** The refusal of a finding for these problems. */
  static ValidationResult refusal(List<String> problems) {
    return new ValidationResult(VALIDATOR, false, 0, Map.of(), problems);
  }

  /**
   * What is wrong with a finding's evidence.
   *
   * @param f the finding
   * @return one sentence per problem; empty when it holds
   */
  List<String> problems(Finding f) {
    if (f.kind() != FindingKind.DATA_ANALYSIS) {
      return List.of();
    }
    List<String> problems = new ArrayList<>();
    List<ExecutedCell> cited = cited(f);
    Statistics s = f.statistics();
    if (s != null) {
      problems.addAll(s.inconsistencies());
      if (!cited.isEmpty()) {
        typed(s, cited, problems);
      }
    }
    if (s != null && (s.pValue() != null || s.effectSize() != null)) {
      // a descriptive finding's counts ("10 continuous columns") are read from tables its cells
      // printed, which this check cannot count; its statistics are still traced above
      claimNumbers(f, cited, problems);
    }
    for (String v : f.variables()) {
      if (!v.isBlank() && !named(v.strip())) {
        problems.add(
            "its variable '"
                + v.strip()
                + "' is neither a column of the data nor a name the task's cells wrote");
      }
    }
    return problems;
  }

  /** The task's own cells a finding cites. */
  private List<ExecutedCell> cited(Finding f) {
    List<ExecutedCell> out = new ArrayList<>();
    for (Citation c : f.citations()) {
      if (c instanceof Citation.NotebookCell cell && cell.notebookPath().equals(ownNotebook)) {
        for (ExecutedCell e : cells) {
          if (e.index() == cell.cellIndex()) {
            out.add(e);
          }
        }
      }
    }
    return out;
  }

  /** The statistics that were typed into a cell's code rather than computed. */
  private void typed(Statistics s, List<ExecutedCell> cited, List<String> problems) {
    int last = cited.stream().mapToInt(ExecutedCell::index).max().orElse(-1);
    for (Map.Entry<String, Double> e : values(s).entrySet()) {
      double v = e.getValue();
      for (ExecutedCell c : cells) {
        if (c.index() > last) {
          break;
        }
        String line = typedLine(c.code(), v);
        if (line != null && !printedBefore(c.index(), v)) {
          problems.add(
              "its "
                  + e.getKey()
                  + " "
                  + v
                  + " was typed into the code of cell "
                  + c.index()
                  + " ("
                  + clip(line.strip())
                  + "), not computed from the data");
          break;
        }
      }
    }
  }

  /** The statistics a cell must compute, named. */
  private static Map<String, Double> values(Statistics s) {
    Map<String, Double> out = new LinkedHashMap<>();
    put(out, "test statistic", s.statistic());
    put(out, "p value", s.pValue());
    put(out, "effect size", s.effectSize());
    put(out, "CI lower bound", s.ciLow());
    put(out, "CI upper bound", s.ciHigh());
    for (Estimate e : s.estimates()) {
      put(out, "'" + e.label() + "' effect", e.effectSize());
      put(out, "'" + e.label() + "' p value", e.pValue());
      put(out, "'" + e.label() + "' CI lower bound", e.ciLow());
      put(out, "'" + e.label() + "' CI upper bound", e.ciHigh());
    }
    return out;
  }

  private static void put(Map<String, Double> out, String name, @Nullable Double v) {
    if (v != null && Double.isFinite(v) && v != 0) {
      out.putIfAbsent(name, v);
    }
  }

  /** The line of code holding a literal the value is, or {@code null}. */
  static @Nullable String typedLine(String code, double value) {
    for (String line : code.split("\n", -1)) {
      var m = LITERAL.matcher(withoutComment(line));
      while (m.find()) {
        String digits = m.group(1);
        double literal = Double.parseDouble(digits);
        java.math.BigDecimal mantissa =
            new java.math.BigDecimal(digits.toLowerCase(Locale.ROOT).split("e")[0])
                .stripTrailingZeros();
        if (mantissa.unscaledValue().toString().matches("9+") || CONSTANTS.contains(literal)) {
          continue; // a bound (r clamped to 0.999999999) or a constant (z of 1.96), not a result
        }
        int significant = mantissa.precision();
        double a = Math.abs(value);
        boolean same =
            significant >= 3
                ? Math.abs(a - literal) <= PrintedNumbers.halfUlp(digits) * (1 + 1e-9)
                : significant == 2 && Math.abs(a - literal) <= 1e-9 * literal;
        if (same) {
          return line;
        }
      }
    }
    return null;
  }

  /** A line of Python without its comment (a '#' outside quotes). */
  static String withoutComment(String line) {
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quote != 0) {
        if (ch == '\\') {
          i++;
        } else if (ch == quote) {
          quote = 0;
        }
      } else if (ch == '\'' || ch == '"') {
        quote = ch;
      } else if (ch == '#') {
        return line.substring(0, i);
      }
    }
    return line;
  }

  /** Whether a cell before this one printed the value (it was computed, then reused). */
  private boolean printedBefore(int index, double value) {
    for (ExecutedCell c : cells) {
      if (c.index() >= index) {
        return false;
      }
      for (PrintedNumbers.Printed p : PrintedNumbers.scan(c.result().text())) {
        if (p.matchesExact(value) || p.matchesExact(-value)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The claim's result numbers that neither its statistics nor its cells hold. */
  private void claimNumbers(Finding f, List<ExecutedCell> cited, List<String> problems) {
    List<Double> exact = new ArrayList<>();
    Statistics s = f.statistics();
    if (s != null) {
      exact.addAll(values(s).values());
      for (Double d : new Double[] {s.adjustedP(), s.pValue()}) {
        if (d != null) {
          exact.add(d);
        }
      }
      if (s.n() != null) {
        exact.add(s.n().doubleValue());
      }
      exact.addAll(s.extra().values());
      s.estimates().stream().filter(e -> e.n() != null).forEach(e -> exact.add(e.n() * 1.0));
    }
    List<PrintedNumbers.Printed> printed = new ArrayList<>();
    for (ExecutedCell c : cited) {
      String text = c.result().text();
      printed.addAll(PrintedNumbers.scan(text));
      // a literal of the code (a threshold, a year) is exact: the claim must round to it
      for (String line : c.code().split("\n", -1)) {
        PrintedNumbers.scan(withoutComment(line)).forEach(q -> exact.add(q.value()));
      }
      ResultLine.parse(text).ifPresent(j -> PrintedNumbers.json(j, exact));
    }
    List<String> unheld = new ArrayList<>();
    for (StatementNumbers.Token t : StatementNumbers.of(f.claim())) {
      if (t.kind() == StatementNumbers.Kind.SETTING
          || t.kind() == StatementNumbers.Kind.TEST_COUNT) {
        continue;
      }
      PrintedNumbers.Printed p = t.printed();
      boolean held =
          exact.stream().anyMatch(v -> p.matchesExact(v) || p.matchesExact(-v))
              || printed.stream().anyMatch(q -> p.matchesPrinted(q) || sameAbs(p, q));
      if (!held) {
        unheld.add(p.text());
      }
    }
    if (!unheld.isEmpty()) {
      problems.add(
          "its claim states "
              + String.join(", ", unheld)
              + ", which neither its statistics nor its cited cells hold");
    }
  }

  private static boolean sameAbs(PrintedNumbers.Printed a, PrintedNumbers.Printed b) {
    return Math.abs(Math.abs(a.value()) - Math.abs(b.value())) < (a.halfUlp() + b.halfUlp());
  }

  /** Whether a variable is named by the data or the task's cells. */
  private boolean named(String variable) {
    String v = variable.toLowerCase(Locale.ROOT);
    String quoted = Pattern.quote(v);
    String left = Character.isLetterOrDigit(v.charAt(0)) || v.charAt(0) == '_' ? "(?<![\\w])" : "";
    char end = v.charAt(v.length() - 1);
    String right = Character.isLetterOrDigit(end) || end == '_' ? "(?![\\w])" : "";
    return Pattern.compile(left + quoted + right).matcher(names).find();
  }

  /** The first bytes of a dataset as text: its header, wherever the preamble puts it. */
  private static String head(Dataset d) {
    try (InputStream in = Files.newInputStream(d.path())) {
      return new String(in.readNBytes(HEADER_BYTES), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  private static String clip(String s) {
    return s.length() <= 80 ? s : s.substring(0, 79) + "…";
  }

  /** What makes two findings of one task the same: the cells they cite and their numbers. */
  static String key(Finding f) {
    Statistics s = f.statistics();
    String numbers =
        s == null
            ? "claim:" + f.claim().strip().toLowerCase(Locale.ROOT)
            : s.test().strip().toLowerCase(Locale.ROOT)
                + "|"
                + s.statistic()
                + "|"
                + s.pValue()
                + "|"
                + s.effectSize()
                + "|"
                + s.n()
                + "|"
                + s.ciLow()
                + "|"
                + s.ciHigh()
                + "|"
                + s.estimates().size();
    List<String> cites = f.citations().stream().map(Citation::label).sorted().distinct().toList();
    return f.kind() + "|" + cites + "|" + f.scope() + "|" + numbers;
  }
}
