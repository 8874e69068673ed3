package io.kosmos.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kosmos.api.InvalidInputException;
import io.kosmos.core.team.llm.LlmAgents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code kosmos resume} and {@code kosmos report} read from a run directory's {@code
 * run.json}: the objective, the datasets with their dictionaries, and the options the run was
 * started with, so that nothing has to be given again.
 *
 * @param dir the run directory
 * @param objective the objective
 * @param data the data files
 * @param dictionaries their dictionaries
 * @param cycles the cycles asked for
 * @param tasks the most tasks per cycle
 * @param concurrency tasks at once
 * @param maxRunTime the time limit, or {@code null}
 * @param status where the run stands
 * @param agents the team that last worked on the run ({@code Agents.description()}), or empty
 * @param cellTimeout the limit of one cell the run was started with, or {@code null}
 * @param taskTimeout the limit of one task the run was started with, or {@code null}
 */
record RunDirectory(
    Path dir,
    String objective,
    List<Path> data,
    List<Map<String, String>> dictionaries,
    int cycles,
    int tasks,
    int concurrency,
    Duration maxRunTime,
    String status,
    String agents,
    Duration cellTimeout,
    Duration taskTimeout) {

  /**
   * Whether the language model agents last worked on the run.
   *
   * @return whether they did
   */
  boolean byLanguageModel() {
    return agents.startsWith(LlmAgents.DESCRIPTION_PREFIX);
  }

  static RunDirectory read(Path dir) {
    Path file = dir.resolve("run.json");
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(
          dir.toAbsolutePath()
              + " is not a Kosmos run directory: it has no run.json (give the directory kosmos run"
              + " printed, for example runs/what-drives-...-20250101-120000)");
    }
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new InvalidInputException(file + " cannot be read: " + e.getMessage(), e);
    }
    List<Path> data = new ArrayList<>();
    List<Map<String, String>> dictionaries = new ArrayList<>();
    for (JsonNode d : root.path("datasets")) {
      data.add(Path.of(d.path("path").asText()));
      Map<String, String> dict = new LinkedHashMap<>();
      d.path("dictionary")
          .fields()
          .forEachRemaining(e -> dict.put(e.getKey(), e.getValue().asText()));
      dictionaries.add(dict);
    }
    JsonNode c = root.path("configuration");
    String limit = c.path("maxRunTime").asText("");
    return new RunDirectory(
        dir,
        root.path("objective").asText(),
        data,
        dictionaries,
        c.path("cyclesRequested").asInt(5),
        c.path("tasksPerCycle").asInt(10),
        c.path("maxConcurrentTasks").asInt(4),
        limit.isEmpty() || limit.equals("null") ? null : Duration.parse(limit),
        root.path("status").asText("?"),
        root.path("agents").asText(""),
        duration(c.path("cellTimeout")),
        duration(c.path("taskTimeout")));
  }

  private static Duration duration(JsonNode value) {
    String text = value.asText("");
    if (text.isEmpty() || text.equals("null")) {
      return null;
    }
    try {
      return Duration.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }
}
