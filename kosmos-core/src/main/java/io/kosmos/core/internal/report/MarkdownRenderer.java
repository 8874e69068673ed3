package io.kosmos.core.internal.report;

import io.kosmos.api.Citation;
import io.kosmos.api.Dataset;
import io.kosmos.api.Finding;
import io.kosmos.api.WorldModel;
import io.kosmos.core.internal.artifacts.CompressionRecord;
import io.kosmos.core.internal.compression.Numbers;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Renders a {@link ReportModel} as Markdown, for {@code report/report.md}. Citations are links to
 * the notebooks (relative to the report folder) or to the papers.
 */
public final class MarkdownRenderer {

  private MarkdownRenderer() {}

  /**
   * Renders the report.
   *
   * @param m the model
   * @param world the world model, for paper links
   * @return the Markdown
   */
  public static String render(ReportModel m, WorldModel world) {
    StringBuilder sb = new StringBuilder();
    header(sb, m);
    answer(sb, m, world);
    if (!m.reading().isEmpty()) {
      sb.append("## How the question was read\n\n");
      list(sb, m.reading(), world, "");
    }
    data(sb, m);
    synthesis(sb, m, world);
    if (!m.other().isEmpty()) {
      sb.append("## Other associations (not asked about)\n\n");
      list(sb, m.other(), world, "");
    }
    findings(sb, m, world);
    sb.append("## Hypotheses\n\n");
    sb.append("### Supported\n\n");
    list(sb, m.supported(), world, "None.");
    sb.append("### Refuted\n\n");
    list(sb, m.refuted(), world, "None.");
    sb.append("Open hypotheses: ").append(m.openHypotheses()).append(".\n\n");
    sb.append("## Conflicts\n\n");
    list(sb, m.conflicts(), world, "No conflicting findings.");
    sb.append("## Limitations\n\n");
    for (String l : m.limitations()) {
      sb.append("- ").append(l).append('\n');
    }
    sb.append('\n');
    facts(sb, m);
    return sb.toString();
  }

  private static void header(StringBuilder sb, ReportModel m) {
    sb.append("# Kosmos report\n\n");
    sb.append("**Objective.** ").append(m.objective().strip()).append("\n\n");
    sb.append("**Produced by** ").append(m.agents());
    if (m.executor() != null) {
      sb.append(" · code run by ")
          .append(m.executor().name())
          .append(" (")
          .append(m.executor().environment())
          .append(")");
    }
    sb.append(" · run `").append(m.runId()).append("`\n\n");
    sb.append("**Status:** ").append(m.status());
    if (!m.stopReason().isBlank()) {
      sb.append(" — ").append(m.stopReason());
    }
    sb.append("\n\n");
    sb.append("**Verification:** ")
        .append(ReportText.verification(m.verification()))
        .append("\n\n");
  }

  private static void answer(StringBuilder sb, ReportModel m, WorldModel world) {
    sb.append("## Answer\n\n");
    if (m.answer().isEmpty()) {
      sb.append(ReportText.noAnswer(m)).append("\n\n");
      return;
    }
    for (ReportModel.Statement s : m.answer()) {
      sb.append(s.text().strip()).append(' ').append(cites(s, world)).append("\n\n");
    }
  }

  private static void data(StringBuilder sb, ReportModel m) {
    sb.append("## Data\n\n");
    if (m.datasets().isEmpty()) {
      sb.append("No dataset: a literature-only run.\n\n");
      return;
    }
    sb.append("| dataset | size (bytes) | SHA-256 | columns described |\n|---|---:|---|---:|\n");
    for (Dataset d : m.datasets()) {
      sb.append("| `")
          .append(d.name())
          .append("` | ")
          .append(d.sizeBytes())
          .append(" | `")
          .append(d.sha256(), 0, 12)
          .append("…` | ")
          .append(d.dictionary().size())
          .append(" |\n");
    }
    sb.append('\n');
  }

  private static void synthesis(StringBuilder sb, ReportModel m, WorldModel world) {
    sb.append("## Synthesis\n\n");
    if (m.synthesis().isEmpty()) {
      sb.append(m.synthesisNote() != null ? "No synthesis: " + m.synthesisNote() : "No synthesis.");
      sb.append("\n\n");
    } else {
      int i = 1;
      for (ReportModel.Statement s : m.synthesis()) {
        sb.append(i++)
            .append(". ")
            .append(s.text().strip())
            .append(' ')
            .append(cites(s, world))
            .append('\n');
      }
      sb.append('\n');
    }
    if (!m.removedStatements().isEmpty()) {
      sb.append(
          "> **Removed statements.** These synthesis statements were removed because what they cite does not hold them:\n");
      for (ReportModel.RemovedStatement r : m.removedStatements()) {
        sb.append("> - ").append(r.text().strip()).append(" (").append(r.reason()).append(")\n");
      }
      sb.append('\n');
    }
  }

  private static void findings(StringBuilder sb, ReportModel m, WorldModel world) {
    sb.append("## Key findings\n\n");
    if (m.keyFindings().isEmpty()) {
      sb.append("No finding passed validation.\n\n");
    }
    for (ReportModel.FindingEntry e : m.keyFindings()) {
      finding(sb, e, world);
    }
    if (m.otherFindings().isEmpty()) {
      return;
    }
    sb.append("## Findings that did not pass validation\n\n");
    for (ReportModel.FindingEntry e : m.otherFindings()) {
      Finding f = e.finding();
      sb.append("- **")
          .append(f.id())
          .append("** ")
          .append(f.claim().strip())
          .append(" — ")
          .append(e.statistics())
          .append(" — ")
          .append(reasons(f))
          .append(' ')
          .append(cites(e.statement(), world))
          .append('\n');
    }
    sb.append('\n');
  }

  private static void facts(StringBuilder sb, ReportModel m) {
    sb.append("## Run facts\n\n| fact | value |\n|---|---|\n");
    for (RunFacts.Row r : RunFacts.rows(m)) {
      sb.append("| ").append(r.fact()).append(" | ").append(r.value()).append(" |\n");
    }
    sb.append('\n');
    if (m.compression().isEmpty()) {
      return;
    }
    sb.append(
        "### Compression per cycle\n\n| cycle | raw bytes | summary bytes | ratio | text-only ratio |\n|---:|---:|---:|---:|---:|\n");
    for (CompressionRecord c : m.compression()) {
      sb.append("| ")
          .append(c.cycle())
          .append(" | ")
          .append(c.rawBytes())
          .append(" | ")
          .append(c.summaryBytes())
          .append(" | ")
          .append(Numbers.ratio(c.ratio()))
          .append(" | ")
          .append(Numbers.ratio(c.textRatio()))
          .append(" |\n");
    }
    sb.append('\n');
  }

  private static void finding(StringBuilder sb, ReportModel.FindingEntry e, WorldModel world) {
    Finding f = e.finding();
    sb.append("### ").append(e.rank()).append(". ").append(f.claim().strip()).append("\n\n");
    sb.append("- Statistics: ").append(e.statistics()).append('\n');
    if (f.validation() != null) {
      sb.append("- Validation: passed, score ")
          .append(Numbers.format(f.validation().score()))
          .append(" (")
          .append(f.validation().validator())
          .append(")");
      if (!f.validation().reasons().isEmpty()) {
        sb.append(": ").append(String.join("; ", f.validation().reasons()));
      }
      sb.append('\n');
    }
    sb.append("- Class: ")
        .append(f.classification())
        .append(" · direction ")
        .append(f.direction().name().toLowerCase(Locale.ROOT))
        .append(" · cycle ")
        .append(f.cycle())
        .append(" · task ")
        .append(f.taskId())
        .append(" · id ")
        .append(f.id())
        .append('\n');
    sb.append("- Cites: ").append(cites(e.statement(), world)).append("\n\n");
    for (String figure : f.figures()) {
      sb.append("![").append(figure).append("](../").append(figure).append(")\n\n");
    }
  }

  private static void list(
      StringBuilder sb, List<ReportModel.Statement> statements, WorldModel world, String none) {
    if (statements.isEmpty()) {
      if (!none.isEmpty()) {
        sb.append(none).append("\n\n");
      }
      return;
    }
    for (ReportModel.Statement s : statements) {
      sb.append("- ").append(s.text().strip()).append(' ').append(cites(s, world)).append('\n');
    }
    sb.append('\n');
  }

  private static String reasons(Finding f) {
    if (f.validation() == null) {
      return "not validated";
    }
    return "failed validation (" + String.join("; ", f.validation().reasons()) + ")";
  }

  static String cites(ReportModel.Statement s, WorldModel world) {
    return s.citations().stream()
        .map(c -> link(c, world))
        .collect(Collectors.joining(", ", "[", "]"));
  }

  static String link(Citation c, WorldModel world) {
    return switch (c) {
      case Citation.NotebookCell cell ->
          "[" + cell.label() + "](../" + NotebookPages.anchor(cell) + ")";
      case Citation.PaperPassage p -> {
        String url = world.paper(p.paperId()).map(x -> x.url()).orElse(null);
        String paper = url == null ? "`" + p.paperId() + "`" : "[" + p.paperId() + "](" + url + ")";
        yield paper
            + (p.locator().isEmpty() ? "" : ", " + p.locator())
            + ": “"
            + PassageQuotes.shown(p.quote()).replace("[", "\\[").replace("]", "\\]")
            + "”";
      }
    };
  }
}
