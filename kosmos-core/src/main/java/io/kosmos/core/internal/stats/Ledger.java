package io.kosmos.core.internal.stats;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.kosmos.api.WorldModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The run's record of every statistical test and every follow-up verdict, kept in the world model's
 * notes so that it survives resumes and is the same for every reader.
 *
 * <ul>
 *   <li>{@code tests:<task id>}: every test the task ran, significant or not, with its raw p value
 *       and, when it became a finding, the finding's position in the task's result (the engine
 *       names it {@code F-<task id>-<position>}). Benjamini–Hochberg runs over all of them.
 *   <li>{@code checks:<task id>}: the verdicts of follow-ups about a pair (confounding, robustness,
 *       non-linearity, subgroups, joint model), which the validator applies to the pair's screening
 *       findings.
 *   <li>{@code profile:<dataset>}: the data profile made in the sandbox.
 * </ul>
 *
 * <p>Keys are per task, so parallel tasks never overwrite each other's notes. The offline analyses
 * write the entries ({@code AnalysisRun}); the validator and the planner read them. While a task
 * commits its notes are not in the world yet: the validator reads them from {@link
 * io.kosmos.api.ValidationContext#taskNotes()}.
 */
public final class Ledger {

  public static final String TESTS = "tests:";
  public static final String CHECKS = "checks:";
  public static final String PROFILE = "profile:";

  private Ledger() {}

  /**
   * One test.
   *
   * @param task the task that ran it
   * @param kind screen, confounding, robustness, nonlinearity, subgroups or model
   * @param dataset the dataset
   * @param x the first variable (the predictor when one side is the outcome)
   * @param y the second variable (the outcome when one side is the outcome)
   * @param test the test's name
   * @param p the raw p value
   * @param effect the effect size, or {@code null}
   * @param measure the effect measure, or {@code null}
   * @param rEquivalent the effect as a correlation, or {@code null}
   * @param direction positive, negative, unspecified or none
   * @param finding the finding's position in the task result, from 1, or 0 if none
   * @param counted whether the test counts in the false discovery rate family ({@code false} for a
   *     finding that repeats a test already counted, for example a robustness check that removed no
   *     point); {@code null} means counted
   * @param cell the index of the notebook cell that printed the test's result line, or {@code null}
   *     (runs before verification existed); {@code kosmos verify} re-reads the p value there
   * @param part where in that result line the test is: {@code null} for the line's own {@code p},
   *     {@code tests/<i>} for the i-th of a question's tests, {@code terms/<variable>} for a term
   *     of a joint model
   * @param by a third variable the test is about (a moderator, an interaction's partner), or {@code
   *     null}
   */
  public record TestEntry(
      String task,
      String kind,
      String dataset,
      String x,
      String y,
      String test,
      double p,
      Double effect,
      String measure,
      Double rEquivalent,
      String direction,
      int finding,
      Boolean counted,
      Integer cell,
      String part,
      String by) {

    /** A test recorded without its cell (as runs recorded them before verification existed). */
    public TestEntry(
        String task,
        String kind,
        String dataset,
        String x,
        String y,
        String test,
        double p,
        Double effect,
        String measure,
        Double rEquivalent,
        String direction,
        int finding,
        Boolean counted) {
      this(
          task,
          kind,
          dataset,
          x,
          y,
          test,
          p,
          effect,
          measure,
          rEquivalent,
          direction,
          finding,
          counted,
          null,
          null,
          null);
    }

    /** Whether it counts in the family. */
    public boolean inFamily() {
      return counted == null || counted;
    }

    /** The engine's id of the finding this test became, or {@code null}. */
    public String findingId() {
      return finding > 0 ? "F-" + task + "-" + finding : null;
    }

    /** The unordered pair. */
    public PairKey pair() {
      return PairKey.of(dataset, x, y);
    }
  }

  /**
   * A follow-up verdict about a pair.
   *
   * @param task the task
   * @param kind confounding, robustness, nonlinearity, subgroups or model
   * @param dataset the dataset
   * @param x the first variable
   * @param y the second variable
   * @param verdict for example explained, reversed, attenuated, persists, robust, fragile
   * @param by the main confounder or the stratifier, or {@code null}
   * @param detail a sentence with the numbers, for reasons and the report
   * @param finding the finding that records the follow-up, as its engine id, or {@code null}
   */
  public record CheckEntry(
      String task,
      String kind,
      String dataset,
      String x,
      String y,
      String verdict,
      String by,
      String detail,
      String finding) {

    /** The unordered pair. */
    public PairKey pair() {
      return PairKey.of(dataset, x, y);
    }
  }

  /**
   * A pair of columns of a dataset, in a canonical order.
   *
   * @param dataset the dataset
   * @param a the lesser name
   * @param b the greater name
   */
  public record PairKey(String dataset, String a, String b) {
    public static PairKey of(String dataset, String x, String y) {
      return x.compareTo(y) <= 0 ? new PairKey(dataset, x, y) : new PairKey(dataset, y, x);
    }
  }

  /** Every test of the run recorded in the notes, in note-key order. */
  public static List<TestEntry> tests(WorldModel world) {
    return tests(world.notes());
  }

  /** Every follow-up verdict of the run recorded in the notes. */
  public static List<CheckEntry> checks(WorldModel world) {
    return checks(world.notes());
  }

  /** Every test recorded in some notes (a task's, for example), in note-key order. */
  public static List<TestEntry> tests(Map<String, String> notes) {
    return read(notes, TESTS, "tests", TestEntry.class);
  }

  /** Every follow-up verdict recorded in some notes. */
  public static List<CheckEntry> checks(Map<String, String> notes) {
    return read(notes, CHECKS, "checks", CheckEntry.class);
  }

  public static <T> List<T> read(
      Map<String, String> notes, String prefix, String field, Class<T> type) {
    List<T> out = new ArrayList<>();
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(notes).entrySet()) {
      if (!e.getKey().startsWith(prefix)) {
        continue;
      }
      try {
        JsonNode node = ResultLine.JSON.readTree(e.getValue()).get(field);
        if (node != null) {
          for (JsonNode item : node) {
            out.add(ResultLine.JSON.treeToValue(item, type));
          }
        }
      } catch (JsonProcessingException ex) {
        // A note another team wrote under the same prefix: not ours to read.
      }
    }
    return out;
  }

  /** The notes a task leaves. */
  public static Map<String, String> notes(
      String taskId, List<TestEntry> tests, List<CheckEntry> checks) {
    Map<String, String> notes = new LinkedHashMap<>();
    try {
      if (!tests.isEmpty()) {
        notes.put(
            TESTS + taskId,
            ResultLine.JSON.writeValueAsString(Map.of("task", taskId, "tests", tests)));
      }
      if (!checks.isEmpty()) {
        notes.put(
            CHECKS + taskId,
            ResultLine.JSON.writeValueAsString(Map.of("task", taskId, "checks", checks)));
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return notes;
  }

  /**
   * A confounder adjustment's verdict judged against the false discovery rate of the whole run. The
   * sandbox decides "attenuated" (shrank by more than half, still p &lt; alpha) and "reversed"
   * (changed sign, still p &lt; alpha) on the adjusted test's raw p; when that test does not
   * survive Benjamini-Hochberg over every test of the run, nothing significant remains after the
   * adjustment and the association is explained away.
   *
   * @param c the check
   * @param adjustedP the run-wide adjusted p of the adjusted test, or {@code null} if unknown
   * @param q the false discovery rate
   * @return the verdict to act on
   */
  public static String verdict(CheckEntry c, Double adjustedP, double q) {
    if (c.kind().equals("confounding")
        && (c.verdict().equals("attenuated") || c.verdict().equals("reversed"))
        && adjustedP != null
        && adjustedP > q) {
      return "explained";
    }
    return c.verdict();
  }

  /** The test a finding came from, if the ledger has it. */
  public static TestEntry testOf(List<TestEntry> tests, String findingId) {
    for (TestEntry t : tests) {
      if (Objects.equals(t.findingId(), findingId)) {
        return t;
      }
    }
    return null;
  }
}
