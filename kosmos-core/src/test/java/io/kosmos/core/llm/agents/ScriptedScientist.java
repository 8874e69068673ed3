package io.kosmos.core.llm.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A scripted language model server for whole runs of the language model agents: a MockWebServer
 * {@link Dispatcher} that speaks the Anthropic Messages or the OpenAI Chat Completions wire format
 * and answers each request by its structured-output schema (the agents' prompts ask for one schema
 * per role: {@code plan_draft}, {@code review_draft}, {@code cell_step}, {@code analysis_report},
 * {@code query_plan}, {@code literature_report}, {@code scholar_eval_scores}, {@code
 * synthesis_draft}) and by what the conversation holds, like a very predictable scientist.
 *
 * <p>The analyst's code is real Python (pandas, scipy): it profiles the data, makes one mistake in
 * the run's first analysis (a missing import) and fixes it, then computes a Spearman correlation
 * with a 95% CI and prints it. The findings it reports are read from the printed output in the
 * conversation, as a real model would read them, so the numbers a finding states are the numbers
 * the sandbox computed. The first task's report also claims a finding citing a cell that does not
 * exist, which the analyst must refuse; the report synthesis has a statement with no citation,
 * which the report must remove.
 *
 * <p>Every request must carry the expected API key; another key gets the provider's 401.
 */
public final class ScriptedScientist {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CYCLE = Pattern.compile("Cycle (\\d+) of (\\d+)");
  private static final Pattern VARIABLES =
      Pattern.compile("variables = ([A-Za-z0-9_]+),([A-Za-z0-9_]+)");
  private static final Pattern RESULT =
      Pattern.compile(
          "RESULT test=Spearman x=(\\S+) y=(\\S+) rho=(\\S+) p=(\\S+) n=(\\d+) ci_low=(\\S+) ci_high=(\\S+)");
  private static final Pattern CELL = Pattern.compile("^\\[cell (\\d+)]");
  private static final Pattern FINDING_ID =
      Pattern.compile("^- (F-[A-Za-z0-9-]+) \\[validated", Pattern.MULTILINE);
  private static final Pattern P_VALUE = Pattern.compile("; p=([0-9.eE+-]+)");

  private final String dataset;
  private final List<String[]> pairs;
  private final String apiKey;
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

  /**
   * Creates the scientist.
   *
   * @param dataset the dataset's name, seen at {@code /data/<name>}
   * @param pairs the variable pairs to analyse, three per cycle, in order
   * @param apiKey the key every request must carry
   */
  public ScriptedScientist(String dataset, List<String[]> pairs, String apiKey) {
    this.dataset = dataset;
    this.pairs = List.copyOf(pairs);
    this.apiKey = apiKey;
  }

  /**
   * How many requests asked for a schema ({@code (not strict)} counts OpenAI requests whose schema
   * was not sent in strict mode).
   *
   * @param schema the schema's name
   * @return the count
   */
  public int count(String schema) {
    AtomicInteger n = counts.get(schema);
    return n == null ? 0 : n.get();
  }

  // ---- wire formats ----------------------------------------------------------------------------

  /**
   * A dispatcher speaking the Anthropic Messages API.
   *
   * @return the dispatcher
   */
  public Dispatcher anthropic() {
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        if (!apiKey.equals(request.getHeaders().get("x-api-key"))) {
          return json(
              401,
              "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"}}");
        }
        JsonNode body = read(request.getBody().utf8());
        String schema = body.path("tool_choice").path("name").asText("");
        List<String[]> messages = new ArrayList<>();
        messages.add(new String[] {"system", body.path("system").asText("")});
        for (JsonNode m : body.path("messages")) {
          StringBuilder text = new StringBuilder();
          JsonNode content = m.path("content");
          if (content.isTextual()) {
            text.append(content.asText());
          } else {
            for (JsonNode block : content) {
              text.append(block.path("text").asText(""));
            }
          }
          messages.add(new String[] {m.path("role").asText(), text.toString()});
        }
        String answer = answer(schema, messages);
        return json(
            200,
            """
            {"id": "msg_01", "type": "message", "role": "assistant", "model": %s,
             "content": [{"type": "tool_use", "id": "toolu_01", "name": %s, "input": %s}],
             "stop_reason": "tool_use", "stop_sequence": null,
             "usage": {"input_tokens": %d, "output_tokens": %d}}
            """
                .formatted(
                    q(body.path("model").asText()),
                    q(schema),
                    answer,
                    request.getBody().size() / 4,
                    answer.length() / 4));
      }
    };
  }

  /**
   * A dispatcher speaking the OpenAI Chat Completions API.
   *
   * @return the dispatcher
   */
  public Dispatcher openAi() {
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        if (!("Bearer " + apiKey).equals(request.getHeaders().get("Authorization"))) {
          return json(
              401,
              "{\"error\":{\"message\":\"Incorrect API key provided.\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}");
        }
        JsonNode body = read(request.getBody().utf8());
        String schema = body.path("response_format").path("json_schema").path("name").asText("");
        if (!body.path("response_format").path("json_schema").path("strict").asBoolean()) {
          counts.computeIfAbsent("(not strict)", k -> new AtomicInteger()).incrementAndGet();
        }
        List<String[]> messages = new ArrayList<>();
        for (JsonNode m : body.path("messages")) {
          messages.add(new String[] {m.path("role").asText(), m.path("content").asText("")});
        }
        String answer = answer(schema, messages);
        return json(
            200,
            """
            {"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": %s,
             "choices": [{"index": 0, "message": {"role": "assistant", "content": %s}, "finish_reason": "stop"}],
             "usage": {"prompt_tokens": %d, "completion_tokens": %d, "total_tokens": %d}}
            """
                .formatted(
                    q(body.path("model").asText()),
                    q(answer),
                    request.getBody().size() / 4,
                    answer.length() / 4,
                    request.getBody().size() / 4 + answer.length() / 4));
      }
    };
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  private static JsonNode read(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String q(String s) {
    return JSON.getNodeFactory().textNode(s).toString();
  }

  // ---- the science -----------------------------------------------------------------------------

  /**
   * Answers a request.
   *
   * @param schema the schema asked for
   * @param messages role and content of each message, the system prompt first
   * @return the answer as JSON
   */
  public String answer(String schema, List<String[]> messages) {
    counts.computeIfAbsent(schema, k -> new AtomicInteger()).incrementAndGet();
    String all = String.join("\n", messages.stream().map(m -> m[1]).toList());
    String firstUser =
        messages.stream().filter(m -> m[0].equals("user")).findFirst().map(m -> m[1]).orElse("");
    return switch (schema) {
      case "plan_draft" -> plan(firstUser);
      case "review_draft" ->
          """
          {"scores": {"specificity": 8, "relevance": 8.5, "novelty": 8, "coverage": 7.5, "feasibility": 9},
           "structuralProblems": [], "feedback": ["Report effect sizes with confidence intervals."]}
          """;
      case "cell_step" -> cellStep(firstUser, messages);
      case "analysis_report" -> analysisReport(firstUser, messages);
      case "query_plan" -> "{\"queries\": [\"body mass index diabetes progression\"]}";
      case "literature_report" -> literatureReport(firstUser);
      case "scholar_eval_scores" -> scholarEval(all);
      case "synthesis_draft" -> synthesis(firstUser);
      default -> throw new IllegalArgumentException("unexpected schema '" + schema + "'");
    };
  }

  private String plan(String prompt) {
    Matcher m = CYCLE.matcher(prompt);
    int cycle = m.find() ? Integer.parseInt(m.group(1)) : 1;
    boolean literature = prompt.contains("Literature search is available");
    ArrayNode tasks = JSON.createArrayNode();
    String[] openings = {
      "Measure how strongly %s tracks %s across the whole cohort with a Spearman rank correlation",
      "Quantify the monotonic association of %s with %s, reporting rho with a Fisher 95%% interval",
      "Estimate whether patients with higher %s show higher %s using rank correlation",
      "Follow up the first cycle: does %s move together with %s? Rank both and correlate them",
      "As a robustness check on earlier results, relate %s to %s without assuming linearity",
      "Probe a possible null effect: is %s unrelated to %s in these patients, judged by ranks",
    };
    for (int i = 0; i < 3; i++) {
      int k = ((cycle - 1) * 3 + i) % pairs.size();
      String[] pair = pairs.get(k);
      ObjectNode t = tasks.addObject();
      t.put("kind", "DATA_ANALYSIS");
      t.put("goal", cycle == 1 ? "EXPLORATION" : "EXPLOITATION");
      t.put(
          "description",
          openings[k % openings.length].formatted(pair[0], pair[1]) + " (cycle " + cycle + ").");
      t.put(
          "expectedOutput",
          "Spearman rho of " + pair[0] + " with " + pair[1] + ", p value, 95% CI and n");
      t.putNull("hypothesisId");
      ArrayNode params = t.putArray("parameters");
      params.addObject().put("name", "variables").put("value", pair[0] + "," + pair[1]);
    }
    if (literature && cycle == 1) {
      ObjectNode t = tasks.addObject();
      t.put("kind", "LITERATURE_SEARCH");
      t.put("goal", "EXPLORATION");
      t.put("description", "Find published evidence on body mass index and diabetes progression.");
      t.put("expectedOutput", "Findings quoting the papers");
      t.putNull("hypothesisId");
      t.putArray("parameters").addObject().put("name", "query").put("value", "BMI diabetes");
    }
    ObjectNode plan = JSON.createObjectNode();
    plan.put("rationale", "Cycle " + cycle + ": test the candidate drivers one by one.");
    plan.set("tasks", tasks);
    return plan.toString();
  }

  private List<String> steps(String firstUser) {
    Matcher v = VARIABLES.matcher(firstUser);
    if (!v.find()) {
      return List.of();
    }
    String x = v.group(1);
    String y = v.group(2);
    List<String> steps = new ArrayList<>();
    if (firstUser.contains("No profile of the data exists yet")) {
      steps.add(
          """
          import pandas as pd
          df = pd.read_csv('/data/%s')
          print('shape', df.shape)
          print(df.dtypes.to_string())
          print('missing', int(df.isna().sum().sum()))
          df.describe().round(3)"""
              .formatted(dataset));
    }
    if (x.equals(pairs.getFirst()[0]) && firstUser.contains("(cycle 1)")) {
      steps.add("rho, p = stats.spearmanr(df['%s'], df['%s'])\nprint(rho, p)".formatted(x, y));
    }
    steps.add(
        """
        import numpy as np
        import pandas as pd
        from scipy import stats
        df = pd.read_csv('/data/%s')
        sub = df[['%s', '%s']].dropna()
        rho, p = stats.spearmanr(sub['%s'], sub['%s'])
        n = len(sub)
        z, se = np.arctanh(rho), 1 / np.sqrt(n - 3)
        lo, hi = np.tanh(z - 1.96 * se), np.tanh(z + 1.96 * se)
        print(f"RESULT test=Spearman x=%s y=%s rho={rho:.6g} p={p:.6g} n={n} ci_low={lo:.6g} ci_high={hi:.6g}")"""
            .formatted(dataset, x, y, x, y, x, y));
    return steps;
  }

  private String cellStep(String firstUser, List<String[]> messages) {
    long done =
        messages.stream().filter(m -> m[0].equals("user") && m[1].startsWith("[cell ")).count();
    List<String> steps = steps(firstUser);
    ObjectNode step = JSON.createObjectNode();
    if (done >= steps.size()) {
      step.put("thought", "The expected output is produced.");
      step.put("code", "");
      step.put("done", true);
    } else {
      String code = steps.get((int) done);
      step.put("thought", done == 0 ? "Start with the data." : "Next step.");
      step.put("code", code);
      step.put("done", done == steps.size() - 1);
    }
    return step.toString();
  }

  private String analysisReport(String firstUser, List<String[]> messages) {
    ObjectNode report = JSON.createObjectNode();
    ArrayNode findings = report.putArray("findings");
    String summary = "No result was printed.";
    String profile = null;
    boolean first = true;
    for (String[] m : messages) {
      if (!m[0].equals("user") || !m[1].startsWith("[cell ")) {
        continue;
      }
      Matcher c = CELL.matcher(m[1]);
      int cell = c.find() ? Integer.parseInt(c.group(1)) : -1;
      if (first && m[1].contains("shape")) {
        int out = m[1].indexOf("Output:\n");
        int end = m[1].indexOf("\n\n", out + 1);
        profile = m[1].substring(out + 8, end > out ? end : m[1].length()).strip();
      }
      first = false;
      Matcher r = RESULT.matcher(m[1]);
      if (!r.find()) {
        continue;
      }
      String x = r.group(1);
      String y = r.group(2);
      double rho = Double.parseDouble(r.group(3));
      double p = Double.parseDouble(r.group(4));
      int n = Integer.parseInt(r.group(5));
      boolean significant = p < 0.05;
      String direction = !significant ? "NONE" : rho > 0 ? "POSITIVE" : "NEGATIVE";
      ObjectNode f = findings.addObject();
      f.put(
          "claim",
          String.format(
              Locale.ROOT,
              "%s is %s associated with %s (Spearman rho=%s, p=%s, n=%d)",
              x,
              !significant ? "not significantly" : rho > 0 ? "positively" : "negatively",
              y,
              r.group(3),
              r.group(4),
              n));
      f.put("summary", "Spearman rank correlation over the complete cases, Fisher z interval.");
      ObjectNode s = f.putObject("statistics");
      s.put("test", "Spearman correlation");
      s.put("statistic", rho);
      s.put("pValue", p);
      s.put("effectSize", rho);
      s.put("effectMeasure", "rho");
      s.put("ciLow", Double.parseDouble(r.group(6)));
      s.put("ciHigh", Double.parseDouble(r.group(7)));
      s.put("n", n);
      f.put("direction", direction);
      f.putArray("variables").add(x).add(y);
      f.putArray("cells").add(cell);
      f.putNull("hypothesisId");
      summary = "Tested " + x + " against " + y + ".";
    }
    ArrayNode hypotheses = report.putArray("hypotheses");
    if (firstUser.contains("(cycle 1)")
        && firstUser.contains("variables = " + pairs.getFirst()[0])) {
      ObjectNode bogus = findings.addObject();
      bogus.put("claim", "An effect the code never computed (rho=0.99).");
      bogus.put("summary", "");
      bogus.putNull("statistics");
      bogus.put("direction", "POSITIVE");
      bogus.putArray("variables");
      bogus.putArray("cells").add(99);
      bogus.putNull("hypothesisId");
      hypotheses
          .addObject()
          .put("id", "h1")
          .put(
              "statement",
              "The association of " + pairs.getFirst()[0] + " with the outcome holds in both sexes")
          .putArray("variables")
          .add(pairs.getFirst()[0]);
      ((ObjectNode) findings.get(0)).put("hypothesisId", "h1");
    }
    report.put("summary", summary);
    report.putArray("openQuestions").add("Is the association linear?");
    ArrayNode profiles = report.putArray("dataProfiles");
    if (profile != null && messages.getLast()[1].contains("Also give, in dataProfiles")) {
      profiles.addObject().put("dataset", dataset).put("profile", profile);
    }
    return report.toString();
  }

  private static String literatureReport(String prompt) {
    ObjectNode report = JSON.createObjectNode();
    ArrayNode findings = report.putArray("findings");
    Matcher m =
        Pattern.compile("## (\\S+)\\nTitle: [^\\n]*\\n(?:[^\\n]*\\n)*?Abstract: ([^\\n]+)")
            .matcher(prompt);
    if (m.find()) {
      String[] words = m.group(2).split("\\s+");
      String quote =
          String.join(" ", java.util.Arrays.copyOfRange(words, 0, Math.min(9, words.length)));
      ObjectNode f = findings.addObject();
      f.put("claim", "Published work links body mass index with diabetes progression.");
      f.putArray("passages").addObject().put("paperId", m.group(1)).put("quote", quote);
      f.putNull("hypothesisId");
    }
    report.put("summary", "Read what the search found.");
    report.putArray("hypotheses");
    report.putArray("openQuestions");
    return report.toString();
  }

  private static String scholarEval(String prompt) {
    int from = prompt.indexOf("# The finding");
    int to = prompt.indexOf("# Related findings");
    String finding = prompt.substring(Math.max(0, from), to > from ? to : prompt.length());
    Matcher p = P_VALUE.matcher(finding);
    boolean weak = p.find() && Double.parseDouble(p.group(1)) >= 0.05;
    double score = weak ? 0.55 : 0.85;
    double rigor = weak ? 0.6 : 0.8;
    ObjectNode out = JSON.createObjectNode();
    for (String d : ScholarEvalValidator.DIMENSIONS) {
      out.putObject(d)
          .put("score", d.equals("rigor") ? rigor : score)
          .put("reason", weak ? d + ": the evidence is weak." : d + ": sound.");
    }
    return out.toString();
  }

  private static String synthesis(String prompt) {
    List<String> ids = new ArrayList<>();
    int from = prompt.indexOf("# Validated findings");
    int to = prompt.indexOf("\n# ", from + 1);
    Matcher m =
        FINDING_ID.matcher(prompt.substring(Math.max(0, from), to > from ? to : prompt.length()));
    while (m.find()) {
      ids.add(m.group(1));
    }
    ObjectNode out = JSON.createObjectNode();
    ArrayNode statements = out.putArray("statements");
    for (String id : ids) {
      statements
          .addObject()
          .put("text", "Finding " + id + " holds in this cohort.")
          .putArray("findingIds")
          .add(id);
    }
    if (!ids.isEmpty()) {
      ObjectNode all =
          statements
              .addObject()
              .put("text", "Together these findings answer the objective in part.");
      ArrayNode a = all.putArray("findingIds");
      ids.forEach(a::add);
    }
    statements
        .addObject()
        .put("text", "Therefore obesity causes diabetes progression.")
        .putArray("findingIds");
    return out.toString();
  }
}
