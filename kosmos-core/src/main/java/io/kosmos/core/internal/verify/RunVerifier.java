package io.kosmos.core.internal.verify;

import com.fasterxml.jackson.databind.JsonNode;
import io.kosmos.api.Citation;
import io.kosmos.api.Dataset;
import io.kosmos.api.ExecutionResult;
import io.kosmos.api.Executor;
import io.kosmos.api.KosmosException;
import io.kosmos.api.SessionOptions;
import io.kosmos.api.Verification;
import io.kosmos.api.WorldModel;
import io.kosmos.core.internal.artifacts.Hashing;
import io.kosmos.core.internal.artifacts.Layout;
import io.kosmos.core.internal.notebook.NotebookReader;
import io.kosmos.core.internal.numbers.PrintedNumbers;
import io.kosmos.core.internal.numbers.StatementNumbers;
import io.kosmos.core.internal.report.ReportAssembler;
import io.kosmos.core.internal.report.ReportModel;
import io.kosmos.core.internal.stats.Ledger;
import io.kosmos.core.internal.stats.ResultLine;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code kosmos verify}: re-executes every cited cell of a finished run in fresh sessions of an
 * executor and checks every number of every report statement against what the cells print again.
 *
 * <p>Steps: collect the cells the report's statements cite (and the cells that printed the run's
 * tests, whose p values the adjusted ones are computed from); run each notebook again from its
 * first cell up to the last one needed ({@link NotebookReplay}); compare each cited cell's output
 * with the saved one; recompute the Benjamini-Hochberg adjusted p of every finding from the p
 * values the cells print again ({@link AdjustedAgain}); then read each statement's numbers ({@link
 * StatementNumbers}) and find each among the numbers its cells printed or computed, within the
 * precision the report printed it with.
 */
public final class RunVerifier {

  private static final Pattern TASK_CYCLE = Pattern.compile("^c(\\d+)-t\\d+$");

  private final Layout layout;
  private final Executor executor;
  private final String runId;
  private final List<Dataset> datasets;
  private final Duration cellTimeout;
  private final int concurrency;
  private final Clock clock;

  /**
   * Makes a verifier.
   *
   * @param layout the run's layout
   * @param executor where the cells run again
   * @param runId the run
   * @param datasets the run's data, mounted as in the run
   * @param cellTimeout each cell's time limit
   * @param concurrency notebooks re-executed at once
   * @param clock the clock the verification is dated by
   */
  public RunVerifier(
      Layout layout,
      Executor executor,
      String runId,
      List<Dataset> datasets,
      Duration cellTimeout,
      int concurrency,
      Clock clock) {
    this.layout = layout;
    this.executor = executor;
    this.runId = runId;
    this.datasets = datasets;
    this.cellTimeout = cellTimeout;
    this.concurrency = Math.max(1, concurrency);
    this.clock = clock;
  }

  /**
   * Verifies a report.
   *
   * @param model the report as built from the run
   * @param world the run's world model
   * @return what was reproduced
   */
  public Verification verify(ReportModel model, WorldModel world) {
    Map<String, List<ReportModel.Statement>> sections = ReportAssembler.sections(model);
    List<Ledger.TestEntry> tests = Ledger.tests(world);
    Map<String, TreeSet<Integer>> needed = new TreeMap<>();
    sections.values().forEach(list -> list.forEach(s -> cells(s, needed)));
    Map<String, TreeSet<Integer>> cited = copy(needed);
    for (Ledger.TestEntry t : tests) {
      String nb = notebookOf(t.task());
      if (t.cell() != null && nb != null) {
        needed.computeIfAbsent(nb, k -> new TreeSet<>()).add(t.cell());
      }
    }
    Map<String, NotebookReplay> replays = replay(needed);
    List<Verification.CellCheck> cellChecks = checkCells(cited, replays, sections);
    AdjustedAgain adjusted = AdjustedAgain.of(tests, world, replays, this::notebookOf);
    List<Verification.NumberCheck> numbers = new ArrayList<>();
    Map<String, String> statistics = keyStatistics(model);
    sections.forEach(
        (section, statements) -> {
          for (ReportModel.Statement s : statements) {
            String text = s.text() + statistics.getOrDefault(keyOf(section, s), "");
            numbers.addAll(checkStatement(section, text, s, replays, adjusted, world));
          }
        });
    return new Verification(runId, clock.instant(), describe(executor), cellChecks, numbers);
  }

  private static String describe(Executor executor) {
    var info = executor.info();
    return info.name() + " (" + info.environment() + ")";
  }

  /** The statistics line a key finding shows under its claim, checked with it. */
  private static Map<String, String> keyStatistics(ReportModel model) {
    Map<String, String> out = new LinkedHashMap<>();
    for (ReportModel.FindingEntry e : model.keyFindings()) {
      out.put(keyOf("key findings", e.statement()), " [" + e.statistics() + "]");
    }
    return out;
  }

  private static String keyOf(String section, ReportModel.Statement s) {
    return section + "|" + String.join(",", s.findingIds());
  }

  // ---- which cells -----------------------------------------------------------------------------

  private static void cells(ReportModel.Statement s, Map<String, TreeSet<Integer>> into) {
    for (Citation c : s.citations()) {
      if (c instanceof Citation.NotebookCell cell) {
        into.computeIfAbsent(cell.notebookPath(), k -> new TreeSet<>()).add(cell.cellIndex());
      }
    }
  }

  private static Map<String, TreeSet<Integer>> copy(Map<String, TreeSet<Integer>> m) {
    Map<String, TreeSet<Integer>> out = new TreeMap<>();
    m.forEach((k, v) -> out.put(k, new TreeSet<>(v)));
    return out;
  }

  /** The notebook of a task, from its id ({@code c<cycle>-t<nn>}), or {@code null}. */
  String notebookOf(String taskId) {
    Matcher m = TASK_CYCLE.matcher(taskId);
    if (!m.matches()) {
      return null;
    }
    Path p = layout.taskDir(Integer.parseInt(m.group(1)), taskId).resolve("notebook.ipynb");
    return layout.root().relativize(p).toString().replace('\\', '/');
  }

  // ---- running again ---------------------------------------------------------------------------

  private Map<String, NotebookReplay> replay(Map<String, TreeSet<Integer>> needed) {
    Semaphore slots = new Semaphore(concurrency);
    Map<String, Future<NotebookReplay>> futures = new LinkedHashMap<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      needed.forEach(
          (notebook, indexes) ->
              futures.put(
                  notebook,
                  threads.submit(
                      () -> {
                        slots.acquire();
                        try {
                          return NotebookReplay.run(
                              layout,
                              notebook,
                              indexes.last(),
                              executor,
                              options(notebook),
                              cellTimeout);
                        } finally {
                          slots.release();
                        }
                      })));
      Map<String, NotebookReplay> out = new LinkedHashMap<>();
      for (var e : futures.entrySet()) {
        out.put(e.getKey(), e.getValue().get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KosmosException("verification interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new KosmosException("re-executing a notebook failed: " + e.getCause(), e.getCause());
    }
  }

  private SessionOptions options(String notebook) {
    String task = Path.of(notebook).getParent().getFileName().toString();
    return SessionOptions.builder()
        .runId(runId)
        .taskId(task + "-verify")
        .datasets(datasets.stream().map(Dataset::path).toList())
        .timeout(cellTimeout)
        .build();
  }

  // ---- the cells -------------------------------------------------------------------------------

  private List<Verification.CellCheck> checkCells(
      Map<String, TreeSet<Integer>> cited,
      Map<String, NotebookReplay> replays,
      Map<String, List<ReportModel.Statement>> sections) {
    Map<String, String> hashes = new LinkedHashMap<>();
    sections
        .values()
        .forEach(
            list ->
                list.forEach(
                    s ->
                        s.citations().stream()
                            .filter(c -> c instanceof Citation.NotebookCell)
                            .map(c -> (Citation.NotebookCell) c)
                            .forEach(
                                c ->
                                    hashes.put(
                                        c.notebookPath() + "#" + c.cellIndex(), c.codeSha256()))));
    List<Verification.CellCheck> out = new ArrayList<>();
    cited.forEach(
        (notebook, indexes) -> {
          NotebookReplay r = replays.get(notebook);
          String task = Path.of(notebook).getParent().getFileName().toString();
          for (int i : indexes) {
            String label = task + "#" + i;
            out.add(cell(label, notebook, i, r, hashes.get(notebook + "#" + i)));
          }
        });
    return out;
  }

  private static Verification.CellCheck cell(
      String label, String notebook, int i, NotebookReplay r, String hash) {
    if (r.failure() != null) {
      return new Verification.CellCheck(
          label, notebook, i, Verification.Status.FAILED, r.failure());
    }
    if (i >= r.saved().size() || !r.saved().get(i).type().equals("code")) {
      return new Verification.CellCheck(
          label, notebook, i, Verification.Status.CHANGED, "the notebook has no code cell " + i);
    }
    NotebookReader.SavedCell saved = r.saved().get(i);
    if (hash != null && !Hashing.sha256(saved.source()).equals(hash)) {
      return new Verification.CellCheck(
          label,
          notebook,
          i,
          Verification.Status.CHANGED,
          "its code is not the code the report cites (SHA-256 differs)");
    }
    ExecutionResult now = r.rerun().get(i);
    if (now == null || !now.isOk()) {
      String why =
          now == null
              ? "it did not run"
              : now.errorOutput().map(e -> e.name() + ": " + e.value()).orElse(now.status().name());
      return new Verification.CellCheck(label, notebook, i, Verification.Status.FAILED, why);
    }
    String differs = OutputComparison.differs(saved.text(), now.text());
    return new Verification.CellCheck(
        label,
        notebook,
        i,
        differs == null ? Verification.Status.REPRODUCED : Verification.Status.DIFFERS,
        differs == null ? "" : differs);
  }

  // ---- the numbers -----------------------------------------------------------------------------

  private List<Verification.NumberCheck> checkStatement(
      String section,
      String text,
      ReportModel.Statement s,
      Map<String, NotebookReplay> replays,
      AdjustedAgain adjusted,
      WorldModel world) {
    List<Verification.NumberCheck> out = new ArrayList<>();
    Candidates now = Candidates.of(s, replays, true);
    Candidates before = Candidates.of(s, replays, false);
    String shortText = text.length() <= 90 ? text : text.substring(0, 89) + "…";
    for (StatementNumbers.Token t : StatementNumbers.of(text)) {
      PrintedNumbers.Printed p = t.printed();
      String shown = (p.below() ? "< " : "") + p.text() + (p.percent() ? "%" : "");
      Verification.Status status;
      String source;
      switch (t.kind()) {
        case SETTING -> {
          continue;
        }
        case ADJUSTED_P -> {
          Double hit = adjusted.matching(p, s.findingIds(), world);
          status = hit != null ? Verification.Status.REPRODUCED : Verification.Status.DIFFERS;
          source =
              hit != null
                  ? "adjusted p recomputed over " + adjusted.familySize() + " tests"
                  : "recomputed adjusted p of the cited findings: "
                      + adjusted.describe(s.findingIds());
        }
        case TEST_COUNT -> {
          boolean same = p.matchesExact(adjusted.familySize());
          status = same ? Verification.Status.REPRODUCED : Verification.Status.DIFFERS;
          source = "the re-executed run has " + adjusted.familySize() + " tests";
        }
        default -> {
          String cell = now.find(p);
          if (cell != null) {
            status = Verification.Status.REPRODUCED;
            source = cell;
          } else if (before.find(p) != null) {
            status = Verification.Status.DIFFERS;
            source = before.find(p) + " printed it, but prints something else when run again";
          } else {
            status = Verification.Status.NOT_FOUND;
            source = "printed by none of the cited cells (" + now.labels() + ")";
          }
        }
      }
      out.add(new Verification.NumberCheck(section, shortText, shown, status, source));
    }
    return out;
  }

  /** The texts and result lines of a statement's cited cells, as run again or as saved. */
  private record Candidates(
      List<String> cells, List<List<PrintedNumbers.Printed>> printed, List<List<Double>> exact) {

    static Candidates of(
        ReportModel.Statement s, Map<String, NotebookReplay> replays, boolean rerun) {
      List<String> cells = new ArrayList<>();
      List<List<PrintedNumbers.Printed>> printed = new ArrayList<>();
      List<List<Double>> exact = new ArrayList<>();
      for (Citation c : s.citations()) {
        if (!(c instanceof Citation.NotebookCell cell)) {
          continue;
        }
        NotebookReplay r = replays.get(cell.notebookPath());
        if (r == null || r.failure() != null || cell.cellIndex() >= r.saved().size()) {
          continue;
        }
        String text;
        if (rerun) {
          ExecutionResult res = r.rerun().get(cell.cellIndex());
          if (res == null) {
            continue;
          }
          text = res.text();
        } else {
          text = r.saved().get(cell.cellIndex()).text();
        }
        cells.add(cell.label());
        printed.add(PrintedNumbers.scan(text));
        List<Double> numbers = new ArrayList<>();
        ResultLine.parse(text).ifPresent(j -> PrintedNumbers.json(j, numbers));
        exact.add(numbers);
      }
      return new Candidates(cells, printed, exact);
    }

    /** The cell that printed or computed a number, or {@code null}. */
    String find(PrintedNumbers.Printed p) {
      for (int i = 0; i < cells.size(); i++) {
        for (double v : exact.get(i)) {
          if (p.matchesExact(v)) {
            return cells.get(i);
          }
        }
        for (PrintedNumbers.Printed q : printed.get(i)) {
          if (p.matchesPrinted(q) || (p.percent() && q.percent() && p.matchesPrinted(q))) {
            return cells.get(i);
          }
        }
      }
      return null;
    }

    String labels() {
      return cells.isEmpty() ? "none" : String.join(", ", cells);
    }
  }

  /** Reads a JSON value at a place ({@code tests/2}, {@code terms/bmi}) of a result line. */
  static JsonNode at(JsonNode result, String part) {
    if (part == null || part.isEmpty()) {
      return result;
    }
    String[] bits = part.split("/", 2);
    JsonNode list = result.path(bits[0]);
    if (bits[0].equals("terms")) {
      for (JsonNode t : list) {
        if (t.path("variable").asText().equals(bits[1])) {
          return t;
        }
      }
      return null;
    }
    try {
      return list.path(Integer.parseInt(bits[1]));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
