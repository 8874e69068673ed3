package io.kosmos.core.internal.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.kosmos.api.Citation;
import io.kosmos.core.internal.artifacts.AtomicFiles;
import io.kosmos.core.internal.artifacts.Json;
import io.kosmos.core.internal.artifacts.Layout;
import io.kosmos.core.internal.notebook.NotebookReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Each cited notebook as a page a reader can follow a citation into: {@code notebook.html} beside
 * {@code notebook.ipynb}, every cell with an anchor ({@code #cell-11}), code and output as they ran
 * (text, tables, figures, errors), the cited cell outlined when the link opens it. The report's
 * citations link there; the {@code .ipynb} stays for Jupyter.
 */
public final class NotebookPages {

  private static final String CSS =
      """
      body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:64rem;margin:1.5rem auto;\
      padding:0 1rem;color:#1d1d1f;line-height:1.45}
      .cell{margin:.8rem 0;padding:.3rem .6rem;border-left:3px solid #ddd}
      .cell:target{border-left:6px solid #0550ae;background:#f0f6ff}
      .label{font-family:ui-monospace,monospace;font-size:.8em;color:#57606a}
      .label a{color:#57606a;text-decoration:none}
      pre{white-space:pre-wrap;word-break:break-word;margin:.3rem 0;padding:.4rem .6rem;border-radius:4px;\
      font-size:.85em}
      pre.code{background:#f6f8fa;border:1px solid #e1e4e8}
      pre.out{background:#fff}
      pre.err{background:#fff0f0;color:#8b0000}
      img{max-width:100%;border:1px solid #eee}
      .md{padding:.2rem 0}
      """;

  private NotebookPages() {}

  /**
   * Where a citation leads: the cell's anchor in its notebook's page.
   *
   * @param cell the citation
   * @return the page and anchor, relative to the artifacts directory
   */
  public static String anchor(Citation.NotebookCell cell) {
    return page(cell.notebookPath()) + "#cell-" + cell.cellIndex();
  }

  private static String page(String notebookPath) {
    return notebookPath.endsWith(".ipynb")
        ? notebookPath.substring(0, notebookPath.length() - ".ipynb".length()) + ".html"
        : notebookPath + ".html";
  }

  /**
   * Writes the page of every notebook a report cites.
   *
   * @param layout the run's layout
   * @param model the report
   */
  public static void write(Layout layout, ReportModel model) {
    Set<String> notebooks = new LinkedHashSet<>();
    for (List<ReportModel.Statement> section : ReportAssembler.sections(model).values()) {
      for (ReportModel.Statement s : section) {
        for (Citation c : s.citations()) {
          if (c instanceof Citation.NotebookCell cell) {
            notebooks.add(cell.notebookPath());
          }
        }
      }
    }
    for (ReportModel.FindingEntry e : model.otherFindings()) {
      for (Citation c : e.statement().citations()) {
        if (c instanceof Citation.NotebookCell cell) {
          notebooks.add(cell.notebookPath());
        }
      }
    }
    for (String nb : notebooks) {
      Path file = layout.resolve(nb);
      if (file.startsWith(layout.root()) && Files.isRegularFile(file)) {
        AtomicFiles.writeString(
            layout.resolve(page(nb)),
            render(nb, Json.readTree(file)),
            AtomicFiles.Durability.REBUILDABLE);
      }
    }
  }

  /** One notebook as HTML. */
  static String render(String path, JsonNode notebook) {
    String task =
        Path.of(path).getParent() == null
            ? path
            : Path.of(path).getParent().getFileName().toString();
    StringBuilder sb = new StringBuilder();
    sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
        .append("<title>Notebook ")
        .append(HtmlRenderer.esc(task))
        .append("</title><style>")
        .append(CSS)
        .append("</style></head><body>\n<h1>Notebook ")
        .append(HtmlRenderer.esc(task))
        .append("</h1>\n<p class=\"label\">")
        .append(HtmlRenderer.esc(path))
        .append(
            " · a rendering of the executed notebook; open the .ipynb in Jupyter to run it</p>\n");
    int i = 0;
    for (JsonNode cell : notebook.path("cells")) {
      cell(sb, task, i++, cell);
    }
    return sb.append("</body></html>\n").toString();
  }

  private static void cell(StringBuilder sb, String task, int i, JsonNode cell) {
    String type = cell.path("cell_type").asText();
    sb.append("<div class=\"cell\" id=\"cell-").append(i).append("\">");
    sb.append("<div class=\"label\"><a href=\"#cell-")
        .append(i)
        .append("\">")
        .append(HtmlRenderer.esc(task))
        .append('#')
        .append(i)
        .append("</a>");
    if (type.equals("code") && cell.path("execution_count").isNumber()) {
      sb.append(" · In [").append(cell.path("execution_count").asInt()).append(']');
    }
    sb.append("</div>\n");
    String source = NotebookReader.text(cell.get("source"));
    if (type.equals("markdown")) {
      sb.append("<div class=\"md\">").append(markdown(source)).append("</div>");
    } else {
      sb.append("<pre class=\"code\">").append(HtmlRenderer.esc(source)).append("</pre>\n");
      for (JsonNode o : cell.path("outputs")) {
        output(sb, o);
      }
    }
    sb.append("</div>\n");
  }

  private static void output(StringBuilder sb, JsonNode o) {
    switch (o.path("output_type").asText()) {
      case "stream" ->
          sb.append("<pre class=\"")
              .append(o.path("name").asText().equals("stderr") ? "err" : "out")
              .append("\">")
              .append(HtmlRenderer.esc(NotebookReader.text(o.get("text"))))
              .append("</pre>\n");
      case "display_data", "execute_result" -> {
        JsonNode data = o.path("data");
        if (data.hasNonNull("image/png")) {
          sb.append("<img alt=\"figure\" src=\"data:image/png;base64,")
              .append(NotebookReader.text(data.get("image/png")).replaceAll("\\s", ""))
              .append("\">\n");
        } else if (data.hasNonNull("text/plain")) {
          sb.append("<pre class=\"out\">")
              .append(HtmlRenderer.esc(NotebookReader.text(data.get("text/plain"))))
              .append("</pre>\n");
        }
      }
      case "error" ->
          sb.append("<pre class=\"err\">")
              .append(HtmlRenderer.esc(o.path("ename").asText() + ": " + o.path("evalue").asText()))
              .append("</pre>\n");
      default -> {}
    }
  }

  /** The few Markdown forms the notebooks' text cells use: headings, bold, paragraphs. */
  private static String markdown(String md) {
    StringBuilder sb = new StringBuilder();
    for (String para : md.strip().split("\n\\s*\n")) {
      String p =
          HtmlRenderer.esc(para.strip()).replaceAll("\\*\\*(.+?)\\*\\*", "<strong>$1</strong>");
      if (p.startsWith("### ")) {
        sb.append("<h3>").append(p.substring(4)).append("</h3>");
      } else if (p.startsWith("## ")) {
        sb.append("<h2>").append(p.substring(3)).append("</h2>");
      } else {
        sb.append("<p>").append(p).append("</p>");
      }
    }
    return sb.toString();
  }
}
