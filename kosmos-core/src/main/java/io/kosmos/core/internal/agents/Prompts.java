package io.kosmos.core.internal.agents;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The prompt set of the language model agents: one versioned file per prompt, shipped under {@code
 * io/kosmos/core/internal/agents/prompts/}, any of which a directory of overrides may replace. The
 * set has a version of its own ({@code prompt-set.properties}), which the agents' description, and
 * so {@code run.json} and the report, carry together with every overridden file and its version.
 */
public final class Prompts {

  /** Where the shipped prompts are on the class path. */
  public static final String RESOURCE_DIR = "/io/kosmos/core/internal/agents/prompts/";

  /** Every prompt, with the variables its template may use. */
  public enum Name {
    PLANNER_SYSTEM("planner.system"),
    PLANNER_USER(
        "planner.user",
        "objective",
        "cycle",
        "maxCycles",
        "maxTasks",
        "constraints",
        "explorationPercent",
        "explorationTasks",
        "exploitationTasks",
        "minDataTasks",
        "datasets",
        "noData",
        "literature",
        "summaries",
        "findings",
        "hypotheses",
        "conflicts",
        "questions",
        "triedTasks"),
    PLANNER_REVISE(
        "planner.revise",
        "scores",
        "problems",
        "feedback",
        "maxTasks",
        "constraints",
        "minMean",
        "minEach"),
    REVIEWER_SYSTEM("reviewer.system"),
    REVIEWER_USER(
        "reviewer.user",
        "objective",
        "cycle",
        "maxCycles",
        "maxTasks",
        "constraints",
        "explorationPercent",
        "explorationTasks",
        "exploitationTasks",
        "minDataTasks",
        "datasets",
        "literature",
        "plan",
        "summaries",
        "findings",
        "hypotheses",
        "triedTasks"),
    ANALYST_SYSTEM("analyst.system", "maxCells", "maxRepairs", "judging"),
    ANALYST_USER(
        "analyst.user",
        "objective",
        "cycle",
        "taskId",
        "goal",
        "description",
        "expectedOutput",
        "parameters",
        "hypothesis",
        "datasets",
        "profiles",
        "skills",
        "findings",
        "maxCells"),
    ANALYST_FEEDBACK(
        "analyst.feedback",
        "cell",
        "status",
        "output",
        "error",
        "figures",
        "failed",
        "cellsLeft",
        "repairsLeft",
        "next"),
    ANALYST_EMPTY("analyst.empty"),
    ANALYST_REPORT(
        "analyst.report",
        "cells",
        "stopReason",
        "expectedOutput",
        "hypotheses",
        "needProfile",
        "datasetNames"),
    LITERATURE_SYSTEM("literature.system"),
    LITERATURE_QUERIES(
        "literature.queries",
        "objective",
        "description",
        "expectedOutput",
        "parameters",
        "findings",
        "maxQueries"),
    LITERATURE_FINDINGS(
        "literature.findings",
        "objective",
        "description",
        "expectedOutput",
        "papers",
        "hypotheses"),
    SCHOLAR_EVAL_SYSTEM("scholar-eval.system"),
    SCHOLAR_EVAL_USER(
        "scholar-eval.user",
        "objective",
        "finding",
        "hypothesis",
        "evidence",
        "sameTask",
        "sameCycle",
        "related"),
    REPORT_SYSTEM("report.system"),
    REPORT_USER(
        "report.user",
        "objective",
        "summaries",
        "findings",
        "otherFindings",
        "hypotheses",
        "conflicts",
        "maxStatements");

    public final String file;
    public final Set<String> variables;

    Name(String file, String... variables) {
      this.file = file;
      this.variables = Set.of(variables);
    }

    public String fileName() {
      return file + ".md";
    }
  }

  private final int setVersion;
  private final Map<Name, PromptTemplate> templates;
  private final List<String> overridden;

  private Prompts(int setVersion, Map<Name, PromptTemplate> templates, List<String> overridden) {
    this.setVersion = setVersion;
    this.templates = templates;
    this.overridden = List.copyOf(overridden);
  }

  /**
   * The shipped prompts.
   *
   * @return the prompt set
   */
  public static Prompts builtIn() {
    return load(null);
  }

  /**
   * The shipped prompts, with the files of a directory in place of those of the same name.
   *
   * @param overrides a directory of {@code <prompt>.md} files, or {@code null}
   * @return the prompt set
   * @throws IllegalArgumentException if a file is malformed, uses a variable its prompt does not
   *     have, or is not the name of a prompt
   */
  public static Prompts load(Path overrides) {
    Map<Name, PromptTemplate> templates = new EnumMap<>(Name.class);
    for (Name name : Name.values()) {
      templates.put(name, check(name, PromptTemplate.parse(name.fileName(), resource(name))));
    }
    List<String> overridden = new ArrayList<>();
    if (overrides != null) {
      if (!Files.isDirectory(overrides)) {
        throw new IllegalArgumentException(
            "the prompt overrides directory " + overrides + " does not exist or is not a folder");
      }
      Map<String, Name> byFile = new LinkedHashMap<>();
      for (Name n : Name.values()) {
        byFile.put(n.fileName(), n);
      }
      try (DirectoryStream<Path> files = Files.newDirectoryStream(overrides, "*.md")) {
        List<Path> sorted = new ArrayList<>();
        files.forEach(sorted::add);
        sorted.sort(null);
        for (Path file : sorted) {
          String fileName = file.getFileName().toString();
          Name name = byFile.get(fileName);
          if (name == null) {
            throw new IllegalArgumentException(
                "the prompt override "
                    + file
                    + " is not the name of a prompt; the prompts are "
                    + new TreeSet<>(byFile.keySet()));
          }
          PromptTemplate t =
              check(name, PromptTemplate.parse(file.toString(), Files.readString(file)));
          templates.put(name, t);
          overridden.add(name.file + " v" + t.version());
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the prompt overrides in " + overrides, e);
      }
    }
    return new Prompts(setVersion(), templates, overridden);
  }

  private static PromptTemplate check(Name name, PromptTemplate t) {
    for (String v : t.variables()) {
      if (!name.variables.contains(v)) {
        throw new IllegalArgumentException(
            t.source()
                + " uses {{"
                + v
                + "}}, which the "
                + name.file
                + " prompt does not have; it has "
                + (name.variables.isEmpty() ? "no variables" : new TreeSet<>(name.variables)));
      }
    }
    return t;
  }

  private static String resource(Name name) {
    try (InputStream in = Prompts.class.getResourceAsStream(RESOURCE_DIR + name.fileName())) {
      if (in == null) {
        throw new IllegalStateException(
            "the prompt " + name.fileName() + " is not on the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int setVersion() {
    Properties p = new Properties();
    try (InputStream in =
        Prompts.class.getResourceAsStream(RESOURCE_DIR + "prompt-set.properties")) {
      if (in == null) {
        throw new IllegalStateException("prompt-set.properties is not on the class path");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Integer.parseInt(p.getProperty("version", "0").strip());
  }

  /**
   * Renders a prompt.
   *
   * @param name the prompt
   * @param values its variables; every one the template uses must be present (extra ones are
   *     ignored)
   * @return the text
   */
  public String render(Name name, Map<String, String> values) {
    return templates.get(name).render(values);
  }

  /**
   * Renders a prompt that has no variables.
   *
   * @param name the prompt
   * @return the text
   */
  public String text(Name name) {
    return render(name, Map.of());
  }

  /**
   * The version of one prompt.
   *
   * @param name the prompt
   * @return its file's version
   */
  public int version(Name name) {
    return templates.get(name).version();
  }

  /**
   * Every prompt's version.
   *
   * @return file name (without {@code .md}) to version
   */
  public Map<String, Integer> versions() {
    Map<String, Integer> out = new LinkedHashMap<>();
    templates.forEach((n, t) -> out.put(n.file, t.version()));
    return out;
  }

  /**
   * Names the set, for the agents' description: for example {@code prompts v2} or {@code prompts v2
   * with overrides: planner.user v2}.
   *
   * @return the label
   */
  public String describe() {
    return "prompts v"
        + setVersion
        + (overridden.isEmpty() ? "" : " with overrides: " + String.join(", ", overridden));
  }
}
