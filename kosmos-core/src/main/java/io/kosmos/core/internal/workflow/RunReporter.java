package io.kosmos.core.internal.workflow;

import io.kosmos.api.ArtifactException;
import io.kosmos.api.BudgetExceededException;
import io.kosmos.api.Finding;
import io.kosmos.api.ModelAuthenticationException;
import io.kosmos.api.ReportContext;
import io.kosmos.api.ReportStatement;
import io.kosmos.api.ReportWriter;
import io.kosmos.api.ResearchEvent;
import io.kosmos.api.ResearchReport;
import io.kosmos.api.RunStatus;
import io.kosmos.core.internal.artifacts.AtomicFiles;
import io.kosmos.core.internal.artifacts.Hashing;
import io.kosmos.core.internal.artifacts.Json;
import io.kosmos.core.internal.artifacts.Layout;
import io.kosmos.core.internal.orchestration.Debug;
import io.kosmos.core.internal.orchestration.StopSignal;
import io.kosmos.core.internal.orchestration.TaskScheduler;
import io.kosmos.core.internal.report.HtmlRenderer;
import io.kosmos.core.internal.report.MarkdownRenderer;
import io.kosmos.core.internal.report.NotebookPages;
import io.kosmos.core.internal.report.ReportAssembler;
import io.kosmos.core.internal.report.ReportModel;
import io.kosmos.core.internal.world.WorldState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a run's {@code report/}: the last step of a call of {@code run()}, and all of {@code
 * report()}. The {@link ReportWriter} is asked for the synthesis, which is kept in {@code
 * synthesis.json} and reused while the findings (and their validation) stay the same, so that
 * {@code report()} on a finished run costs no model call. Then {@link ReportAssembler} checks every
 * citation and the model is rendered as Markdown, HTML and JSON.
 */
final class RunReporter {

  private static final Logger LOG = LoggerFactory.getLogger(RunReporter.class);

  /** {@code report/synthesis.json}: the last synthesis, reused while the findings are the same. */
  record SynthesisFile(int formatVersion, String fingerprint, List<ReportStatement> statements) {}

  private final Layout layout;
  private final ReportWriter writer;
  private final String objective;
  private final EventBus events;

  RunReporter(Layout layout, ReportWriter writer, String objective, EventBus events) {
    this.layout = layout;
    this.writer = writer;
    this.objective = objective;
    this.events = events;
  }

  /**
   * Asks the report writer for the synthesis and saves it.
   *
   * @param w the world model
   * @param summaries the cycle summaries
   * @param signal the run's stop signal, to stop on a spent budget or rejected credentials, or
   *     {@code null} outside a run
   * @return the synthesis, or why there is none
   */
  ReportAssembler.Synthesis synthesize(WorldState w, List<String> summaries, StopSignal signal) {
    if (signal != null && signal.fatal() instanceof ModelAuthenticationException) {
      return new ReportAssembler.Synthesis(
          List.of(), "the language model rejected its credentials, so it was not written");
    }
    try {
      List<ReportStatement> statements =
          writer.synthesize(new ReportContext(objective, w, summaries));
      ReportAssembler.Synthesis s =
          new ReportAssembler.Synthesis(statements == null ? List.of() : statements, null);
      Json.write(
          synthesisFile(),
          new SynthesisFile(Json.FORMAT_VERSION, fingerprint(w), s.statements()),
          AtomicFiles.Durability.REBUILDABLE);
      return s;
    } catch (BudgetExceededException e) {
      if (signal != null) {
        signal.request(
            RunStatus.BUDGET_SPENT,
            "the budget was spent while writing the report synthesis: " + e.getMessage(),
            false);
      }
      return new ReportAssembler.Synthesis(
          List.of(), "the budget was spent before it could be written (" + e.getMessage() + ")");
    } catch (ModelAuthenticationException e) {
      if (signal != null) {
        signal.fail(e, TaskScheduler.credentialsRejected(e));
      }
      return new ReportAssembler.Synthesis(
          List.of(), "the language model rejected its credentials: " + e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn(
          "the report writer failed; the report has no synthesis: {}",
          Debug.describe(e),
          Debug.trace(e));
      return new ReportAssembler.Synthesis(
          List.of(), "the report writer failed: " + ResearchEngine.describe(e));
    }
  }

  /**
   * The saved synthesis, if it was written for these findings.
   *
   * @param w the world model
   * @return the synthesis, or {@code null} if there is none for these findings
   */
  ReportAssembler.Synthesis cached(WorldState w) {
    Path file = synthesisFile();
    if (!Files.exists(file)) {
      return null;
    }
    SynthesisFile saved;
    try {
      saved = Json.read(file, SynthesisFile.class);
    } catch (ArtifactException e) {
      LOG.warn("ignoring the cached synthesis: {}", e.getMessage());
      return null;
    }
    if (!fingerprint(w).equals(saved.fingerprint()) || saved.statements() == null) {
      return null;
    }
    return new ReportAssembler.Synthesis(saved.statements(), null);
  }

  /**
   * Assembles, checks and writes the report.
   *
   * @param in what the report is made from
   * @return the report
   * @throws ArtifactException if a statement cites a cell or a paper the run does not have
   */
  ResearchReport write(ReportAssembler.Inputs in) {
    ReportModel model = ReportAssembler.assemble(in);
    NotebookPages.write(layout, model);
    String markdown = MarkdownRenderer.render(model, in.world());
    String html = HtmlRenderer.render(model, in.world(), layout);
    String json = Json.text(model);
    Path dir = layout.reportDir();
    AtomicFiles.writeString(dir.resolve("report.md"), markdown, AtomicFiles.Durability.REBUILDABLE);
    AtomicFiles.writeString(dir.resolve("report.html"), html, AtomicFiles.Durability.REBUILDABLE);
    AtomicFiles.writeString(dir.resolve("report.json"), json, AtomicFiles.Durability.REBUILDABLE);
    events.emit(new ResearchEvent.ReportWritten(dir));
    return new ResearchReport(markdown, html, json, dir);
  }

  private Path synthesisFile() {
    return layout.reportDir().resolve("synthesis.json");
  }

  private static String fingerprint(WorldState w) {
    StringBuilder sb = new StringBuilder();
    for (Finding f : w.findings()) {
      sb.append(f.id()).append(f.isValidated() ? '+' : '-').append('\n');
    }
    return Hashing.sha256(sb.toString());
  }
}
