package io.kosmos.core.team.llm;

import io.kosmos.api.Finding;
import io.kosmos.api.ReportContext;
import io.kosmos.api.ReportStatement;
import io.kosmos.api.ReportWriter;
import io.kosmos.api.WorldModel;
import io.kosmos.core.internal.agents.Drafts.StatementDraft;
import io.kosmos.core.internal.agents.Drafts.SynthesisDraft;
import io.kosmos.core.internal.agents.ModelCalls;
import io.kosmos.core.internal.agents.Prompts;
import io.kosmos.core.internal.agents.Text;
import io.kosmos.core.internal.agents.WorldText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the report's synthesis with the model: the answer the report opens with (two to five
 * sentences that answer the objective directly), then statements, each citing the ids of the
 * findings it rests on. The model sees the validated findings (best first), up to a few that did
 * not pass, the hypotheses, the conflicts and the last cycle summaries, all bounded.
 *
 * <p>Nothing uncited passes silently. A statement that cites no finding, or a finding the run does
 * not have, is logged and handed to the engine with its citations as they are (a statement that
 * cites nothing is handed over citing {@value #UNCITED}), and the engine removes it from the
 * synthesis and lists it, with the reason, under "Removed statements" in the report. A blank
 * statement is dropped.
 */
final class LlmReportWriter implements ReportWriter {

  static final String PURPOSE = "report";

  /** The finding id an uncited statement is handed over with; no finding has it. */
  static final String UNCITED = "(none)";

  private static final Logger LOG = LoggerFactory.getLogger(LlmReportWriter.class);
  private static final int MAX_VALIDATED = 40;
  private static final int MAX_OTHER = 15;

  private final ModelCalls calls;
  private final int maxStatements;

  LlmReportWriter(ModelCalls calls, int maxStatements) {
    this.calls = calls;
    this.maxStatements = maxStatements;
  }

  @Override
  public List<ReportStatement> synthesize(ReportContext context) {
    WorldModel world = context.world();
    if (world.findings().isEmpty()) {
      return List.of();
    }
    Prompts p = calls.prompts();
    Map<String, String> v = new HashMap<>();
    v.put("objective", context.objective().strip());
    v.put("summaries", WorldText.summariesForPrompt(context.cycleSummaries()));
    v.put("findings", lines(world.validatedFindings(MAX_VALIDATED)));
    v.put(
        "otherFindings",
        lines(world.findings().stream().filter(f -> !f.isValidated()).limit(MAX_OTHER).toList()));
    v.put("hypotheses", WorldText.hypotheses(world.hypotheses()));
    v.put("conflicts", WorldText.conflicts(world));
    v.put("maxStatements", Integer.toString(maxStatements));
    SynthesisDraft draft =
        calls
            .ask(
                PURPOSE,
                p.text(Prompts.Name.REPORT_SYSTEM),
                p.render(Prompts.Name.REPORT_USER, v),
                SynthesisDraft.class)
            .value();
    List<ReportStatement> out = new ArrayList<>();
    List<String> uncited = new ArrayList<>();
    read(draft.answer(), ReportStatement.Section.ANSWER, world, out, uncited);
    read(draft.statements(), ReportStatement.Section.SYNTHESIS, world, out, uncited);
    if (!uncited.isEmpty()) {
      LOG.warn(
          "the report writer gave {} statement(s) without a valid citation; the report lists them"
              + " as removed: {}",
          uncited.size(),
          uncited);
    }
    return out;
  }

  /** The drafts of one section as statements; those without a valid citation are noted. */
  private static void read(
      List<StatementDraft> drafts,
      ReportStatement.Section section,
      WorldModel world,
      List<ReportStatement> out,
      List<String> uncited) {
    for (StatementDraft s : DraftReading.list(drafts)) {
      if (s == null || Text.blank(s.text())) {
        continue;
      }
      List<String> ids = DraftReading.nonBlank(s.findingIds()).stream().distinct().toList();
      List<String> unknown = ids.stream().filter(id -> world.finding(id).isEmpty()).toList();
      if (ids.isEmpty()) {
        uncited.add("\"" + Text.clip(s.text().strip(), 120) + "\" cites no finding");
        out.add(new ReportStatement(s.text().strip(), List.of(UNCITED), section));
      } else {
        if (!unknown.isEmpty()) {
          uncited.add(
              "\""
                  + Text.clip(s.text().strip(), 120)
                  + "\" cites finding(s) the run does not have: "
                  + String.join(", ", unknown));
        }
        out.add(new ReportStatement(s.text().strip(), ids, section));
      }
    }
  }

  private static String lines(List<Finding> findings) {
    List<String> lines = new ArrayList<>();
    for (Finding f : findings) {
      lines.add(WorldText.findingLine(f));
    }
    return String.join("\n", lines);
  }
}
