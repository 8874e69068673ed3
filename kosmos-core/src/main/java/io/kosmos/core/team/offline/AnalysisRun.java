package io.kosmos.core.team.offline;

import com.fasterxml.jackson.databind.JsonNode;
import io.kosmos.api.AnalysisContext;
import io.kosmos.api.Dataset;
import io.kosmos.api.ExecutedCell;
import io.kosmos.api.Finding;
import io.kosmos.api.Hypothesis;
import io.kosmos.api.InvalidInputException;
import io.kosmos.api.KosmosException;
import io.kosmos.api.Task;
import io.kosmos.api.TaskResult;
import io.kosmos.core.internal.stats.BenjaminiHochberg;
import io.kosmos.core.internal.stats.Ledger;
import io.kosmos.core.internal.stats.Profile;
import io.kosmos.core.internal.stats.ResultLine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One data-analysis task of the offline analyst while it runs: the plumbing every {@link Analysis}
 * shares. It opens the task notebook (the helper cell, then the cell that loads and profiles the
 * dataset), runs the analyses' cells and reads their result lines, numbers and cites the findings,
 * records every test and follow-up verdict for the ledger, and at the end turns all of it into the
 * task's {@link TaskResult}: findings with a provisional adjusted p, the ledger notes, and a
 * summary made of the lines the analyses wrote.
 *
 * <p>Not thread-safe: one instance serves one task, on the thread that runs it.
 */
final class AnalysisRun {

  /**
   * A cell that printed a usable result line.
   *
   * @param cell the executed cell, which the finding cites
   * @param json its result line
   */
  record CellResult(ExecutedCell cell, JsonNode json) {}

  private final AnalysisContext ctx;
  private final Dataset dataset;
  private final Task task;
  private final Options options;
  private final String outcome;
  private Profile profile;
  private String profileJson;
  private ExecutedCell profileCell;
  private ExecutedCell readCell;
  private final List<Finding> findings = new ArrayList<>();
  private final List<Hypothesis> hypotheses = new ArrayList<>();
  private final Map<String, String> localHypotheses = new LinkedHashMap<>();
  private final List<Ledger.TestEntry> tests = new ArrayList<>();
  private final List<Ledger.CheckEntry> checks = new ArrayList<>();
  private final List<String> lines = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();
  private final List<String> questions = new ArrayList<>();

  AnalysisRun(AnalysisContext ctx, Dataset dataset, Options options) {
    this.ctx = ctx;
    this.dataset = dataset;
    this.task = ctx.task();
    this.options = options;
    this.outcome = task.parameters().get("outcome");
  }

  AnalysisContext context() {
    return ctx;
  }

  Dataset dataset() {
    return dataset;
  }

  Task task() {
    return task;
  }

  Options options() {
    return options;
  }

  /** The outcome the planner named for the dataset, or {@code null}. */
  String outcome() {
    return outcome;
  }

  /** The profile made in the sandbox by {@link #start}. */
  Profile profile() {
    return profile;
  }

  /** The cell that loaded and profiled the data. */
  ExecutedCell profileCell() {
    return profileCell;
  }

  /** The profile's result line as the sandbox printed it (with how the file was read). */
  JsonNode profileNode() {
    try {
      return ResultLine.JSON.readTree(profileJson);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The cell that read the data file (and reshaped a wide panel). */
  ExecutedCell readCell() {
    return readCell;
  }

  /** The pairs the task names. */
  List<List<String>> pairs() {
    return WorkState.pairs(task);
  }

  /**
   * Loads the helper functions and then the data, and profiles it.
   *
   * @param work the kind of work, named in the notebook's first cell
   * @param modules the helper modules the analysis calls
   * @throws KosmosException if the helpers fail to load
   * @throws InvalidInputException if the data cannot be loaded or profiled
   */
  void start(Work work, List<PythonSource.Module> modules) {
    ctx.markdown(
        "**Kosmos offline statistical scientist**, task "
            + task.id()
            + " ("
            + work.id()
            + ").\n\n"
            + task.description()
            + "\n\nThe next cell defines the helper functions this notebook uses; run it first."
            + " Random procedures are seeded from the task id, so a re-run gives the same"
            + " numbers.");
    ExecutedCell helpers = ctx.run(PythonSource.helpers(modules));
    if (!helpers.result().isOk()) {
      throw new KosmosException(
          "the helper functions failed to load in the sandbox: "
              + helpers.result().errorOutput().map(e -> e.name() + ": " + e.value()).orElse("?"));
    }
    readCell = ctx.run("DATA, READ = read_table(" + PythonSource.str(dataset.mountPath()) + ")");
    if (!readCell.result().isOk()) {
      throw new InvalidInputException(
          dataset.name()
              + " could not be read in the sandbox: "
              + readCell.result().errorOutput().map(e -> e.name() + ": " + e.value()).orElse("?"));
    }
    String restrict = task.parameters().getOrDefault("restrict", "");
    profileCell =
        ctx.run(
            (restrict.isBlank()
                    ? ""
                    : "DATA = restrict_rows(DATA, READ, "
                        + restrict
                        + ", dictionary="
                        + PythonSource.dict(dataset.dictionary())
                        + ")\n")
                + "PROFILE = profile_table(DATA, "
                + PythonSource.str(dataset.name())
                + ", dictionary="
                + PythonSource.dict(dataset.dictionary())
                + ", reading=READ)\nshow_profile(PROFILE)");
    ResultLine.Outcome out = ResultLine.of(profileCell);
    if (!out.ok()) {
      String error =
          profileCell
              .result()
              .errorOutput()
              .map(e -> e.name() + ": " + e.value())
              .orElse(out.failure());
      throw new InvalidInputException(
          dataset.name() + " could not be loaded and profiled in the sandbox: " + error);
    }
    profileJson = out.json().toString();
    profile = Profile.parse(out.json());
  }

  // ---- cells ---------------------------------------------------------------------------------

  /**
   * The Python expression of a seed for a random procedure: the run's seed, the task id and the
   * parts, so that a re-run of the notebook gives the same numbers.
   */
  String seed(String... parts) {
    StringBuilder sb =
        new StringBuilder("seed_for(")
            .append(options.seed())
            .append(", ")
            .append(PythonSource.str(task.id()));
    for (String p : parts) {
      sb.append(", ").append(PythonSource.str(p));
    }
    return sb.append(')').toString();
  }

  /** Adds a markdown cell. */
  void heading(String markdown) {
    ctx.markdown(markdown);
  }

  /** Runs a cell whose result does not matter to the analysis (a figure). */
  ExecutedCell run(String code) {
    return ctx.run(code);
  }

  /**
   * Runs a cell that prints a result line.
   *
   * @param code the code
   * @param what what the cell computes, for the summary if it fails ("x ~ y")
   * @return the cell and its result, or {@code null} when it failed or printed no usable line (the
   *     failure is then kept for the summary)
   */
  CellResult compute(String code, String what) {
    ExecutedCell cell = ctx.run(code);
    ResultLine.Outcome out = ResultLine.of(cell);
    if (!out.ok()) {
      failures.add(what + ": " + out.failure());
      return null;
    }
    return new CellResult(cell, out.json());
  }

  /**
   * Why a pair cannot be tested: a column the dataset lacks or one the profile set aside.
   *
   * @return the reason, or {@code null} when both columns are usable
   */
  String skipReason(String x, String y) {
    for (String c : List.of(x, y)) {
      var col = profile.column(c);
      if (col.isEmpty()) {
        return c + " is not a column of " + dataset.name();
      }
      if (!col.get().usable()) {
        return c + " is set aside (" + profile.setAside().get(c) + ")";
      }
    }
    return null;
  }

  /** Whether a pair cannot be tested; if so, the summary says why. */
  boolean skipped(String x, String y) {
    String skip = skipReason(x, y);
    if (skip != null) {
      lines.add("Skipped " + x + " ~ " + y + ": " + skip + ".");
    }
    return skip != null;
  }

  // ---- what the task reports -----------------------------------------------------------------

  /** Adds a line to the task's summary. */
  void line(String line) {
    lines.add(line);
  }

  /** Puts a line before every other line of the task's summary. */
  void leadLine(String line) {
    lines.add(0, line);
  }

  /** Adds an open question for later cycles. */
  void question(String question) {
    questions.add(question);
  }

  /** Adds a finding that cites nothing but what its builder already cites (the profile). */
  void finding(Finding finding) {
    findings.add(finding);
  }

  /**
   * Adds a finding about a pair, citing the cell of its test and the cell of its figure.
   *
   * @param f the finding so far
   * @param cell the cell that ran the test
   * @param figure the cell that drew the figure, or {@code null}
   * @param x the first variable
   * @param y the second variable
   * @param more other variables the finding involves (confounders, a stratifier)
   * @return the finding's position in the task result, from 1
   */
  int addFinding(
      Finding.Builder f,
      ExecutedCell cell,
      ExecutedCell figure,
      String x,
      String y,
      String... more) {
    f.variable(x).variable(y);
    for (String m : more) {
      if (!m.equals(x) && !m.equals(y)) {
        f.variable(m);
      }
    }
    f.citation(ctx.cite(cell));
    if (figure != null && figure.result().isOk()) {
      f.citation(ctx.cite(figure));
    } else if (figure != null) {
      failures.add("the figure for " + x + " ~ " + y + " failed");
    }
    findings.add(f.build());
    return findings.size();
  }

  /** The engine's id of the finding at a position, or {@code null} for position 0 (none). */
  String findingId(int index) {
    return index > 0 ? "F-" + task.id() + "-" + index : null;
  }

  /**
   * Records a test for the run's false discovery rate; a result without a p value is no test.
   *
   * @param kind the kind of work that ran it
   * @param r its result
   * @param finding the position of the finding it became, or 0
   * @param counted whether it counts in the family (see {@link Ledger.TestEntry})
   * @param cell the cell that printed the result line
   */
  void record(
      String kind,
      String x,
      String y,
      JsonNode r,
      int finding,
      boolean counted,
      ExecutedCell cell) {
    record(kind, x, y, null, r, null, finding, counted, cell);
  }

  /**
   * Records a test found at a place inside a cell's result line (a question's part, a model's
   * term), about a third variable too.
   *
   * @param part where in the cell's result line the test is ({@link Ledger.TestEntry#part()})
   */
  void record(
      String kind,
      String x,
      String y,
      String by,
      JsonNode r,
      String part,
      int finding,
      boolean counted,
      ExecutedCell cell) {
    Double p = ResultLine.number(r, "p");
    if (p == null) {
      return;
    }
    tests.add(
        new Ledger.TestEntry(
            task.id(),
            kind,
            dataset.name(),
            x,
            y,
            r.path("test").asText(""),
            Math.max(0, Math.min(1, p)),
            ResultLine.number(r, "effect"),
            ResultLine.text(r, "measure"),
            ResultLine.number(r, "r_equivalent"),
            r.path("direction").asText("unspecified"),
            finding,
            counted ? null : Boolean.FALSE,
            cell == null ? null : cell.index(),
            part,
            by));
  }

  /** Records a follow-up's verdict about a pair (see {@link Ledger.CheckEntry}). */
  void check(
      String kind, String x, String y, String verdict, String by, String detail, String finding) {
    checks.add(
        new Ledger.CheckEntry(task.id(), kind, dataset.name(), x, y, verdict, by, detail, finding));
  }

  /**
   * The hypothesis a pair's finding bears on: the world's, if it has one with the same statement,
   * else one this task proposes (once per statement).
   *
   * @return its id, the world's or local to the task result
   */
  String hypothesis(String x, String y) {
    String statement =
        x + " is associated with " + y + (ctx.datasets().size() > 1 ? " in " + dataset.name() : "");
    for (Hypothesis h : ctx.world().hypotheses()) {
      if (h.statement().equalsIgnoreCase(statement)) {
        return h.id();
      }
    }
    return localHypotheses.computeIfAbsent(
        statement,
        s -> {
          String id = "h" + (localHypotheses.size() + 1);
          hypotheses.add(Hypothesis.open(id, s, ctx.cycle(), List.of(x, y)));
          return id;
        });
  }

  /**
   * The task's result: its findings with a provisional adjusted p, the ledger and profile notes,
   * and the summary.
   */
  TaskResult finish() {
    Map<String, String> notes = new LinkedHashMap<>(Ledger.notes(task.id(), tests, checks));
    notes.put(Ledger.PROFILE + dataset.name(), profileJson);
    List<String> summary = new ArrayList<>(lines);
    if (!failures.isEmpty()) {
      summary.add("Could not complete: " + String.join("; ", failures) + ".");
    }
    String text = String.join(" ", summary);
    if (text.isBlank()) {
      text = "Nothing to report.";
    }
    return new TaskResult(text, provisionallyAdjusted(), hypotheses, questions, List.of(), notes);
  }

  /**
   * The findings with provisional adjusted p values: Benjamini-Hochberg over every test the run
   * knew when the cycle started plus this task's. The validator recomputes them over the whole run
   * at the end of the cycle.
   */
  private List<Finding> provisionallyAdjusted() {
    List<Double> family = new ArrayList<>();
    for (Ledger.TestEntry t : Ledger.tests(ctx.world())) {
      if (t.inFamily()) {
        family.add(t.p());
      }
    }
    for (Ledger.TestEntry t : tests) {
      if (t.inFamily()) {
        family.add(t.p());
      }
    }
    double[] fam = family.stream().mapToDouble(Double::doubleValue).toArray();
    List<Finding> out = new ArrayList<>();
    for (int i = 0; i < findings.size(); i++) {
      Finding f = findings.get(i);
      Ledger.TestEntry t = null;
      for (Ledger.TestEntry e : tests) {
        if (e.finding() == i + 1) {
          t = e;
        }
      }
      if (t != null && f.statistics() != null && fam.length > 0) {
        f = f.withStatistics(f.statistics().withAdjustedP(BenjaminiHochberg.against(fam, t.p())));
      }
      out.add(f);
    }
    return out;
  }
}
