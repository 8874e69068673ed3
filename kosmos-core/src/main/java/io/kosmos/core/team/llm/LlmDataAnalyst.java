package io.kosmos.core.team.llm;

import io.kosmos.api.AnalysisContext;
import io.kosmos.api.ChatMessage;
import io.kosmos.api.DataAnalyst;
import io.kosmos.api.ExecutedCell;
import io.kosmos.api.ModelResponseException;
import io.kosmos.api.Skill;
import io.kosmos.api.TaskResult;
import io.kosmos.core.internal.agents.CellText;
import io.kosmos.core.internal.agents.Drafts.AnalysisReport;
import io.kosmos.core.internal.agents.Drafts.CellStep;
import io.kosmos.core.internal.agents.ModelCalls;
import io.kosmos.core.internal.agents.Prompts;
import io.kosmos.core.internal.agents.Text;
import io.kosmos.core.internal.agents.WorldText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a data-analysis task with the model, one notebook cell at a time.
 *
 * <ol>
 *   <li>The model gets the task, the objective, the datasets at their {@code /data/<name>} paths,
 *       the data profiles earlier tasks left ({@code profile:<dataset>} notes; without one, it is
 *       told to profile the data in its first cell), the skills selected for the task and what the
 *       run knows.
 *   <li>It answers with a {@link CellStep} ({@code thought}, {@code code}, {@code done}); the code
 *       runs through {@link AnalysisContext#run(String)}, so it lands in the task notebook, and its
 *       output or error (bounded, head and tail) goes back to the model as {@code [cell N]}.
 *   <li>A failed cell is followed by a fix; after {@code maxRepairs} failures in a row, at the cell
 *       limit, when the task's time left falls below the reserve, or when the model says it is
 *       done, the loop ends.
 *   <li>The model then reports its findings ({@link AnalysisReport}): claim, statistics, direction,
 *       variables and the numbers of the cells they rest on. A finding citing a cell that does not
 *       exist or ended in an error is refused and the task summary says why; numbers no cited cell
 *       printed are marked in the finding's summary. Hypotheses, open questions and, for datasets
 *       without one, a data profile ({@code profile:<dataset>} note) come back too.
 * </ol>
 *
 * <p>Stateless between tasks and so thread-safe; each call keeps its conversation to itself. The
 * last step, checking the report against the notebook, is {@link AnalysisReportReader}'s.
 */
final class LlmDataAnalyst implements DataAnalyst {

  static final String PURPOSE_STEP = "analysis-step";
  static final String PURPOSE_FINDINGS = "analysis-findings";

  private static final Logger LOG = LoggerFactory.getLogger(LlmDataAnalyst.class);
  private static final Pattern FENCE =
      Pattern.compile("(?s)^\\s*```[A-Za-z0-9_-]*\\s*\\n(.*?)\\n?```\\s*$");
  private static final int MAX_ERROR_CHARS = 2_500;
  private static final int COMPRESSED_FEEDBACK_CHARS = 400;
  private static final int MAX_EMPTY_STEPS = 2;

  /**
   * The loop's limits.
   *
   * @param maxCells most cells a task runs
   * @param maxRepairs most failed cells in a row before the analysis stops
   * @param timeReserve no new cell starts when less time than this is left (or than a tenth of the
   *     task's time, if that is less)
   * @param maxOutputChars most characters of a cell's output shown to the model
   * @param maxTranscriptChars size past which older outputs are shortened in the conversation
   */
  record Limits(
      int maxCells,
      int maxRepairs,
      Duration timeReserve,
      int maxOutputChars,
      int maxTranscriptChars) {}

  private final ModelCalls calls;
  private final Limits limits;
  private final String judging;

  /**
   * Creates the analyst.
   *
   * @param calls how it talks to the model
   * @param limits the loop's limits
   * @param judging how the team's validator judges findings, as lines of the system prompt
   */
  LlmDataAnalyst(ModelCalls calls, Limits limits, String judging) {
    this.calls = calls;
    this.limits = limits;
    this.judging = judging;
  }

  LlmDataAnalyst(ModelCalls calls, Limits limits) {
    this(
        calls,
        limits,
        Judging.describe(
            null,
            io.kosmos.core.validation.ScholarEvalValidator.DEFAULT_MIN_OVERALL,
            io.kosmos.core.validation.ScholarEvalValidator.DEFAULT_MIN_RIGOR));
  }

  @Override
  public TaskResult analyze(AnalysisContext ctx) {
    Prompts p = calls.prompts();
    String system =
        p.render(
            Prompts.Name.ANALYST_SYSTEM,
            Map.of(
                "maxCells", Integer.toString(limits.maxCells()),
                "maxRepairs", Integer.toString(limits.maxRepairs()),
                "judging", judging));
    List<Skill> skills = ctx.skills();
    List<ChatMessage> messages = new ArrayList<>();
    messages.add(ChatMessage.user(p.render(Prompts.Name.ANALYST_USER, taskVariables(ctx, skills))));
    Set<Integer> feedback = new LinkedHashSet<>();
    Map<Integer, String> purposes = new HashMap<>();
    List<ModelCalls.Tool> tools = skills.isEmpty() ? List.of() : List.of(SkillTool.of(ctx, skills));
    CellsRun cells = runCells(ctx, system, messages, feedback, purposes, tools);
    LOG.debug(
        "task {}: analysis stopped after {} cell(s): {}",
        ctx.task().id(),
        cells.count(),
        cells.stopReason());

    List<String> unprofiled = WorldText.unprofiled(ctx.datasets(), ctx.world());
    String report =
        p.render(
            Prompts.Name.ANALYST_REPORT,
            reportVariables(ctx, cells.stopReason(), unprofiled, purposes));
    int last = messages.size() - 1;
    if (feedback.contains(last)) {
      // the last cell's output and the request for findings go in one message, so the model is
      // never told to write a next cell once the analysis is over
      feedback.remove(last);
      messages.set(last, ChatMessage.user(messages.get(last).content() + "\n\n" + report));
    } else {
      messages.add(ChatMessage.user(report));
    }
    shorten(messages, feedback);
    AnalysisReport findings =
        calls.ask(PURPOSE_FINDINGS, system, messages, AnalysisReport.class).value();
    return new AnalysisReportReader(ctx)
        .result(findings, cells.count(), cells.stopReason(), unprofiled);
  }

  /**
   * How the cell loop ended.
   *
   * @param count the cells run
   * @param stopReason why no further cell ran, for the model's report and the task summary
   */
  private record CellsRun(int count, String stopReason) {}

  /**
   * The conversation that writes and runs cells: the model proposes a step, its code runs in the
   * notebook and the output goes back, until the model is done, the cell or repair limit is hit, or
   * the task's time runs low. The output of the cell that ends the loop carries no instruction.
   */
  private CellsRun runCells(
      AnalysisContext ctx,
      String system,
      List<ChatMessage> messages,
      Set<Integer> feedback,
      Map<Integer, String> purposes,
      List<ModelCalls.Tool> tools) {
    Prompts p = calls.prompts();
    // A short task keeps a proportionate reserve: a tenth of its time at most.
    Duration reserve = min(limits.timeReserve(), ctx.remaining().dividedBy(10));
    int cellsRun = 0;
    int failedInARow = 0;
    int emptySteps = 0;
    while (true) {
      String stop = stopBefore(ctx, cellsRun, reserve);
      if (stop != null) {
        return new CellsRun(cellsRun, stop);
      }
      shorten(messages, feedback);
      ModelCalls.Answer<CellStep> answer;
      try {
        answer = calls.ask(PURPOSE_STEP, system, messages, CellStep.class, tools);
      } catch (ModelResponseException e) {
        // the client already gave the model a repair round; keep the cells run so far
        return new CellsRun(
            cellsRun,
            "the model's next step could not be read (" + Text.clip(e.getMessage(), 200) + ")");
      }
      CellStep step = answer.value();
      messages.add(ChatMessage.assistant(answer.json()));
      String code = code(step.code());
      if (code.isBlank()) {
        if (step.done()) {
          return new CellsRun(cellsRun, "the analyst said the task was done");
        }
        if (++emptySteps >= MAX_EMPTY_STEPS) {
          return new CellsRun(cellsRun, "the analyst gave no code " + MAX_EMPTY_STEPS + " times");
        }
        messages.add(ChatMessage.user(p.text(Prompts.Name.ANALYST_EMPTY)));
        continue;
      }
      ExecutedCell cell = ctx.run(code);
      cellsRun++;
      if (!Text.blank(step.purpose())) {
        purposes.put(cell.index(), Text.clip(step.purpose().strip(), 120));
      }
      boolean ok = cell.result().isOk();
      failedInARow = ok ? 0 : failedInARow + 1;
      String end = stopAfter(ok, step.done(), cellsRun, failedInARow);
      if (end == null) {
        end = stopBefore(ctx, cellsRun, reserve);
      }
      feedback.add(messages.size());
      messages.add(ChatMessage.user(feedback(p, cell, cellsRun, failedInARow, end == null)));
      if (end != null) {
        return new CellsRun(cellsRun, end);
      }
    }
  }

  /** Why no further cell may start, or {@code null}: the cell limit, or the task's time. */
  private String stopBefore(AnalysisContext ctx, int cellsRun, Duration reserve) {
    if (cellsRun >= limits.maxCells()) {
      return "the limit of " + limits.maxCells() + " cells was reached";
    }
    Duration left = ctx.remaining();
    if (left.isZero() || left.isNegative() || left.compareTo(reserve) < 0) {
      return "the task's time was running out";
    }
    return null;
  }

  /** Why the analysis ends with the cell just run, or {@code null}. */
  private String stopAfter(boolean ok, boolean done, int cellsRun, int failedInARow) {
    if (ok && done) {
      return "the analyst said the task was done";
    }
    if (!ok && failedInARow > limits.maxRepairs()) {
      return "cells failed "
          + failedInARow
          + " times in a row (at most "
          + limits.maxRepairs()
          + " fixes are tried)";
    }
    if (cellsRun >= limits.maxCells()) {
      return "the limit of " + limits.maxCells() + " cells was reached";
    }
    return null;
  }

  // ---- prompts -------------------------------------------------------------------------------

  private Map<String, String> taskVariables(AnalysisContext ctx, List<Skill> skills) {
    Map<String, String> v = new HashMap<>();
    v.put("objective", ctx.objective().strip());
    v.put("cycle", Integer.toString(ctx.cycle()));
    v.put("taskId", ctx.task().id());
    v.put("goal", ctx.task().goal().name().toLowerCase(java.util.Locale.ROOT));
    v.put("description", ctx.task().description().strip());
    v.put("expectedOutput", ctx.task().expectedOutput().strip());
    v.put("parameters", ctx.task().parameters().isEmpty() ? "" : WorldText.parameters(ctx.task()));
    v.put(
        "hypothesis",
        ctx.task().hypothesisId() == null
            ? ""
            : ctx.world()
                .hypothesis(ctx.task().hypothesisId())
                .map(WorldText::hypothesisLine)
                .orElse(""));
    String profiles = WorldText.profiles(ctx.datasets(), ctx.world());
    v.put(
        "datasets",
        profiles.isEmpty()
            ? WorldText.datasetsWithPreview(ctx.datasets())
            : WorldText.datasets(ctx.datasets()));
    v.put("profiles", profiles);
    v.put("skills", SkillTool.listing(skills));
    v.put("findings", WorldText.findings(ctx.world()));
    v.put("maxCells", Integer.toString(limits.maxCells()));
    return v;
  }

  private String feedback(
      Prompts p, ExecutedCell cell, int cellsRun, int failedInARow, boolean goesOn) {
    boolean ok = cell.result().isOk();
    int cellsLeft = Math.max(0, limits.maxCells() - cellsRun);
    int repairsLeft = Math.max(0, limits.maxRepairs() - failedInARow + 1);
    Map<String, String> v = new HashMap<>();
    v.put("cell", Integer.toString(cell.index()));
    v.put("status", CellText.status(cell.result()));
    v.put("output", Text.headTail(CellText.output(cell.result()), limits.maxOutputChars()));
    v.put("error", CellText.error(cell.result(), MAX_ERROR_CHARS));
    v.put(
        "figures",
        cell.figures().isEmpty()
            ? ""
            : "The cell displayed " + cell.figures().size() + " figure(s); they are saved.");
    v.put("failed", ok ? "" : "yes");
    v.put("cellsLeft", Integer.toString(cellsLeft));
    v.put("repairsLeft", Integer.toString(repairsLeft));
    String next;
    if (!goesOn) {
      next = "";
    } else if (!ok) {
      next =
          "Fix the error in the next cell ("
              + repairsLeft
              + " fix(es) left before the analysis stops). "
              + cellsLeft
              + " cell(s) left.";
    } else {
      next =
          cellsLeft
              + " cell(s) left. Write the next cell, or set done to true once the expected output"
              + " is produced.";
    }
    v.put("next", next);
    return p.render(Prompts.Name.ANALYST_FEEDBACK, v);
  }

  private Map<String, String> reportVariables(
      AnalysisContext ctx,
      String stopReason,
      List<String> unprofiled,
      Map<Integer, String> purposes) {
    List<String> lines = new ArrayList<>();
    for (ExecutedCell c : ctx.cells()) {
      String purpose = purposes.get(c.index());
      lines.add(
          "[cell "
              + c.index()
              + "] "
              + CellText.status(c.result())
              + ": "
              + (purpose != null ? purpose : "code starting " + CellText.firstLine(c)));
    }
    Map<String, String> v = new HashMap<>();
    v.put("cells", lines.isEmpty() ? "(no cell ran)" : Text.bullets(lines));
    v.put("stopReason", stopReason);
    v.put("expectedOutput", ctx.task().expectedOutput().strip());
    v.put("hypotheses", WorldText.allHypotheses(ctx.world()));
    v.put("needProfile", unprofiled.isEmpty() ? "" : "yes");
    v.put("datasetNames", String.join(", ", unprofiled));
    return v;
  }

  /** Shortens the oldest cell outputs while the conversation is over its size. */
  private void shorten(List<ChatMessage> messages, Set<Integer> feedback) {
    long size = messages.stream().mapToLong(m -> m.content().length()).sum();
    for (int i : feedback) {
      if (size <= limits.maxTranscriptChars()) {
        return;
      }
      ChatMessage m = messages.get(i);
      if (m.content().length() <= COMPRESSED_FEEDBACK_CHARS) {
        continue;
      }
      String shorter =
          Text.headTail(m.content(), COMPRESSED_FEEDBACK_CHARS)
              + "\n(output shortened to keep the conversation small)";
      size -= m.content().length() - shorter.length();
      messages.set(i, ChatMessage.user(shorter));
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  static String code(String code) {
    if (code == null) {
      return "";
    }
    Matcher m = FENCE.matcher(code);
    return m.matches() ? m.group(1) : code;
  }
}
