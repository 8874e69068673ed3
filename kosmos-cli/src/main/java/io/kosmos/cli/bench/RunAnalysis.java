package io.kosmos.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kosmos.api.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads where the time of a finished run went from the run's own files, so that a run made by any
 * build (an older one too, which has no benchmark) can be measured and compared: {@code run.json}
 * (elapsed, start), each task's {@code result.json} (start, elapsed, findings) and its notebook
 * (the cells' {@code kosmos_elapsed_ms}, and {@code kosmos.sessionOpenMs} where the build records
 * it). A file that is missing or that an older build wrote without a field degrades to "n/a" for
 * the figures that need it; only a folder that is no run at all is refused.
 */
public final class RunAnalysis {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The statistics compared between runs, in the order they print. */
  private static final List<String> STATISTICS =
      List.of("test", "statistic", "pValue", "adjustedP", "effectSize", "ciLow", "ciHigh", "n");

  private RunAnalysis() {}

  /**
   * Reads a run directory.
   *
   * @param dir the run directory ({@code run.json} and {@code cycles/})
   * @return its figures
   * @throws InvalidInputException if {@code dir} is not a run directory or its files cannot be read
   */
  public static RunFigures read(Path dir) {
    Path runJson = dir.resolve("run.json");
    if (!Files.isRegularFile(runJson)) {
      throw new InvalidInputException(
          dir
              + " is not a run directory (it has no run.json); give the folder a `kosmos run` wrote,"
              + " for example runs/<name>");
    }
    JsonNode run = tree(runJson);
    List<Task> tasks = new ArrayList<>();
    Path cycles = dir.resolve("cycles");
    if (Files.isDirectory(cycles)) {
      try (Stream<Path> files = Files.find(cycles, 4, (p, a) -> p.endsWith("result.json"))) {
        for (Path p : files.sorted().toList()) {
          tasks.add(task(dir, p));
        }
      } catch (IOException e) {
        throw new InvalidInputException("cannot list the tasks of " + dir + ": " + e.getMessage());
      }
    }
    Instant created = instant(run.path("createdAt").asText(""));
    long wall = millis(run.path("elapsed").asText(""));
    if (wall <= 0 && created != null) {
      Instant updated = instant(run.path("updatedAt").asText(""));
      wall = updated == null ? -1 : Duration.between(created, updated).toMillis();
    }
    long taskMs = 0;
    long cellMs = 0;
    long[] recorded = {0, 0, 0}; // session open, analysis, intake
    boolean[] known = new boolean[3];
    int cells = 0;
    int dataTasks = 0;
    List<RunFigures.FindingFigures> findings = new ArrayList<>();
    for (Task t : tasks) {
      taskMs += t.elapsedMs;
      cellMs += t.cellMs;
      cells += t.cells;
      if (t.notebook) {
        dataTasks++;
      }
      for (int k = 0; k < 3; k++) {
        if (t.recorded[k] >= 0) {
          recorded[k] += t.recorded[k];
          known[k] = true;
        }
      }
      findings.addAll(t.findings);
    }
    findings.sort(Comparator.comparing(RunFigures.FindingFigures::id));
    return new RunFigures(
        dir.toString(),
        run.path("objective").asText(""),
        run.path("agents").asText(""),
        run.path("cyclesCompleted").asInt(),
        tasks.size(),
        dataTasks,
        cells,
        wall,
        taskMs,
        cellMs,
        known[0] ? recorded[0] : -1,
        known[1] ? recorded[1] : -1,
        known[2] ? recorded[2] : -1,
        slotWait(tasks),
        phases(tasks, created, wall),
        findings);
  }

  /** One committed task as the figures need it. */
  private record Task(
      int cycle,
      Instant startedAt,
      long elapsedMs,
      boolean notebook,
      int cells,
      long cellMs,
      long[] recorded,
      List<RunFigures.FindingFigures> findings) {

    Instant endedAt() {
      return startedAt == null ? null : startedAt.plusMillis(elapsedMs);
    }
  }

  private static Task task(Path dir, Path resultJson) {
    JsonNode r = tree(resultJson);
    long cellMs = 0;
    int cells = 0;
    long[] recorded = {-1, -1, -1};
    boolean hasNotebook = false;
    String nb = r.path("notebook").asText("");
    Path notebook = nb.isEmpty() ? resultJson.resolveSibling("notebook.ipynb") : dir.resolve(nb);
    if (Files.isRegularFile(notebook)) {
      hasNotebook = true;
      JsonNode root = tree(notebook);
      for (JsonNode cell : root.path("cells")) {
        if ("code".equals(cell.path("cell_type").asText())) {
          cells++;
          cellMs += Math.max(0, cell.path("metadata").path("kosmos_elapsed_ms").asLong(0));
        }
      }
      JsonNode kosmos = root.path("metadata").path("kosmos");
      List<String> names = List.of("sessionOpenMs", "analysisMs", "intakeMs");
      for (int k = 0; k < names.size(); k++) {
        JsonNode v = kosmos.path(names.get(k));
        recorded[k] = v.isNumber() ? v.asLong() : -1;
      }
    }
    List<RunFigures.FindingFigures> findings = new ArrayList<>();
    for (JsonNode f : r.path("findings")) {
      findings.add(finding(f));
    }
    return new Task(
        r.path("cycle").asInt(),
        instant(r.path("startedAt").asText("")),
        Math.max(0, millis(r.path("elapsed").asText(""))),
        hasNotebook,
        cells,
        cellMs,
        recorded,
        findings);
  }

  static RunFigures.FindingFigures finding(JsonNode f) {
    Map<String, String> stats = new LinkedHashMap<>();
    JsonNode s = f.path("statistics");
    for (String name : STATISTICS) {
      JsonNode v = s.path(name);
      if (v.isMissingNode() || v.isNull()) {
        continue;
      }
      stats.put(name, v.isNumber() ? printed(v.asDouble()) : v.asText());
    }
    Map<String, String> extra = new TreeMap<>();
    s.path("extra")
        .properties()
        .forEach(e -> extra.put(e.getKey(), printed(e.getValue().asDouble())));
    extra.forEach((k, v) -> stats.put("extra." + k, v));
    return new RunFigures.FindingFigures(
        f.path("id").asText(""), f.path("claim").asText(""), stats);
  }

  /** A number as a report prints it: three significant digits. */
  static String printed(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return Double.toString(v);
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e9) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%.3g", v);
  }

  /** Each task's start less the start of the first task of its cycle, added up. */
  private static long slotWait(List<Task> tasks) {
    Map<Integer, Instant> first = firstStarts(tasks);
    long sum = 0;
    for (Task t : tasks) {
      Instant f = first.get(t.cycle);
      if (t.startedAt != null && f != null) {
        sum += Duration.between(f, t.startedAt).toMillis();
      }
    }
    return sum;
  }

  private static Map<Integer, Instant> firstStarts(List<Task> tasks) {
    Map<Integer, Instant> first = new TreeMap<>();
    for (Task t : tasks) {
      if (t.startedAt != null) {
        first.merge(t.cycle, t.startedAt, (a, b) -> a.isBefore(b) ? a : b);
      }
    }
    return first;
  }

  private static Map<String, Long> phases(List<Task> tasks, Instant created, long wallMs) {
    Map<Integer, Instant> first = firstStarts(tasks);
    Map<Integer, Instant> last = new TreeMap<>();
    for (Task t : tasks) {
      if (t.endedAt() != null) {
        last.merge(t.cycle, t.endedAt(), (a, b) -> a.isAfter(b) ? a : b);
      }
    }
    Map<String, Long> phases = new LinkedHashMap<>();
    if (first.isEmpty() || created == null) {
      return phases;
    }
    long taskSpan = 0;
    long planning = 0;
    Instant previousEnd = null;
    for (Map.Entry<Integer, Instant> e : first.entrySet()) {
      Instant end = last.get(e.getKey());
      taskSpan += Duration.between(e.getValue(), end).toMillis();
      if (previousEnd != null) {
        planning += Math.max(0, Duration.between(previousEnd, e.getValue()).toMillis());
      }
      previousEnd = end;
    }
    long setup = Duration.between(created, first.values().iterator().next()).toMillis();
    phases.put("setup (run start to first task)", setup);
    phases.put("planning between cycles", planning);
    phases.put("tasks (cycle spans)", taskSpan);
    if (wallMs > 0) {
      phases.put(
          "closing (last task to run end)", Math.max(0, wallMs - setup - planning - taskSpan));
    }
    return phases;
  }

  private static JsonNode tree(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new InvalidInputException("cannot read " + file + ": " + e.getMessage());
    }
  }

  private static Instant instant(String text) {
    try {
      return text.isEmpty() ? null : Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * An ISO-8601 duration ({@code PT1.5S}) or a number of seconds, in milliseconds; -1 if neither.
   */
  static long millis(String text) {
    if (text.isEmpty()) {
      return -1;
    }
    try {
      return Duration.parse(text).toMillis();
    } catch (DateTimeParseException e) {
      try {
        return Math.round(Double.parseDouble(text) * 1000);
      } catch (NumberFormatException n) {
        return -1;
      }
    }
  }
}
