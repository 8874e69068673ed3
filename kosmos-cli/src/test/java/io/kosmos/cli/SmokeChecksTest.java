package io.kosmos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kosmos.api.ResearchWorkflow;
import io.kosmos.api.RunStatus;
import io.kosmos.core.fixtures.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks of {@code kosmos smoke} on a run the engine really wrote (the test team and scripted
 * executor of the core's tests), then on the same run damaged in the ways a broken deployment would
 * damage it: each damage fails its check and only its check.
 */
class SmokeChecksTest {

  @TempDir Path tmp;

  private Path run(int tasks) {
    Path data = Fixtures.dataset(tmp.resolve("data"));
    Path dir = tmp.resolve("run");
    try (ResearchWorkflow wf =
        Fixtures.builder(dir, data, Fixtures.executor(Duration.ZERO), Fixtures.Options.defaults())
            .build()) {
      assertThat(wf.run(1, tasks).status()).isEqualTo(RunStatus.COMPLETED);
    }
    return dir;
  }

  private static List<String> failed(Path dir, int tasks) {
    return SmokeChecks.of(dir, tasks).stream()
        .filter(c -> !c.passed())
        .map(SmokeChecks.Check::name)
        .toList();
  }

  @Test
  void aCompleteRunPassesEveryCheck() {
    Path dir = run(3);
    List<SmokeChecks.Check> checks = SmokeChecks.of(dir, 3);
    assertThat(checks)
        .extracting(SmokeChecks.Check::name)
        .containsExactly("run.json", "plan", "tasks", "findings", "report");
    assertThat(checks).allSatisfy(c -> assertThat(c.passed()).as(c.detail()).isTrue());
    assertThat(failed(dir, 4)).containsExactlyInAnyOrder("plan", "tasks", "report");
  }

  @Test
  void aCitedCellWithOtherCodeFailsTheFindingsCheck() throws Exception {
    Path dir = run(3);
    ObjectMapper json = new ObjectMapper();
    JsonNode citation =
        json.readTree(dir.resolve("world/findings.json").toFile())
            .path("findings")
            .get(0)
            .path("citations")
            .get(0);
    Path notebook = dir.resolve(citation.path("notebookPath").asText());
    JsonNode nb = json.readTree(notebook.toFile());
    ((ObjectNode) nb.path("cells").get(citation.path("cellIndex").asInt()))
        .put("source", "print('edited afterwards')\n");
    json.writeValue(notebook.toFile(), nb);
    assertThat(failed(dir, 3)).containsExactly("findings");
  }

  @Test
  void aMissingReportAndAFailedTaskFailTheirChecks() throws Exception {
    Path dir = run(3);
    Files.delete(dir.resolve("report/report.html"));
    assertThat(failed(dir, 3)).containsExactly("report");
    Path result = dir.resolve("cycles/1/tasks/c1-t02/result.json");
    Files.writeString(result, Files.readString(result).replace("\"SUCCEEDED\"", "\"FAILED\""));
    assertThat(failed(dir, 3)).containsExactly("tasks", "report");
  }

  @Test
  void anEmptyDirectoryFailsEverything() {
    assertThat(failed(tmp, 2)).containsExactly("run.json", "plan", "tasks", "findings", "report");
  }
}
