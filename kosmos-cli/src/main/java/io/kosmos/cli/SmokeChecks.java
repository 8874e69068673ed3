package io.kosmos.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What {@code kosmos smoke} checks in the directory of its run, each check one line of the verdict:
 * the run completed its cycle, the plan holds the tasks asked for, every task succeeded with an
 * executed notebook, every finding cites a code cell that exists, ran and has the code the citation
 * hashes, and the report was written in its three forms with every key finding cited. It reads the
 * files as an auditor would, with no help from the engine.
 */
final class SmokeChecks {

  /**
   * One check.
   *
   * @param name what was checked
   * @param passed whether it passed
   * @param detail what was found
   */
  record Check(String name, boolean passed, String detail) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final List<Check> checks = new ArrayList<>();

  private SmokeChecks(Path dir) {
    this.dir = dir;
  }

  /**
   * Checks a run directory.
   *
   * @param dir the run directory
   * @param tasks the tasks the run was asked for
   * @return the checks, in order
   */
  static List<Check> of(Path dir, int tasks) {
    SmokeChecks c = new SmokeChecks(dir);
    c.run();
    c.plan(tasks);
    c.tasks(tasks);
    c.findings();
    c.report(tasks);
    return List.copyOf(c.checks);
  }

  private void add(String name, boolean passed, String detail) {
    checks.add(new Check(name, passed, detail));
  }

  private JsonNode read(String path) {
    Path file = dir.resolve(path);
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      return null;
    }
  }

  private void run() {
    JsonNode run = read("run.json");
    if (run == null) {
      add("run.json", false, "missing or not JSON");
      return;
    }
    String status = run.path("status").asText();
    int cycles = run.path("cyclesCompleted").asInt();
    add(
        "run.json",
        status.equals("COMPLETED") && cycles == 1,
        "status " + status + ", " + cycles + " cycle(s) completed");
  }

  private void plan(int tasks) {
    JsonNode plan = read("cycles/1/plan.json");
    int n = plan == null ? -1 : plan.path("plan").path("tasks").size();
    add(
        "plan",
        n == tasks,
        plan == null ? "cycles/1/plan.json missing" : n + " task(s) planned of " + tasks);
  }

  private void tasks(int tasks) {
    Path tasksDir = dir.resolve("cycles/1/tasks");
    List<String> problems = new ArrayList<>();
    int ok = 0;
    int cells = 0;
    try (var dirs = Files.list(tasksDir)) {
      for (Path task : dirs.sorted().toList()) {
        String id = task.getFileName().toString();
        JsonNode result = read("cycles/1/tasks/" + id + "/result.json");
        JsonNode notebook = read("cycles/1/tasks/" + id + "/notebook.ipynb");
        if (result == null || !result.path("status").asText().equals("SUCCEEDED")) {
          problems.add(id + ": " + (result == null ? "no result.json" : "not SUCCEEDED"));
        } else if (notebook == null || notebook.path("nbformat").asInt() != 4) {
          problems.add(id + ": no nbformat 4 notebook");
        } else {
          int executed = executedCells(notebook);
          if (executed == 0) {
            problems.add(id + ": no executed code cell with output");
          } else {
            ok++;
            cells += executed;
          }
        }
      }
    } catch (IOException e) {
      problems.add("cannot list " + tasksDir + ": " + e.getMessage());
    }
    add(
        "tasks",
        problems.isEmpty() && ok == tasks,
        problems.isEmpty()
            ? ok + " task(s) succeeded, " + cells + " executed cell(s) with output"
            : String.join("; ", problems));
  }

  private static int executedCells(JsonNode notebook) {
    int n = 0;
    for (JsonNode cell : notebook.path("cells")) {
      if (cell.path("cell_type").asText().equals("code")
          && !cell.path("execution_count").isNull()
          && cell.path("outputs").size() > 0) {
        n++;
      }
    }
    return n;
  }

  private void findings() {
    JsonNode world = read("world/findings.json");
    if (world == null) {
      add("findings", false, "world/findings.json missing");
      return;
    }
    int findings = 0;
    int cited = 0;
    List<String> problems = new ArrayList<>();
    for (JsonNode f : world.path("findings")) {
      findings++;
      boolean hasCell = false;
      for (JsonNode c : f.path("citations")) {
        if (c.path("type").asText().equals("cell")) {
          String problem = checkCell(c);
          if (problem == null) {
            hasCell = true;
          } else {
            problems.add(f.path("id").asText() + ": " + problem);
          }
        }
      }
      if (hasCell) {
        cited++;
      } else if (f.path("kind").asText().equals("DATA_ANALYSIS")) {
        problems.add(f.path("id").asText() + ": cites no cell");
      }
    }
    add(
        "findings",
        findings > 0 && problems.isEmpty(),
        problems.isEmpty()
            ? findings + " finding(s), " + cited + " citing an executed cell with matching code"
            : String.join("; ", problems.subList(0, Math.min(3, problems.size()))));
  }

  /** Why a cell citation does not hold, or null if it does. */
  private String checkCell(JsonNode citation) {
    JsonNode notebook = read(citation.path("notebookPath").asText());
    if (notebook == null) {
      return "cited notebook " + citation.path("notebookPath").asText() + " missing";
    }
    JsonNode cell = notebook.path("cells").path(citation.path("cellIndex").asInt());
    if (!cell.path("cell_type").asText().equals("code")) {
      return "cited cell " + citation.path("cellIndex").asInt() + " is not a code cell";
    }
    StringBuilder source = new StringBuilder();
    if (cell.path("source").isArray()) {
      cell.path("source").forEach(line -> source.append(line.asText()));
    } else {
      source.append(cell.path("source").asText());
    }
    if (!sha256(source.toString()).equals(citation.path("codeSha256").asText())) {
      return "cited cell " + citation.path("cellIndex").asInt() + " has other code than cited";
    }
    return null;
  }

  private void report(int tasks) {
    boolean files =
        Files.isRegularFile(dir.resolve("report/report.md"))
            && Files.isRegularFile(dir.resolve("report/report.html"));
    JsonNode report = read("report/report.json");
    if (!files || report == null) {
      add("report", false, "report/report.md, .html or .json missing");
      return;
    }
    int keyFindings = report.path("keyFindings").size();
    int uncited = 0;
    for (JsonNode k : report.path("keyFindings")) {
      if (k.path("finding").path("citations").isEmpty()) {
        uncited++;
      }
    }
    int done = report.path("facts").path("tasksCompleted").asInt();
    add(
        "report",
        keyFindings > 0 && uncited == 0 && done == tasks,
        "report.md, report.html, report.json; "
            + keyFindings
            + " key finding(s), "
            + uncited
            + " without a citation; "
            + done
            + " task(s) reported done");
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
