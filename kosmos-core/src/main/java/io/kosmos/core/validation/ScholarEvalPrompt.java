package io.kosmos.core.validation;

import io.kosmos.api.Citation;
import io.kosmos.api.ExecutedCell;
import io.kosmos.api.Finding;
import io.kosmos.api.FindingKind;
import io.kosmos.api.FindingScope;
import io.kosmos.api.ValidationContext;
import io.kosmos.core.internal.agents.CellText;
import io.kosmos.core.internal.agents.Text;
import io.kosmos.core.internal.agents.WorldText;
import io.kosmos.core.internal.compression.Compressor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the {@link ScholarEvalValidator} shows the model about one finding: the finding itself, the
 * hypothesis it bears on, the code and output of the cells it cites (so that reproducibility is
 * judged on evidence), and the findings it is judged against: the other findings of its task, those
 * of the tasks before it in the same cycle, and earlier findings of the run on the same topic
 * ({@link RelatedFindings}). Every part is bounded.
 */
final class ScholarEvalPrompt {

  static final int MAX_CELLS = 4;
  static final int MAX_CODE_CHARS = 2_500;
  static final int MAX_OUTPUT_CHARS = 2_000;
  static final int MAX_SAME_TASK = 6;
  static final int MAX_SAME_CYCLE = 6;
  static final int MAX_RELATED = 6;

  private ScholarEvalPrompt() {}

  /**
   * The variables of {@code scholar-eval.user}.
   *
   * @param f the finding
   * @param context what the validator may consult
   * @return the variables
   */
  static Map<String, String> variables(Finding f, ValidationContext context) {
    Map<String, String> v = new HashMap<>();
    v.put("objective", context.objective().strip());
    v.put("finding", describe(f));
    v.put(
        "hypothesis",
        f.hypothesisId() == null
            ? ""
            : context.hypothesis(f.hypothesisId()).map(WorldText::hypothesisLine).orElse(""));
    v.put("evidence", evidence(f, context));
    RelatedFindings related = new RelatedFindings(f, context);
    v.put("sameTask", lines(related.sameTask(MAX_SAME_TASK)));
    v.put("sameCycle", lines(related.sameCycle(MAX_SAME_CYCLE)));
    v.put("related", lines(related.earlier(MAX_RELATED)));
    return v;
  }

  /**
   * The finding: claim, how it was obtained, statistics, direction, scope, variables, citations.
   */
  static String describe(Finding f) {
    StringBuilder sb = new StringBuilder();
    sb.append("Claim: ").append(f.claim().strip()).append('\n');
    sb.append("Kind: ")
        .append(f.kind() == FindingKind.DATA_ANALYSIS ? "data analysis" : "literature")
        .append(f.taskId().isEmpty() ? "" : " (task " + f.taskId() + ")")
        .append('\n');
    if (!f.summary().isBlank()) {
      sb.append("How it was obtained: ").append(Text.clip(f.summary().strip(), 1500)).append('\n');
    }
    if (f.statistics() != null) {
      sb.append("Statistics: ").append(Compressor.statistics(f.statistics())).append('\n');
    }
    sb.append("Direction: ").append(f.direction()).append('\n');
    if (f.scope().kind() != FindingScope.Kind.WHOLE_SAMPLE) {
      sb.append("Scope: ").append(f.scope()).append('\n');
    }
    if (!f.variables().isEmpty()) {
      sb.append("Variables: ").append(String.join(", ", f.variables())).append('\n');
    }
    List<String> cites = new ArrayList<>();
    for (Citation c : f.citations()) {
      cites.add(
          switch (c) {
            case Citation.NotebookCell cell -> "notebook cell " + cell.label();
            case Citation.PaperPassage pp ->
                pp.paperId()
                    + (pp.quote().isBlank() ? "" : ": \"" + Text.clip(pp.quote(), 300) + "\"");
          });
    }
    sb.append("Cites: ").append(String.join("; ", cites)).append('\n');
    if (!f.figures().isEmpty()) {
      sb.append("Figures: ").append(f.figures().size()).append('\n');
    }
    return sb.toString().strip();
  }

  /** The code and output of the cells the finding cites (the last few, when it cites many). */
  static String evidence(Finding f, ValidationContext context) {
    List<Citation.NotebookCell> cells = new ArrayList<>();
    for (Citation c : f.citations()) {
      if (c instanceof Citation.NotebookCell cell) {
        cells.add(cell);
      }
    }
    if (cells.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    int from = Math.max(0, cells.size() - MAX_CELLS);
    if (from > 0) {
      sb.append("(").append(from).append(" earlier cited cells not shown)\n\n");
    }
    for (Citation.NotebookCell cell : cells.subList(from, cells.size())) {
      sb.append("## Cell ").append(cell.label()).append('\n');
      ExecutedCell executed = context.cell(cell).orElse(null);
      if (executed == null || !cell.taskId().equals(f.taskId())) {
        sb.append("(a cell of another task; not shown)\n\n");
        continue;
      }
      sb.append("Code:\n```python\n")
          .append(Text.headTail(executed.code().strip(), MAX_CODE_CHARS))
          .append("\n```\n");
      String output = CellText.output(executed.result());
      sb.append("Output:\n```\n")
          .append(output.isBlank() ? "(no output)" : Text.headTail(output, MAX_OUTPUT_CHARS))
          .append("\n```\n\n");
    }
    return sb.toString().strip();
  }

  private static String lines(List<Finding> findings) {
    List<String> out = new ArrayList<>();
    for (Finding f : findings) {
      out.add(WorldText.findingLine(f));
    }
    return String.join("\n", out);
  }
}
