package io.kosmos.core.internal.orchestration;

import io.kosmos.api.ArtifactException;
import io.kosmos.api.BudgetExceededException;
import io.kosmos.api.Citation;
import io.kosmos.api.Dataset;
import io.kosmos.api.ExecutedCell;
import io.kosmos.api.Finding;
import io.kosmos.api.Hypothesis;
import io.kosmos.api.ModelAuthenticationException;
import io.kosmos.api.Paper;
import io.kosmos.api.Task;
import io.kosmos.api.TaskResult;
import io.kosmos.api.ValidationContext;
import io.kosmos.api.ValidationResult;
import io.kosmos.api.Validator;
import io.kosmos.api.WorldModel;
import io.kosmos.core.internal.artifacts.Hashing;
import io.kosmos.core.internal.artifacts.Layout;
import io.kosmos.core.internal.artifacts.TaskRecord;
import io.kosmos.core.internal.literature.CachedTexts;
import io.kosmos.core.internal.notebook.NotebookReader;
import io.kosmos.core.internal.notebook.TaskNotebook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what an analyst returned into what a task commits: run-wide ids derived from the task and
 * the position ({@code F-<task>-<i>}, {@code H-<task>-<i>}), hypothesis links resolved, every
 * citation checked against the notebook cells and papers of the run (a paper passage's quote must
 * be in the paper's text the run retrieved; a finding that cites something that does not exist is
 * refused, and the reason kept), figures of the cited cells attached, and each finding validated. A
 * validator that fails leaves the finding not validated, with the failure as the reason; a spent
 * budget or a model that rejects its credentials stops the task.
 */
final class FindingIntake {

  private static final Logger LOG = LoggerFactory.getLogger(FindingIntake.class);

  /** What the intake produced. */
  record Intake(
      List<Finding> findings,
      List<TaskRecord.Rejected> rejected,
      List<Hypothesis> hypotheses,
      List<Paper> papers,
      List<String> notices) {}

  private final Layout layout;
  private final Validator validator;
  private final String objective;
  private final List<Dataset> datasets;

  FindingIntake(Layout layout, Validator validator, String objective, List<Dataset> datasets) {
    this.layout = layout;
    this.validator = validator;
    this.objective = objective;
    this.datasets = List.copyOf(datasets);
  }

  Intake take(int cycle, Task task, TaskResult result, TaskNotebook notebook, WorldModel world) {
    return take(cycle, task, result, notebook, world, List::of);
  }

  /**
   * Turns an analyst's result into what the task commits.
   *
   * @param cycle the cycle
   * @param task the task
   * @param result what the analyst returned
   * @param notebook the task's notebook, or {@code null} for a literature task
   * @param world the world model as the cycle started
   * @param earlier the findings of the tasks before this one in the plan (may wait for them);
   *     called only when the validator {@linkplain Validator#readsCycleFindings() reads them}
   * @return the findings, refusals, hypotheses, papers and notices
   */
  Intake take(
      int cycle,
      Task task,
      TaskResult result,
      TaskNotebook notebook,
      WorldModel world,
      Supplier<List<Finding>> earlier) {
    List<String> notices = new ArrayList<>();
    Map<String, String> hypothesisIds = new HashMap<>();
    List<Hypothesis> hypotheses = hypotheses(cycle, task, result, hypothesisIds, notices);
    Map<String, Paper> papers = new HashMap<>();
    for (Paper p : result.papers()) {
      papers.putIfAbsent(p.id(), p);
    }
    Map<String, List<NotebookReader.SavedCell>> otherNotebooks = new HashMap<>();
    CachedTexts texts = new CachedTexts(layout.root());
    List<Finding> findings = new ArrayList<>();
    List<TaskRecord.Rejected> rejected = new ArrayList<>();
    Map<String, String> firstOfKind = new HashMap<>();
    for (int i = 0; i < result.findings().size(); i++) {
      Finding raw = result.findings().get(i);
      String id = "F-" + task.id() + "-" + (i + 1);
      List<String> problems = new ArrayList<>();
      Set<String> figures = new LinkedHashSet<>(raw.figures());
      for (Citation c : raw.citations()) {
        String problem =
            switch (c) {
              case Citation.NotebookCell cell ->
                  checkCell(cycle, task, cell, notebook, otherNotebooks, figures);
              case Citation.PaperPassage p -> paperProblem(p, papers, world, texts);
            };
        if (problem != null) {
          problems.add(problem);
        }
      }
      if (!problems.isEmpty()) {
        rejected.add(new TaskRecord.Rejected(raw.claim(), String.join("; ", problems)));
        notices.add("finding " + (i + 1) + " refused: " + String.join("; ", problems));
        continue;
      }
      String hypothesisId = hypothesisLink(raw.hypothesisId(), hypothesisIds, world, id, notices);
      String same = firstOfKind.putIfAbsent(FindingEvidence.key(raw), id);
      if (same != null) {
        notices.add(
            "finding "
                + (i + 1)
                + " merged into "
                + same
                + ": it cites the same cells with the same statistics");
        continue;
      }
      Finding.Builder b =
          raw.toBuilder()
              .id(id)
              .cycle(cycle)
              .taskId(task.id())
              .hypothesisId(hypothesisId)
              .validation(null)
              .classification(null);
      findings.add(withFigures(b.build(), figures));
    }
    // The task's notes, hypotheses, cells and the cycle's findings are not in the world yet: the
    // validator gets them beside it.
    List<Finding> beside = cycleFindings(findings, earlier);
    ValidationContext context =
        new ValidationContext(
            objective, world, result.notes(), hypotheses, beside, cells(notebook));
    FindingEvidence evidence =
        new FindingEvidence(
            cells(notebook), layout.relative(layout.notebook(cycle, task.id())), datasets);
    return new Intake(
        validateAll(findings, context, evidence, notices),
        rejected,
        hypotheses,
        List.copyOf(result.papers()),
        notices);
  }

  /**
   * The findings of the cycle a task's findings are validated beside: the earlier tasks' (waiting
   * for them) and the task's own, or only its own when the validator does not read the others.
   */
  private List<Finding> cycleFindings(List<Finding> findings, Supplier<List<Finding>> earlier) {
    if (findings.isEmpty() || !validator.readsCycleFindings()) {
      return findings;
    }
    List<Finding> all = new ArrayList<>(earlier.get());
    all.addAll(findings);
    return all;
  }

  /** The hypothesis a finding links to, by its run-wide id; {@code null} if it does not exist. */
  private static @Nullable String hypothesisLink(
      @Nullable String given,
      Map<String, String> ids,
      WorldModel world,
      String findingId,
      List<String> notices) {
    if (given == null || ids.containsKey(given)) {
      return given == null ? null : ids.get(given);
    }
    if (world.hypothesis(given).isEmpty()) {
      notices.add(
          findingId + " named hypothesis '" + given + "', which does not exist; link removed");
      return null;
    }
    return given;
  }

  /** The task's hypotheses with run-wide ids; {@code ids} receives the analyst's ids for them. */
  private static List<Hypothesis> hypotheses(
      int cycle, Task task, TaskResult result, Map<String, String> ids, List<String> notices) {
    List<Hypothesis> hypotheses = new ArrayList<>();
    for (int i = 0; i < result.hypotheses().size(); i++) {
      Hypothesis h = result.hypotheses().get(i);
      if (h.statement().isBlank()) {
        notices.add("hypothesis " + (i + 1) + " has no statement and was ignored");
        continue;
      }
      String id = "H-" + task.id() + "-" + (i + 1);
      if (!h.id().isBlank()) {
        ids.put(h.id(), id);
      }
      hypotheses.add(
          Hypothesis.open(id, h.statement(), cycle, h.variables(), h.expectedDirection()));
    }
    return hypotheses;
  }

  private static List<ExecutedCell> cells(TaskNotebook notebook) {
    List<ExecutedCell> cells = new ArrayList<>();
    if (notebook != null) {
      for (TaskNotebook.Cell c : notebook.cells()) {
        if (c instanceof TaskNotebook.CodeCell code) {
          cells.add(code.cell());
        }
      }
    }
    return cells;
  }

  /** Why a paper citation is refused: a paper the run has not read, or a quote not in its text. */
  private static @Nullable String paperProblem(
      Citation.PaperPassage p, Map<String, Paper> papers, WorldModel world, CachedTexts texts) {
    if (!papers.containsKey(p.paperId()) && world.paper(p.paperId()).isEmpty()) {
      return "cites paper " + p.paperId() + ", which the run has not read";
    }
    String problem = texts.problem(p);
    return problem == null ? null : "cites " + problem;
  }

  /**
   * Validates a task's findings: those whose evidence fails the engine's checks are refused with
   * the reasons and not shown to the validator; the others are validated together (a validator may
   * judge them in parallel) or, if that fails, one by one, so that one finding's failure leaves it
   * not validated without failing the others.
   */
  private List<Finding> validateAll(
      List<Finding> all,
      ValidationContext context,
      FindingEvidence evidence,
      List<String> notices) {
    if (all.isEmpty()) {
      return all;
    }
    Map<String, List<String>> refused = new HashMap<>();
    List<Finding> findings = new ArrayList<>();
    for (Finding f : all) {
      List<String> problems = evidence.problems(f);
      if (problems.isEmpty()) {
        findings.add(f);
      } else {
        refused.put(f.id(), problems);
        notices.add(f.id() + " not validated: " + String.join("; ", problems));
      }
    }
    List<ValidationResult> results = null;
    try {
      results = findings.isEmpty() ? List.of() : validator.validateAll(findings, context);
    } catch (BudgetExceededException | ModelAuthenticationException e) {
      throw e;
    } catch (RuntimeException e) {
      LOG.info(
          "validating the findings together failed, judging them one by one: {}", e.toString());
    }
    List<Finding> out = new ArrayList<>();
    for (int i = 0; i < findings.size(); i++) {
      Finding f = findings.get(i);
      ValidationResult v =
          results != null && results.size() == findings.size() && results.get(i) != null
              ? results.get(i)
              : validate(f, context);
      out.add(f.withValidation(v));
    }
    for (Finding f : all) {
      List<String> problems = refused.get(f.id());
      if (problems != null) {
        out.add(all.indexOf(f), f.withValidation(FindingEvidence.refusal(problems)));
      }
    }
    return out;
  }

  private ValidationResult validate(Finding finding, ValidationContext context) {
    try {
      ValidationResult v = validator.validate(finding, context);
      if (v == null) {
        return failed("the validator returned no judgement");
      }
      return v;
    } catch (BudgetExceededException | ModelAuthenticationException e) {
      throw e;
    } catch (RuntimeException e) {
      return failed("the validator failed: " + e.getMessage());
    }
  }

  private static ValidationResult failed(String reason) {
    return new ValidationResult("engine", false, 0, Map.of(), List.of(reason));
  }

  private static Finding withFigures(Finding f, Set<String> figures) {
    if (figures.size() == f.figures().size()) {
      return f;
    }
    Finding.Builder b = f.toBuilder();
    Set<String> existing = new LinkedHashSet<>(f.figures());
    for (String figure : figures) {
      if (!existing.contains(figure)) {
        b.figure(figure);
      }
    }
    return b.build();
  }

  private String checkCell(
      int cycle,
      Task task,
      Citation.NotebookCell cell,
      TaskNotebook notebook,
      Map<String, List<NotebookReader.SavedCell>> others,
      Set<String> figures) {
    String own = layout.relative(layout.notebook(cycle, task.id()));
    if (cell.notebookPath().equals(own)) {
      if (notebook == null) {
        return "cites cell " + cell.label() + " but the task has no notebook";
      }
      List<TaskNotebook.Cell> cells = notebook.cells();
      if (cell.cellIndex() >= cells.size()
          || !(cells.get(cell.cellIndex()) instanceof TaskNotebook.CodeCell code)) {
        return "cites cell " + cell.cellIndex() + " of " + own + ", which does not exist";
      }
      if (!Hashing.sha256(code.source()).equals(cell.codeSha256())) {
        return "cites cell " + cell.cellIndex() + " of " + own + " with a code hash that differs";
      }
      ExecutedCell executed = code.cell();
      figures.addAll(executed.figures());
      return null;
    }
    List<NotebookReader.SavedCell> saved;
    try {
      saved =
          others.computeIfAbsent(
              cell.notebookPath(),
              p -> {
                Path file = layout.resolve(p);
                return file.startsWith(layout.root()) && Files.exists(file)
                    ? NotebookReader.cells(file)
                    : List.of();
              });
    } catch (ArtifactException e) {
      return "cites " + cell.notebookPath() + ", which cannot be read: " + e.getMessage();
    }
    if (cell.cellIndex() >= saved.size()
        || !saved.get(cell.cellIndex()).type().equals("code")
        || !Hashing.sha256(saved.get(cell.cellIndex()).source()).equals(cell.codeSha256())) {
      return "cites cell "
          + cell.cellIndex()
          + " of "
          + cell.notebookPath()
          + ", which does not exist in the run (or its code differs)";
    }
    return null;
  }
}
