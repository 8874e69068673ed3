package io.kosmos.core.team.llm;

import io.kosmos.api.ChatMessage;
import io.kosmos.api.Citation;
import io.kosmos.api.JsonSchema;
import io.kosmos.api.KosmosException;
import io.kosmos.api.LiteratureAnalyst;
import io.kosmos.api.LiteratureContext;
import io.kosmos.api.ModelRequest;
import io.kosmos.api.ModelResponse;
import io.kosmos.api.ModelResponseException;
import io.kosmos.api.TaskResult;
import io.kosmos.api.ToolCall;
import io.kosmos.api.ToolSpec;
import io.kosmos.core.internal.agents.Drafts.LiteratureReport;
import io.kosmos.core.internal.agents.Drafts.QueryPlan;
import io.kosmos.core.internal.agents.ModelCalls;
import io.kosmos.core.internal.agents.Prompts;
import io.kosmos.core.internal.agents.Text;
import io.kosmos.core.internal.agents.WorldText;
import io.kosmos.core.llm.StructuredOutput;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a literature task with the model, which searches and reads through tools. The model
 * first proposes search queries; every query is searched (through the run's cached chain of
 * sources) for passages, and the model is shown them. It may then call {@value #SEARCH_TOOL} to
 * search again and {@value #READ_TOOL} to read a paper's passages (pages or sections of a corpus
 * paper), up to {@value #MAX_TOOL_ROUNDS} rounds, before it reports findings that cite {@link
 * Citation.PaperPassage}s.
 *
 * <p>Every quote is checked against the passages the run retrieved for the paper it names: it must
 * occur in one of them, word for word (ignoring case, runs of white space and typographic quote and
 * dash forms), and be at least {@value #MIN_QUOTE_CHARS} characters long. A passage that fails is
 * left out; a finding left without a passage is refused; the task summary says which and why. The
 * citation carries the paper's own words and the locator of the passage they are in, not the
 * model's copy ({@link Quotes}); {@link LiteratureReportReader} checks the model's report.
 */
final class LlmLiteratureAnalyst implements LiteratureAnalyst {

  static final String PURPOSE_QUERIES = "literature-queries";
  static final String PURPOSE_FINDINGS = "literature-findings";
  static final String SEARCH_TOOL = "search_literature";
  static final String READ_TOOL = "read_paper";
  static final int MIN_QUOTE_CHARS = 20;
  static final int MAX_TOOL_ROUNDS = 6;

  private static final Logger LOG = LoggerFactory.getLogger(LlmLiteratureAnalyst.class);
  private static final List<ToolSpec> TOOLS =
      List.of(
          new ToolSpec(
              SEARCH_TOOL,
              "Search the literature sources of the run for passages that match a short keyword"
                  + " query. Returns passages, each with its paper's id, where it is in the paper"
                  + " and its text.",
              "{\"type\": \"object\", \"properties\": {\"query\": {\"type\": \"string\","
                  + " \"description\": \"keywords\"}}, \"required\": [\"query\"]}"),
          new ToolSpec(
              READ_TOOL,
              "Read more of a paper already found: its passages in reading order (the pages or"
                  + " sections of a paper of the local corpus). Online papers have only their"
                  + " abstract.",
              "{\"type\": \"object\", \"properties\": {\"paperId\": {\"type\": \"string\","
                  + " \"description\": \"the paper's id exactly as given\"}}, \"required\":"
                  + " [\"paperId\"]}"));

  /**
   * The search's limits.
   *
   * @param maxQueries most queries the model may propose
   * @param papersPerQuery most passages asked of the sources for each query
   * @param maxPapers most papers whose passages are shown to the model
   */
  record Limits(int maxQueries, int papersPerQuery, int maxPapers) {}

  private final ModelCalls calls;
  private final Limits limits;

  LlmLiteratureAnalyst(ModelCalls calls, Limits limits) {
    this.calls = calls;
    this.limits = limits;
  }

  @Override
  public TaskResult search(LiteratureContext ctx) {
    if (ctx.sources().isEmpty()) {
      throw new KosmosException(
          "task "
              + ctx.task().id()
              + " is a literature search but the run has no literature source; add one with"
              + " WorkflowBuilder.literatureSource(...)");
    }
    String system = calls.prompts().text(Prompts.Name.LITERATURE_SYSTEM);
    List<String> queries = queries(ctx, system);
    LiteratureRetrieval retrieved = new LiteratureRetrieval(ctx, limits);
    for (String query : queries) {
      retrieved.search(query);
    }
    if (retrieved.papers.isEmpty()) {
      return new TaskResult(
          retrieved.summary(queries), List.of(), List.of(), List.of(), List.of(), Map.of());
    }
    Map<String, String> fv = new HashMap<>();
    fv.put("objective", ctx.objective().strip());
    fv.put("description", ctx.task().description().strip());
    fv.put("expectedOutput", ctx.task().expectedOutput().strip());
    fv.put("papers", LiteratureRetrieval.render(retrieved.shown));
    fv.put("hypotheses", WorldText.openHypotheses(ctx.world()));
    List<ChatMessage> messages = new ArrayList<>();
    messages.add(ChatMessage.user(calls.prompts().render(Prompts.Name.LITERATURE_FINDINGS, fv)));
    LiteratureReport report = converse(system, messages, retrieved);
    return new LiteratureReportReader(ctx, retrieved.papers, retrieved.texts)
        .result(report, retrieved.summary(queries));
  }

  /**
   * The model's report, after it has searched and read through the tools as it chose, within the
   * rounds allowed; a last request without tools asks for the report if it has not given one.
   */
  private LiteratureReport converse(
      String system, List<ChatMessage> messages, LiteratureRetrieval retrieved) {
    JsonSchema schema = ModelCalls.schema(LiteratureReport.class);
    int unusable = 0;
    for (int round = 0; round < MAX_TOOL_ROUNDS; round++) {
      ModelResponse response;
      try {
        response =
            calls
                .model()
                .chat(
                    ModelRequest.builder()
                        .system(system)
                        .messages(messages)
                        .maxTokens(calls.maxTokens())
                        .temperature(calls.temperature())
                        .schema(schema)
                        .tool(TOOLS.get(0))
                        .tool(TOOLS.get(1))
                        .purpose(PURPOSE_FINDINGS)
                        .build());
        if (response.json() != null) {
          return StructuredOutput.parse(response, LiteratureReport.class);
        }
      } catch (ModelResponseException e) {
        // unusable even after the client's repair round: the same round is asked again
        if (++unusable >= ModelCalls.ATTEMPTS) {
          throw e;
        }
        LOG.info("the literature report could not be used; asking again: {}", e.getMessage());
        round--;
        continue;
      }
      if (response.toolCalls().isEmpty()) {
        messages.add(ChatMessage.assistant(response.text()));
        messages.add(
            ChatMessage.user(
                "Call " + SEARCH_TOOL + " or " + READ_TOOL + ", or give your report."));
        continue;
      }
      messages.add(
          new ChatMessage(ChatMessage.Role.ASSISTANT, response.text(), response.toolCalls(), null));
      for (ToolCall call : response.toolCalls()) {
        messages.add(ChatMessage.toolResult(call.id(), retrieved.run(call)));
      }
    }
    messages.add(
        ChatMessage.user(
            "No more searching or reading: report your findings now, citing only passages shown"
                + " to you."));
    return calls.ask(PURPOSE_FINDINGS, system, messages, LiteratureReport.class).value();
  }

  /**
   * The queries the model proposes (at most the limit), or the task's own when it proposes none.
   */
  private List<String> queries(LiteratureContext ctx, String system) {
    Map<String, String> v = new HashMap<>();
    v.put("objective", ctx.objective().strip());
    v.put("description", ctx.task().description().strip());
    v.put("expectedOutput", ctx.task().expectedOutput().strip());
    v.put("parameters", ctx.task().parameters().isEmpty() ? "" : WorldText.parameters(ctx.task()));
    v.put("findings", WorldText.findings(ctx.world()));
    v.put("maxQueries", Integer.toString(limits.maxQueries()));
    QueryPlan plan =
        calls
            .ask(
                PURPOSE_QUERIES,
                system,
                calls.prompts().render(Prompts.Name.LITERATURE_QUERIES, v),
                QueryPlan.class)
            .value();
    List<String> queries =
        DraftReading.nonBlank(plan.queries()).stream()
            .distinct()
            .limit(limits.maxQueries())
            .toList();
    if (queries.isEmpty()) {
      String fallback = ctx.task().parameters().getOrDefault("query", ctx.task().description());
      queries = List.of(Text.clip(fallback.strip(), 200));
    }
    return queries;
  }
}
