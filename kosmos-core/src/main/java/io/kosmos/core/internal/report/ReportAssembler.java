package io.kosmos.core.internal.report;

import io.kosmos.api.ArtifactException;
import io.kosmos.api.Citation;
import io.kosmos.api.Finding;
import io.kosmos.api.Hypothesis;
import io.kosmos.api.HypothesisStatus;
import io.kosmos.api.Relation;
import io.kosmos.api.ReportStatement;
import io.kosmos.api.RunStatus;
import io.kosmos.api.WorldModel;
import io.kosmos.core.internal.artifacts.CompressionRecord;
import io.kosmos.core.internal.artifacts.Json;
import io.kosmos.core.internal.artifacts.Layout;
import io.kosmos.core.internal.artifacts.PlanRecord;
import io.kosmos.core.internal.artifacts.RunRecord;
import io.kosmos.core.internal.artifacts.TaskRecord;
import io.kosmos.core.internal.compression.Compressor;
import io.kosmos.core.internal.compression.Numbers;
import io.kosmos.core.internal.literature.SearchLog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Assembles the {@link ReportModel} of a run from its record, world model, plans, task results and
 * the report writer's synthesis, and checks that every statement cites a cell or a paper that
 * exists in the run. Synthesis statements that cite findings the run does not have, state numbers
 * those findings do not hold or name papers the run did not retrieve are removed and listed; any
 * other statement whose citations do not check out fails the build with an {@link
 * ArtifactException} that lists them.
 */
public final class ReportAssembler {

  /** Most validated findings shown as key findings. */
  static final int KEY_FINDINGS = 30;

  /** Most findings shown among those that did not pass validation. */
  static final int OTHER_FINDINGS = 15;

  /** Most conflicts listed. */
  static final int MAX_CONFLICTS = 50;

  /**
   * The report writer's output, or why there is none.
   *
   * @param statements the statements, possibly empty
   * @param note why there is no synthesis, or {@code null}
   */
  public record Synthesis(List<ReportStatement> statements, String note) {}

  /**
   * What a report is made from.
   *
   * @param run the run record
   * @param world the world model
   * @param plans every cycle's plan
   * @param records every committed task result
   * @param compressions every completed cycle's compression
   * @param synthesis the report writer's synthesis
   * @param layout the artifacts layout
   */
  public record Inputs(
      RunRecord run,
      WorldModel world,
      List<PlanRecord> plans,
      List<TaskRecord> records,
      List<CompressionRecord> compressions,
      Synthesis synthesis,
      Layout layout) {}

  private ReportAssembler() {}

  /**
   * Assembles and checks the report.
   *
   * @param in the inputs
   * @return the checked model
   * @throws ArtifactException if a statement cites a cell or a paper that does not exist
   */
  public static ReportModel assemble(Inputs in) {
    WorldModel world = in.world();
    List<ReportModel.RemovedStatement> removed = new ArrayList<>();
    Map<ReportStatement.Section, List<ReportModel.Statement>> parts = synthesis(in, removed);
    List<ReportModel.Statement> answer = parts.get(ReportStatement.Section.ANSWER);
    List<ReportModel.Statement> synthesis = parts.get(ReportStatement.Section.SYNTHESIS);
    List<Finding> all = world.findings();
    List<ReportModel.FindingEntry> key = keyFindings(world, answer, synthesis);
    List<ReportModel.FindingEntry> other = new ArrayList<>();
    List<Finding> notValidated = all.stream().filter(f -> !f.isValidated()).toList();
    for (int i = 0; i < Math.min(OTHER_FINDINGS, notValidated.size()); i++) {
      other.add(entry(i + 1, notValidated.get(i)));
    }
    Verdicts verdicts = verdicts(world);
    List<ReportModel.Statement> conflicts = conflicts(world);
    Map<String, List<ReportModel.Statement>> sections = new LinkedHashMap<>();
    sections.put("answer", answer);
    sections.put("how the question was read", parts.get(ReportStatement.Section.READING));
    sections.put("synthesis", synthesis);
    sections.put("other associations", parts.get(ReportStatement.Section.OTHER));
    sections.put("key findings", key.stream().map(ReportModel.FindingEntry::statement).toList());
    sections.put(
        "findings not validated", other.stream().map(ReportModel.FindingEntry::statement).toList());
    sections.put("supported hypotheses", verdicts.supported());
    sections.put("refuted hypotheses", verdicts.refuted());
    sections.put("conflicts", conflicts);
    checkCitations(in, sections);
    ReportModel.Verification verification =
        VerificationRecord.summary(in.layout(), VerificationRecord.fingerprint(sections));
    return new ReportModel(
        Json.FORMAT_VERSION,
        in.run().runId(),
        in.run().objective(),
        in.run().agents(),
        in.run().executor(),
        in.run().status(),
        in.run().stopReason(),
        verification,
        answer,
        parts.get(ReportStatement.Section.READING),
        in.run().datasets(),
        synthesis,
        parts.get(ReportStatement.Section.OTHER),
        removed,
        in.synthesis().note(),
        key,
        other,
        verdicts.supported(),
        verdicts.refuted(),
        verdicts.open(),
        conflicts,
        limitations(in, removed, all),
        facts(in, all),
        in.compressions(),
        all);
  }

  /**
   * The key findings: the validated findings the answer and the synthesis rest on, in the order
   * they are first cited (so ranked by relevance to the objective, as the writer ranked them); a
   * writer that gives no answer gets the world model's ranking instead.
   */
  private static List<ReportModel.FindingEntry> keyFindings(
      WorldModel world, List<ReportModel.Statement> answer, List<ReportModel.Statement> synthesis) {
    List<Finding> chosen = new ArrayList<>();
    if (answer.isEmpty()) {
      chosen.addAll(world.validatedFindings(KEY_FINDINGS));
    } else {
      Set<String> seen = new LinkedHashSet<>();
      for (List<ReportModel.Statement> group : List.of(answer, synthesis)) {
        for (ReportModel.Statement st : group) {
          for (String id : st.findingIds()) {
            world
                .finding(id)
                .filter(Finding::isValidated)
                .filter(f -> seen.add(f.id()))
                .ifPresent(chosen::add);
          }
        }
      }
    }
    List<ReportModel.FindingEntry> key = new ArrayList<>();
    int rank = 1;
    for (Finding f : chosen.subList(0, Math.min(KEY_FINDINGS, chosen.size()))) {
      key.add(entry(rank++, f));
    }
    return key;
  }

  /**
   * The report writer's statements with the citations of the findings they rest on; a statement
   * that names a finding the run does not have, states a number its findings do not hold or names a
   * paper the run did not retrieve is removed, with the reason ({@link StatementSupport}).
   */
  private static Map<ReportStatement.Section, List<ReportModel.Statement>> synthesis(
      Inputs in, List<ReportModel.RemovedStatement> removed) {
    Map<ReportStatement.Section, List<ReportModel.Statement>> parts =
        new java.util.EnumMap<>(ReportStatement.Section.class);
    for (ReportStatement.Section section : ReportStatement.Section.values()) {
      parts.put(section, new ArrayList<>());
    }
    StatementSupport support = new StatementSupport(in.world(), in.layout());
    for (ReportStatement s : in.synthesis().statements()) {
      List<String> missing = new ArrayList<>();
      List<Citation> citations = new ArrayList<>();
      List<Finding> cited = new ArrayList<>();
      for (String id : s.findingIds()) {
        in.world()
            .finding(id)
            .ifPresentOrElse(
                f -> {
                  citations.addAll(f.citations());
                  cited.add(f);
                },
                () -> missing.add(id));
      }
      if (!missing.isEmpty()) {
        removed.add(
            new ReportModel.RemovedStatement(
                s.text(), "cites finding(s) the run does not have: " + String.join(", ", missing)));
        continue;
      }
      String unsupported = support.problem(s.text(), cited);
      if (unsupported != null) {
        removed.add(new ReportModel.RemovedStatement(s.text(), unsupported));
        continue;
      }
      parts
          .get(s.section())
          .add(new ReportModel.Statement(s.text(), s.findingIds(), dedupe(citations)));
    }
    return parts;
  }

  /** The hypotheses that are settled, as statements, and how many are open. */
  private record Verdicts(
      List<ReportModel.Statement> supported, List<ReportModel.Statement> refuted, int open) {}

  private static Verdicts verdicts(WorldModel world) {
    List<ReportModel.Statement> supported = new ArrayList<>();
    List<ReportModel.Statement> refuted = new ArrayList<>();
    int open = 0;
    for (Hypothesis h : world.hypotheses()) {
      if (h.status() == HypothesisStatus.OPEN) {
        open++;
        continue;
      }
      List<String> evidence =
          h.status() == HypothesisStatus.SUPPORTED ? h.supportingFindings() : h.refutingFindings();
      List<String> ids = new ArrayList<>();
      List<Citation> citations = new ArrayList<>();
      for (String id : evidence) {
        world
            .finding(id)
            .filter(Finding::isValidated)
            .ifPresent(
                f -> {
                  ids.add(f.id());
                  citations.addAll(f.citations());
                });
        if (ids.size() >= 5) {
          break;
        }
      }
      String text =
          String.format(
              Locale.ROOT,
              "%s: %s (confidence %s; %d finding(s) for, %d against)",
              h.id(),
              h.statement(),
              Numbers.format(h.confidence()),
              h.supportingFindings().size(),
              h.refutingFindings().size());
      ReportModel.Statement st = new ReportModel.Statement(text, ids, dedupe(citations));
      (h.status() == HypothesisStatus.SUPPORTED ? supported : refuted).add(st);
    }
    return new Verdicts(supported, refuted, open);
  }

  private static List<ReportModel.Statement> conflicts(WorldModel world) {
    List<ReportModel.Statement> conflicts = new ArrayList<>();
    for (Relation r : world.conflicts()) {
      if (conflicts.size() >= MAX_CONFLICTS) {
        break;
      }
      Finding a = world.finding(r.from()).orElse(null);
      Finding b = world.finding(r.to()).orElse(null);
      if (a == null || b == null) {
        continue;
      }
      List<Citation> citations = new ArrayList<>(a.citations());
      citations.addAll(b.citations());
      conflicts.add(
          new ReportModel.Statement(
              a.id() + " (" + a.claim() + ") conflicts with " + b.id() + " (" + b.claim() + ")",
              List.of(a.id(), b.id()),
              dedupe(citations)));
    }
    return conflicts;
  }

  /**
   * A report's statements by section, as {@link VerificationRecord#fingerprint} and the verifier
   * read them.
   *
   * @param m the report
   * @return section name to statements
   */
  public static Map<String, List<ReportModel.Statement>> sections(ReportModel m) {
    Map<String, List<ReportModel.Statement>> sections = new LinkedHashMap<>();
    sections.put("answer", m.answer());
    sections.put("how the question was read", m.reading());
    sections.put("synthesis", m.synthesis());
    sections.put("other associations", m.other());
    sections.put(
        "key findings", m.keyFindings().stream().map(ReportModel.FindingEntry::statement).toList());
    return sections;
  }

  /** Fails if a statement of any section cites a cell or a paper the run does not have. */
  private static void checkCitations(Inputs in, Map<String, List<ReportModel.Statement>> sections) {
    CitationChecker checker = new CitationChecker(in.layout(), in.world());
    List<String> failures = new ArrayList<>();
    sections.forEach((section, statements) -> check(checker, section, statements, failures));
    if (!failures.isEmpty()) {
      throw new ArtifactException(
          "the report of run "
              + in.run().runId()
              + " was not written: "
              + failures.size()
              + " statement(s) cite a cell or a paper that does not exist in the run:\n- "
              + String.join("\n- ", failures));
    }
  }

  private static ReportModel.FindingEntry entry(int rank, Finding f) {
    return new ReportModel.FindingEntry(
        rank,
        f,
        Compressor.statistics(f.statistics()),
        new ReportModel.Statement(f.claim(), List.of(f.id()), dedupe(f.citations())));
  }

  private static List<Citation> dedupe(List<Citation> citations) {
    Set<Citation> set = new LinkedHashSet<>(citations);
    return List.copyOf(set);
  }

  private static void check(
      CitationChecker checker,
      String section,
      List<ReportModel.Statement> statements,
      List<String> failures) {
    for (ReportModel.Statement s : statements) {
      List<String> problems = checker.problems(s.citations());
      if (!problems.isEmpty()) {
        failures.add(section + ": \"" + s.text() + "\": " + String.join("; ", problems));
      }
    }
  }

  private static ReportModel.Facts facts(Inputs in, List<Finding> all) {
    int completed = 0;
    int failed = 0;
    long cells = 0;
    long lines = 0;
    int rejected = 0;
    for (TaskRecord r : in.records()) {
      if (r.succeeded()) {
        completed++;
      } else {
        failed++;
      }
      cells += r.cells();
      lines += r.linesOfCode();
      rejected += r.rejected().size();
    }
    long raw = 0;
    long rawText = 0;
    long summary = 0;
    for (CompressionRecord c : in.compressions()) {
      raw += c.rawBytes();
      rawText += c.rawTextBytes();
      summary += c.summaryBytes();
    }
    RunRecord run = in.run();
    int requested =
        run.configuration() == null ? run.cyclesCompleted() : run.configuration().cyclesRequested();
    return new ReportModel.Facts(
        run.cyclesCompleted(),
        requested,
        completed,
        failed,
        cells,
        lines,
        in.world().papers().size(),
        all.size(),
        (int) all.stream().filter(Finding::isValidated).count(),
        rejected,
        summary == 0 ? 0 : (double) raw / summary,
        summary == 0 ? 0 : (double) rawText / summary,
        run.elapsed(),
        run.usage().inputTokens(),
        run.usage().outputTokens(),
        run.costUsd(),
        run.usage().cacheReadTokens(),
        run.cacheSavingUsd());
  }

  private static List<String> limitations(
      Inputs in, List<ReportModel.RemovedStatement> removed, List<Finding> all) {
    List<String> out = new ArrayList<>();
    RunRecord run = in.run();
    if (run.status() != RunStatus.COMPLETED) {
      out.add(
          "The run did not finish the cycles it was asked for: it stopped with status "
              + run.status()
              + " ("
              + run.stopReason()
              + ").");
    }
    for (PlanRecord p : in.plans()) {
      if (!p.approved()) {
        out.add(
            "The plan of cycle "
                + p.cycle()
                + " was not approved after one revision and ran anyway: "
                + p.decision()
                + ".");
      }
    }
    long dropped =
        in.plans().stream()
            .flatMap(p -> p.novelty().stream())
            .filter(n -> n.action().equals("DROP"))
            .count();
    if (dropped > 0) {
      out.add(dropped + " planned task(s) were dropped as repeats of earlier work.");
    }
    List<TaskRecord> failed = in.records().stream().filter(r -> !r.succeeded()).toList();
    if (!failed.isEmpty()) {
      StringBuilder sb =
          new StringBuilder(failed.size() + " task(s) failed and produced no findings");
      sb.append(", for example ")
          .append(failed.getFirst().task().id())
          .append(": ")
          .append(truncate(failed.getFirst().failure()));
      out.add(sb.append('.').toString());
    }
    int rejected = in.records().stream().mapToInt(r -> r.rejected().size()).sum();
    if (rejected > 0) {
      out.add(
          rejected
              + " finding(s) were refused because they cited a cell or a paper that does not"
              + " exist in the run.");
    }
    long notValidated = all.stream().filter(f -> !f.isValidated()).count();
    if (notValidated > 0) {
      out.add(
          notValidated + " finding(s) did not pass validation and are not among the key findings.");
    }
    if (!removed.isEmpty()) {
      out.add(
          removed.size()
              + " synthesis statement(s) were removed because what they cite does not hold them (see"
              + " the removed statements and their reasons).");
    }
    if (in.synthesis().note() != null) {
      out.add("No synthesis: " + in.synthesis().note());
    }
    if (in.world().papers().isEmpty()) {
      out.add("No paper was read: the findings were not checked against published work.");
    }
    String searches = SearchLog.summary(in.layout().root());
    if (searches != null) {
      out.add(searches);
    }
    out.add(
        "Findings come from exploratory analyses: they show associations in the data given, not"
            + " causes, and should be confirmed on independent data.");
    return out;
  }

  private static String truncate(String s) {
    if (s == null) {
      return "";
    }
    String t = s.replaceAll("\\s+", " ").strip();
    return t.length() <= 160 ? t : t.substring(0, 159) + "…";
  }
}
