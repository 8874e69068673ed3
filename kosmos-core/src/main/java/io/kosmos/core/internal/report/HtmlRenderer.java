package io.kosmos.core.internal.report;

import io.kosmos.api.Citation;
import io.kosmos.api.Dataset;
import io.kosmos.api.Finding;
import io.kosmos.api.WorldModel;
import io.kosmos.core.internal.artifacts.CompressionRecord;
import io.kosmos.core.internal.artifacts.Layout;
import io.kosmos.core.internal.compression.Numbers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link ReportModel} as one self-contained HTML page, for {@code report/report.html}:
 * minimal inline CSS, figures embedded as {@code data:} URIs, citations linking to the notebooks
 * and papers. It opens in any browser without the rest of the artifacts directory (the notebook
 * links need it).
 */
public final class HtmlRenderer {

  private static final String CSS =
      """
      body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:60rem;margin:2rem auto;\
      padding:0 1rem;line-height:1.5;color:#1d1d1f}
      h1,h2,h3{line-height:1.2}h2{border-bottom:1px solid #ddd;padding-bottom:.2rem;margin-top:2rem}
      table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.25rem .5rem;\
      text-align:left;vertical-align:top}th{background:#f4f4f4}
      .cite{font-size:.85em;color:#555}.cite a{color:#0550ae}.cite q.passage{font-style:italic;color:#333}
      .stats{font-family:ui-monospace,monospace;font-size:.85em;background:#f6f8fa;padding:.2rem .4rem;\
      border-radius:4px;display:inline-block}
      .finding{border-left:4px solid #2da44e;padding:.2rem .8rem;margin:1rem 0}
      .finding.failed{border-color:#bf8700}
      .status{padding:.5rem .8rem;background:#f6f8fa;border-radius:6px}
      .removed{background:#fff8c5;padding:.5rem .8rem;border-radius:6px}
      .answer{font-size:1.05em;border-left:4px solid #0550ae;padding:.1rem .8rem;margin:.6rem 0}
      img{max-width:100%;border:1px solid #eee;margin:.3rem 0}
      """;

  private HtmlRenderer() {}

  /**
   * Renders the report.
   *
   * @param m the model
   * @param world the world model, for paper links
   * @param layout the layout, to embed figures
   * @return the HTML page
   */
  public static String render(ReportModel m, WorldModel world, Layout layout) {
    StringBuilder sb = new StringBuilder();
    header(sb, m);
    sb.append("<h2>Answer</h2>\n");
    if (m.answer().isEmpty()) {
      sb.append("<p>").append(esc(ReportText.noAnswer(m))).append("</p>\n");
    }
    for (ReportModel.Statement st : m.answer()) {
      sb.append("<p class=\"answer\">")
          .append(esc(st.text().strip()))
          .append(' ')
          .append(cites(st, world))
          .append("</p>\n");
    }
    if (!m.reading().isEmpty()) {
      sb.append("<h2>How the question was read</h2>\n");
      list(sb, m.reading(), world, "");
    }
    data(sb, m);
    synthesis(sb, m, world);
    if (!m.other().isEmpty()) {
      sb.append("<h2>Other associations (not asked about)</h2>\n");
      list(sb, m.other(), world, "");
    }
    sb.append("<h2>Key findings</h2>\n");
    if (m.keyFindings().isEmpty()) {
      sb.append("<p>No finding passed validation.</p>\n");
    }
    for (ReportModel.FindingEntry e : m.keyFindings()) {
      finding(sb, e, world, layout, true);
    }
    if (!m.otherFindings().isEmpty()) {
      sb.append("<h2>Findings that did not pass validation</h2>\n");
      for (ReportModel.FindingEntry e : m.otherFindings()) {
        finding(sb, e, world, layout, false);
      }
    }
    sb.append("<h2>Hypotheses</h2>\n<h3>Supported</h3>\n");
    list(sb, m.supported(), world, "None.");
    sb.append("<h3>Refuted</h3>\n");
    list(sb, m.refuted(), world, "None.");
    sb.append("<p>Open hypotheses: ").append(m.openHypotheses()).append(".</p>\n");
    sb.append("<h2>Conflicts</h2>\n");
    list(sb, m.conflicts(), world, "No conflicting findings.");
    sb.append("<h2>Limitations</h2>\n<ul>\n");
    for (String l : m.limitations()) {
      sb.append("<li>").append(esc(l)).append("</li>\n");
    }
    sb.append("</ul>\n");
    facts(sb, m);
    sb.append("</body></html>\n");
    return sb.toString();
  }

  private static void header(StringBuilder sb, ReportModel m) {
    sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
        .append("<title>Kosmos report: ")
        .append(esc(shorten(m.objective(), 80)))
        .append("</title><style>")
        .append(CSS)
        .append("</style></head><body>\n");
    sb.append("<h1>Kosmos report</h1>\n");
    sb.append("<p><strong>Objective.</strong> ")
        .append(esc(m.objective().strip()))
        .append("</p>\n");
    sb.append("<p class=\"status\"><strong>Produced by</strong> ").append(esc(m.agents()));
    if (m.executor() != null) {
      sb.append(" · code run by ")
          .append(esc(m.executor().name()))
          .append(" (")
          .append(esc(m.executor().environment()))
          .append(")");
    }
    sb.append(" · run <code>").append(esc(m.runId())).append("</code><br>");
    sb.append("<strong>Status:</strong> ").append(m.status());
    if (!m.stopReason().isBlank()) {
      sb.append(" — ").append(esc(m.stopReason()));
    }
    sb.append("<br><strong>Verification:</strong> ")
        .append(esc(ReportText.verification(m.verification())));
    sb.append("</p>\n");
  }

  private static void data(StringBuilder sb, ReportModel m) {
    sb.append("<h2>Data</h2>\n");
    if (m.datasets().isEmpty()) {
      sb.append("<p>No dataset: a literature-only run.</p>\n");
      return;
    }
    sb.append("<table><tr><th>dataset</th><th>size (bytes)</th><th>SHA-256</th>")
        .append("<th>columns described</th></tr>\n");
    for (Dataset d : m.datasets()) {
      sb.append("<tr><td><code>")
          .append(esc(d.name()))
          .append("</code></td><td>")
          .append(d.sizeBytes())
          .append("</td><td><code>")
          .append(esc(d.sha256().substring(0, 12)))
          .append("…</code></td><td>")
          .append(d.dictionary().size())
          .append("</td></tr>\n");
    }
    sb.append("</table>\n");
  }

  private static void synthesis(StringBuilder sb, ReportModel m, WorldModel world) {
    sb.append("<h2>Synthesis</h2>\n");
    if (m.synthesis().isEmpty()) {
      sb.append("<p>")
          .append(
              esc(
                  m.synthesisNote() != null
                      ? "No synthesis: " + m.synthesisNote()
                      : "No synthesis."))
          .append("</p>\n");
    } else {
      sb.append("<ol>\n");
      for (ReportModel.Statement s : m.synthesis()) {
        sb.append("<li>")
            .append(esc(s.text().strip()))
            .append(' ')
            .append(cites(s, world))
            .append("</li>\n");
      }
      sb.append("</ol>\n");
    }
    if (!m.removedStatements().isEmpty()) {
      sb.append("<div class=\"removed\"><strong>Removed statements.</strong> These synthesis")
          .append(" statements were removed because what they cite does not hold them:<ul>");
      for (ReportModel.RemovedStatement r : m.removedStatements()) {
        sb.append("<li>")
            .append(esc(r.text().strip()))
            .append(" (")
            .append(esc(r.reason()))
            .append(")</li>");
      }
      sb.append("</ul></div>\n");
    }
  }

  private static void facts(StringBuilder sb, ReportModel m) {
    sb.append("<h2>Run facts</h2>\n<table>\n");
    for (RunFacts.Row r : RunFacts.rows(m)) {
      sb.append("<tr><th>")
          .append(esc(r.fact()))
          .append("</th><td>")
          .append(esc(r.value()))
          .append("</td></tr>\n");
    }
    sb.append("</table>\n");
    if (m.compression().isEmpty()) {
      return;
    }
    sb.append("<h3>Compression per cycle</h3>\n<table><tr><th>cycle</th><th>raw bytes</th>")
        .append("<th>summary bytes</th><th>ratio</th><th>text-only ratio</th></tr>\n");
    for (CompressionRecord c : m.compression()) {
      sb.append("<tr><td>")
          .append(c.cycle())
          .append("</td><td>")
          .append(c.rawBytes())
          .append("</td><td>")
          .append(c.summaryBytes())
          .append("</td><td>")
          .append(Numbers.ratio(c.ratio()))
          .append("</td><td>")
          .append(Numbers.ratio(c.textRatio()))
          .append("</td></tr>\n");
    }
    sb.append("</table>\n");
  }

  private static void finding(
      StringBuilder sb,
      ReportModel.FindingEntry e,
      WorldModel world,
      Layout layout,
      boolean validated) {
    Finding f = e.finding();
    sb.append("<div class=\"finding").append(validated ? "" : " failed").append("\">");
    sb.append("<h3>")
        .append(validated ? e.rank() + ". " : "")
        .append(esc(f.claim().strip()))
        .append("</h3>\n");
    sb.append("<p><span class=\"stats\">").append(esc(e.statistics())).append("</span></p>\n");
    sb.append("<p>");
    if (f.validation() != null) {
      sb.append(f.validation().passed() ? "Validation passed" : "Validation failed")
          .append(", score ")
          .append(Numbers.format(f.validation().score()))
          .append(" (")
          .append(esc(f.validation().validator()))
          .append(")");
      if (!f.validation().reasons().isEmpty()) {
        sb.append(": ").append(esc(String.join("; ", f.validation().reasons())));
      }
      sb.append("<br>");
    } else {
      sb.append("Not validated<br>");
    }
    sb.append("Class: ")
        .append(f.classification())
        .append(" · direction ")
        .append(f.direction().name().toLowerCase(Locale.ROOT))
        .append(" · cycle ")
        .append(f.cycle())
        .append(" · task ")
        .append(esc(f.taskId()))
        .append(" · id ")
        .append(esc(f.id()))
        .append("<br>Cites: ")
        .append(cites(e.statement(), world))
        .append("</p>\n");
    if (validated) {
      for (String figure : f.figures()) {
        sb.append(image(layout, figure));
      }
    }
    sb.append("</div>\n");
  }

  private static String image(Layout layout, String figure) {
    Path file = layout.resolve(figure);
    if (!file.startsWith(layout.root()) || !Files.isRegularFile(file)) {
      return "<p><em>figure " + esc(figure) + " is missing</em></p>\n";
    }
    try {
      String b64 = Base64.getEncoder().encodeToString(Files.readAllBytes(file));
      return "<img alt=\"" + esc(figure) + "\" src=\"data:image/png;base64," + b64 + "\">\n";
    } catch (IOException e) {
      return "<p><em>figure " + esc(figure) + " cannot be read</em></p>\n";
    }
  }

  private static void list(
      StringBuilder sb, List<ReportModel.Statement> statements, WorldModel world, String none) {
    if (statements.isEmpty()) {
      if (!none.isEmpty()) {
        sb.append("<p>").append(none).append("</p>\n");
      }
      return;
    }
    sb.append("<ul>\n");
    for (ReportModel.Statement s : statements) {
      sb.append("<li>")
          .append(esc(s.text().strip()))
          .append(' ')
          .append(cites(s, world))
          .append("</li>\n");
    }
    sb.append("</ul>\n");
  }

  private static String cites(ReportModel.Statement s, WorldModel world) {
    StringBuilder sb = new StringBuilder("<span class=\"cite\">[");
    boolean first = true;
    for (Citation c : s.citations()) {
      if (!first) {
        sb.append(", ");
      }
      first = false;
      switch (c) {
        case Citation.NotebookCell cell ->
            sb.append("<a href=\"../")
                .append(esc(NotebookPages.anchor(cell)))
                .append("\">")
                .append(esc(cell.label()))
                .append("</a>");
        case Citation.PaperPassage p -> {
          String url = world.paper(p.paperId()).map(x -> x.url()).orElse(null);
          if (url == null) {
            sb.append(esc(p.paperId()));
          } else {
            sb.append("<a href=\"")
                .append(esc(url))
                .append("\">")
                .append(esc(p.paperId()))
                .append("</a>");
          }
          if (!p.locator().isEmpty()) {
            sb.append(", ").append(esc(p.locator()));
          }
          sb.append(": <q class=\"passage\" title=\"")
              .append(esc(p.quote()))
              .append("\">")
              .append(esc(PassageQuotes.shown(p.quote())))
              .append("</q>");
        }
      }
    }
    return sb.append("]</span>").toString();
  }

  static String esc(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  private static String shorten(String s, int max) {
    String t = s.replaceAll("\\s+", " ").strip();
    return t.length() <= max ? t : t.substring(0, max - 1) + "…";
  }
}
