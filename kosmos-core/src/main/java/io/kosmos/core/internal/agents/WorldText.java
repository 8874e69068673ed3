package io.kosmos.core.internal.agents;

import io.kosmos.api.Dataset;
import io.kosmos.api.Finding;
import io.kosmos.api.Hypothesis;
import io.kosmos.api.Plan;
import io.kosmos.api.Relation;
import io.kosmos.api.Task;
import io.kosmos.api.TaskKind;
import io.kosmos.api.WorldModel;
import io.kosmos.core.internal.compression.Compressor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The world model as prompt text, every part bounded: a prompt of cycle 20 is about as long as one
 * of cycle 2. Findings are shown as the compressed one-line form the cycle summaries use (id,
 * validation, claim, every statistic, citations), so that the models see the same numbers people
 * do.
 */
public final class WorldText {

  public static final int MAX_SUMMARIES = 3;
  public static final int MAX_SUMMARY_CHARS = 2_500;
  public static final int MAX_FINDINGS = 15;
  public static final int MAX_HYPOTHESES = 15;
  public static final int MAX_CONFLICTS = 10;
  public static final int MAX_QUESTIONS = 10;
  public static final int MAX_TRIED_TASKS = 30;
  public static final int MAX_PROFILE_CHARS = 3_000;

  /**
   * The world model note under which a dataset's profile is shared between tasks (followed by the
   * dataset's name); the offline team's ledger uses the same key.
   */
  public static final String PROFILE_NOTE_PREFIX = "profile:";

  public static final int MAX_LINE = 300;

  private WorldText() {}

  /** The note key of a dataset's profile. */
  public static String profileKey(String dataset) {
    return PROFILE_NOTE_PREFIX + dataset;
  }

  /**
   * The datasets: name, path in the sandbox, size, described columns.
   *
   * @param datasets the datasets
   * @return one block per dataset
   */
  public static String datasets(List<Dataset> datasets) {
    List<String> out = new ArrayList<>();
    for (Dataset d : datasets) {
      StringBuilder sb = new StringBuilder();
      sb.append(d.name())
          .append(" at ")
          .append(d.mountPath())
          .append(" (")
          .append(d.sizeBytes())
          .append(" bytes)");
      if (!d.dictionary().isEmpty()) {
        sb.append("; columns described by the user:");
        int shown = 0;
        for (Map.Entry<String, String> e : new TreeMap<>(d.dictionary()).entrySet()) {
          if (shown++ >= 60) {
            sb.append("\n  - … ").append(d.dictionary().size() - 60).append(" more");
            break;
          }
          sb.append("\n  - ").append(e.getKey()).append(": ").append(Text.clip(e.getValue(), 200));
        }
      }
      out.add(sb.toString());
    }
    return Text.bullets(out);
  }

  /**
   * The datasets with a first look at each file (columns, kinds, warnings), for prompts written
   * before any task has profiled the data.
   *
   * @param datasets the datasets
   * @return the list, then the previews
   */
  public static String datasetsWithPreview(List<Dataset> datasets) {
    return datasets(datasets)
        + "\n\nA first look at the files, read by Kosmos before any task profiled them:\n\n"
        + DataPreview.describe(datasets);
  }

  /**
   * The data profiles earlier tasks left as notes ({@code profile:<dataset>}).
   *
   * @param datasets the datasets
   * @param world the world model
   * @return a block per profiled dataset, or empty when none is profiled
   */
  public static String profiles(List<Dataset> datasets, WorldModel world) {
    StringBuilder sb = new StringBuilder();
    for (Dataset d : datasets) {
      world
          .note(profileKey(d.name()))
          .filter(p -> !p.isBlank())
          .ifPresent(
              p -> {
                if (!sb.isEmpty()) {
                  sb.append("\n\n");
                }
                sb.append("## ")
                    .append(d.name())
                    .append('\n')
                    .append(Text.clip(p.strip(), MAX_PROFILE_CHARS));
              });
    }
    return sb.toString();
  }

  /**
   * The datasets that have no profile note yet.
   *
   * @param datasets the datasets
   * @param world the world model
   * @return their names
   */
  public static List<String> unprofiled(List<Dataset> datasets, WorldModel world) {
    return datasets.stream()
        .map(Dataset::name)
        .filter(n -> world.note(profileKey(n)).map(String::isBlank).orElse(true))
        .toList();
  }

  /**
   * The last cycle summaries.
   *
   * @param summaries every summary, oldest first
   * @return the last few, each bounded
   */
  public static String summaries(List<String> summaries) {
    int from = Math.max(0, summaries.size() - MAX_SUMMARIES);
    StringBuilder sb = new StringBuilder();
    if (from > 0) {
      sb.append("(").append(from).append(" earlier cycle summaries not shown)\n\n");
    }
    for (int i = from; i < summaries.size(); i++) {
      sb.append(Text.clip(summaries.get(i).strip(), MAX_SUMMARY_CHARS)).append("\n\n");
    }
    return sb.toString().strip();
  }

  /**
   * The last cycle summaries as prompts show them: without their lists of findings, hypotheses and
   * open questions, which the prompts give once each in sections of their own.
   *
   * @param summaries every summary, oldest first
   * @return the last few, each bounded
   */
  public static String summariesForPrompt(List<String> summaries) {
    List<String> stripped = new ArrayList<>();
    for (String s : summaries) {
      stripped.add(withoutSections(s, "## Findings", "## Open hypotheses", "## Open questions"));
    }
    return summaries(stripped);
  }

  /** A Markdown text without the sections that start with one of the headings. */
  static String withoutSections(String text, String... headings) {
    StringBuilder out = new StringBuilder();
    boolean skipping = false;
    for (String line : text.split("\n", -1)) {
      if (line.startsWith("#")) {
        skipping = false;
        for (String h : headings) {
          if (line.strip().equals(h)) {
            skipping = true;
          }
        }
      }
      if (!skipping) {
        out.append(line).append('\n');
      }
    }
    return out.toString().replaceAll("\n{3,}", "\n\n").strip();
  }

  /**
   * The best validated findings and the most recent ones, each once.
   *
   * @param world the world model
   * @return one line per finding
   */
  public static String findings(WorldModel world) {
    Map<String, Finding> shown = new LinkedHashMap<>();
    for (Finding f : world.validatedFindings(MAX_FINDINGS)) {
      shown.putIfAbsent(f.id(), f);
    }
    for (Finding f : world.recentFindings(MAX_FINDINGS)) {
      shown.putIfAbsent(f.id(), f);
    }
    List<String> lines = new ArrayList<>();
    for (Finding f : shown.values()) {
      lines.add(findingLine(f));
    }
    int total = world.findings().size();
    String text = String.join("\n", lines);
    if (total > shown.size()) {
      text += "\n(" + (total - shown.size()) + " older findings not shown)";
    }
    return lines.isEmpty() ? "" : text;
  }

  /**
   * One finding as a line: id, validation, claim, statistics, citations.
   *
   * @param f the finding
   * @return the line, starting with {@code "- "}
   */
  public static String findingLine(Finding f) {
    return Text.clip(Compressor.findingLine(f), 2 * MAX_LINE);
  }

  /**
   * Open hypotheses with their ids.
   *
   * @param world the world model
   * @return one line per hypothesis
   */
  public static String openHypotheses(WorldModel world) {
    return hypotheses(world.openHypotheses());
  }

  public static String hypotheses(List<Hypothesis> hypotheses) {
    List<String> lines = new ArrayList<>();
    int from = Math.max(0, hypotheses.size() - MAX_HYPOTHESES);
    for (Hypothesis h : hypotheses.subList(from, hypotheses.size())) {
      lines.add(hypothesisLine(h));
    }
    String text = Text.bullets(lines);
    if (from > 0) {
      text += "\n(" + from + " older hypotheses not shown)";
    }
    return text;
  }

  /**
   * Every hypothesis of the run, bounded: the open ones first, then those already supported or
   * refuted (the latest), so that a planner sees what a task proposed even once its own findings
   * decided it.
   *
   * @param world the world model
   * @return one line per hypothesis
   */
  public static String allHypotheses(WorldModel world) {
    List<Hypothesis> all = world.hypotheses();
    List<Hypothesis> open = new ArrayList<>();
    List<Hypothesis> decided = new ArrayList<>();
    for (Hypothesis h : all) {
      (h.status() == io.kosmos.api.HypothesisStatus.OPEN ? open : decided).add(h);
    }
    List<String> lines = new ArrayList<>();
    int fromOpen = Math.max(0, open.size() - MAX_HYPOTHESES);
    for (Hypothesis h : open.subList(fromOpen, open.size())) {
      lines.add(hypothesisLine(h));
    }
    int room = Math.max(0, MAX_HYPOTHESES - lines.size());
    int fromDecided = Math.max(0, decided.size() - room);
    for (Hypothesis h : decided.subList(fromDecided, decided.size())) {
      lines.add(hypothesisLine(h));
    }
    String text = Text.bullets(lines);
    int left = fromOpen + fromDecided;
    if (left > 0) {
      text += "\n(" + left + " older hypotheses not shown)";
    }
    return text;
  }

  public static String hypothesisLine(Hypothesis h) {
    String predicts =
        switch (h.expectedDirection()) {
          case POSITIVE -> "predicts a positive effect, ";
          case NEGATIVE -> "predicts a negative effect, ";
          case NONE -> "predicts no effect, ";
          case UNSPECIFIED -> "";
        };
    return String.format(
        Locale.ROOT,
        "%s [%s, %sconfidence %.2f, %d for, %d against]: %s",
        h.id(),
        h.status(),
        predicts,
        h.confidence(),
        h.supportingFindings().size(),
        h.refutingFindings().size(),
        Text.clip(h.statement().strip(), MAX_LINE));
  }

  /**
   * Conflicting findings.
   *
   * @param world the world model
   * @return one line per conflict, the latest first
   */
  public static String conflicts(WorldModel world) {
    List<Relation> all = world.conflicts();
    List<String> lines = new ArrayList<>();
    for (int i = all.size() - 1; i >= 0 && lines.size() < MAX_CONFLICTS; i--) {
      Relation r = all.get(i);
      String a = world.finding(r.from()).map(Finding::claim).orElse("?");
      String b = world.finding(r.to()).map(Finding::claim).orElse("?");
      lines.add(
          r.from()
              + " ("
              + Text.clip(a, 150)
              + ") conflicts with "
              + r.to()
              + " ("
              + Text.clip(b, 150)
              + ")");
    }
    return Text.bullets(lines);
  }

  /**
   * Open questions, the latest first.
   *
   * @param world the world model
   * @return one line per question
   */
  public static String questions(WorldModel world) {
    List<String> all = world.openQuestions();
    List<String> lines = new ArrayList<>();
    for (int i = all.size() - 1; i >= 0 && lines.size() < MAX_QUESTIONS; i--) {
      lines.add(Text.clip(all.get(i).strip(), MAX_LINE));
    }
    return Text.bullets(lines);
  }

  /**
   * The tasks already tried, the latest ones.
   *
   * @param world the world model
   * @return one line per task
   */
  public static String triedTasks(WorldModel world) {
    List<Task> all = world.triedTasks();
    int from = Math.max(0, all.size() - MAX_TRIED_TASKS);
    List<String> lines = new ArrayList<>();
    for (Task t : all.subList(from, all.size())) {
      lines.add(t.id() + " [" + kind(t.kind()) + "] " + Text.clip(t.description().strip(), 200));
    }
    String text = Text.bullets(lines);
    if (from > 0) {
      text = "(" + from + " earlier tasks not shown)\n" + text;
    }
    return text;
  }

  /**
   * A plan as the reviewer sees it.
   *
   * @param plan the plan
   * @return the rationale and one block per task
   */
  public static String plan(Plan plan) {
    StringBuilder sb = new StringBuilder();
    sb.append("Rationale: ").append(Text.clip(plan.rationale().strip(), 1500)).append('\n');
    int i = 1;
    for (Task t : plan.tasks()) {
      sb.append('\n').append(i++).append(". ").append(taskBlock(t));
    }
    if (plan.tasks().isEmpty()) {
      sb.append("\n(no tasks)");
    }
    return sb.toString();
  }

  public static String taskBlock(Task t) {
    StringBuilder sb = new StringBuilder();
    sb.append('[')
        .append(kind(t.kind()))
        .append(", ")
        .append(t.goal().name().toLowerCase(Locale.ROOT))
        .append("] ")
        .append(Text.clip(t.description().strip(), 800));
    sb.append("\n   Expected output: ").append(Text.clip(t.expectedOutput().strip(), 400));
    if (t.hypothesisId() != null) {
      sb.append("\n   Hypothesis: ").append(t.hypothesisId());
    }
    if (!t.parameters().isEmpty()) {
      sb.append("\n   Parameters: ").append(parameters(t));
    }
    return sb.toString();
  }

  public static String parameters(Task t) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, String> e : new TreeMap<>(t.parameters()).entrySet()) {
      parts.add(e.getKey() + " = " + Text.clip(e.getValue(), 300));
    }
    return String.join("; ", parts);
  }

  public static String kind(TaskKind kind) {
    return kind == TaskKind.DATA_ANALYSIS ? "data analysis" : "literature";
  }
}
