package io.kosmos.core.llm.agents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kosmos.api.Citation;
import io.kosmos.api.Finding;
import io.kosmos.api.WorldModel;
import io.kosmos.core.internal.artifacts.Hashing;
import io.kosmos.core.internal.artifacts.Json;
import io.kosmos.core.internal.artifacts.Layout;
import io.kosmos.core.internal.report.CitationChecker;
import io.kosmos.core.internal.report.ReportModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks of a finished run's artifacts that any test of a whole run can use: every statement of the
 * report cites something, every citation passes the engine's own {@link CitationChecker}, and every
 * cited notebook cell is in its notebook file, with the cited code, and ran without an error.
 */
public final class RunChecks {

  private RunChecks() {}

  /**
   * The report's model, read from {@code report/report.json}.
   *
   * @param runDir the artifacts directory
   * @return the report
   */
  public static ReportModel report(Path runDir) {
    return Json.read(runDir.resolve("report/report.json"), ReportModel.class);
  }

  /**
   * Asserts that every statement of the report (synthesis, key findings, other findings,
   * hypotheses, conflicts) cites at least one cell or paper that exists in the run, and that every
   * cited cell ran without an error.
   *
   * @param runDir the artifacts directory
   * @param world the run's world model ({@code workflow.world()} once the run ended)
   * @return how many cell citations were checked
   */
  public static int assertEveryStatementCitesAnExistingCell(Path runDir, WorldModel world) {
    ReportModel report = report(runDir);
    Layout layout = new Layout(runDir);
    CitationChecker checker = new CitationChecker(layout, world);
    List<ReportModel.Statement> all = new ArrayList<>(report.synthesis());
    report.keyFindings().forEach(e -> all.add(e.statement()));
    report.otherFindings().forEach(e -> all.add(e.statement()));
    all.addAll(report.supported());
    all.addAll(report.refuted());
    all.addAll(report.conflicts());
    int cells = 0;
    for (ReportModel.Statement s : all) {
      assertThat(s.citations()).as("citations of \"%s\"", s.text()).isNotEmpty();
      assertThat(checker.problems(s.citations())).as("\"%s\"", s.text()).isEmpty();
      for (Citation c : s.citations()) {
        if (c instanceof Citation.NotebookCell cell) {
          assertCellRan(runDir, cell);
          cells++;
        }
      }
    }
    for (Finding f : report.findings()) {
      assertThat(checker.problems(f.citations())).as(f.id()).isEmpty();
    }
    return cells;
  }

  private static void assertCellRan(Path runDir, Citation.NotebookCell cell) {
    JsonNode nb = Json.readTree(runDir.resolve(cell.notebookPath()));
    JsonNode c = nb.path("cells").path(cell.cellIndex());
    assertThat(c.path("cell_type").asText()).as(cell.label()).isEqualTo("code");
    StringBuilder source = new StringBuilder();
    JsonNode src = c.path("source");
    if (src.isArray()) {
      src.forEach(line -> source.append(line.asText()));
    } else {
      source.append(src.asText());
    }
    assertThat(Hashing.sha256(source.toString())).as(cell.label()).isEqualTo(cell.codeSha256());
    for (JsonNode output : c.path("outputs")) {
      assertThat(output.path("output_type").asText()).as(cell.label()).isNotEqualTo("error");
    }
  }
}
