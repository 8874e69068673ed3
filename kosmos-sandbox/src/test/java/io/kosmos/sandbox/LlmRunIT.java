package io.kosmos.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kosmos.api.Agents;
import io.kosmos.api.Finding;
import io.kosmos.api.FindingKind;
import io.kosmos.api.LanguageModel;
import io.kosmos.api.Paper;
import io.kosmos.api.ResearchResult;
import io.kosmos.api.ResearchWorkflow;
import io.kosmos.api.RunStatus;
import io.kosmos.api.SandboxUnavailableException;
import io.kosmos.core.Kosmos;
import io.kosmos.core.SecretScanner;
import io.kosmos.core.fixtures.BhStatisticalValidator;
import io.kosmos.core.fixtures.RunChecks;
import io.kosmos.core.fixtures.ScriptedScientist;
import io.kosmos.core.literature.StaticLiteratureSource;
import io.kosmos.core.llm.AnthropicModel;
import io.kosmos.core.llm.Budget;
import io.kosmos.core.llm.LanguageModels;
import io.kosmos.core.llm.ReplayModel;
import io.kosmos.core.team.llm.LlmAgents;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole run of the language model path: the agents talk to a scripted model server in the
 * Anthropic Messages wire format through the real {@link AnthropicModel} client, and the analysts'
 * Python runs in the real Docker sandbox on a small dataset. The run ends in a report whose every
 * statement cites an existing cell (the engine's own citation check, and the notebook files); every
 * statistic a data finding states is the one the sandbox computed (checked against a Spearman
 * correlation computed here, in Java); no key is in the artifacts, the recording, the sandbox's
 * audit log or the log. Then the run is replayed from its recording with no server, in the same
 * sandbox, and finds the same.
 *
 * <p>Needs Docker and the executor image; without them it fails with the fix, it does not skip.
 */
class LlmRunIT {

  static final String KEY = "sk-ant-test-LLMRUNIT-0123456789abcdefghijklmnop";
  static final List<String[]> PAIRS =
      List.of(
          new String[] {"bmi", "target"},
          new String[] {"bp", "target"},
          new String[] {"s5", "target"},
          new String[] {"age", "target"},
          new String[] {"s1", "target"},
          new String[] {"sex", "target"});
  static final String[] COLUMNS = {"age", "sex", "bmi", "bp", "s1", "s5", "target"};
  static final Paper PAPER =
      new Paper(
          "doi:10.1000/bmi-t2d",
          "10.1000/bmi-t2d",
          "Body mass index and progression of type 2 diabetes",
          List.of("A. Author"),
          2020,
          "Higher body mass index was associated with faster progression of type 2 diabetes in a"
              + " cohort of 10,000 adults followed for eight years.",
          null,
          "static");

  @TempDir Path tmp;

  static void requireSandbox() {
    SandboxDiagnosis d = SandboxDiagnosis.of(SandboxConfig.defaults());
    if (!d.ready()) {
      throw new SandboxUnavailableException(
          "LlmRunIT needs a Docker engine and the executor image: "
              + d.problem()
              + "; fix: "
              + d.fix());
    }
  }

  /** 300 patients; target rises with bmi, s5 and bp, not with sex. Fixed seed. */
  static double[][] writeDataset(Path file) throws Exception {
    Random r = new Random(2024);
    int n = 300;
    double[][] cols = new double[COLUMNS.length][n];
    StringBuilder sb = new StringBuilder(String.join(",", COLUMNS)).append('\n');
    for (int i = 0; i < n; i++) {
      double age = 48 + 13 * r.nextGaussian();
      double sex = r.nextBoolean() ? 1 : 0;
      double bmi = 26 + 4.4 * r.nextGaussian();
      double bp = 94 + 14 * r.nextGaussian();
      double s1 = 189 + 34 * r.nextGaussian();
      double s5 = 4.6 + 0.5 * r.nextGaussian();
      double target =
          152 + 9 * (bmi - 26) + 1.2 * (bp - 94) + 60 * (s5 - 4.6) + 45 * r.nextGaussian();
      double[] row = {age, sex, bmi, bp, s1, s5, target};
      for (int c = 0; c < row.length; c++) {
        double v = c == 1 ? row[c] : Math.round(row[c] * 100) / 100.0;
        cols[c][i] = v;
        sb.append(c == 1 ? String.valueOf((int) v) : String.format(Locale.ROOT, "%.2f", v));
        sb.append(c == row.length - 1 ? '\n' : ',');
      }
    }
    Files.createDirectories(file.getParent());
    Files.writeString(file, sb.toString());
    return cols;
  }

  static double spearman(double[] x, double[] y) {
    return pearson(ranks(x), ranks(y));
  }

  static double[] ranks(double[] v) {
    Integer[] idx = new Integer[v.length];
    for (int i = 0; i < v.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> Double.compare(v[a], v[b]));
    double[] ranks = new double[v.length];
    for (int i = 0; i < v.length; ) {
      int j = i;
      while (j + 1 < v.length && v[idx[j + 1]] == v[idx[i]]) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        ranks[idx[k]] = rank;
      }
      i = j + 1;
    }
    return ranks;
  }

  static double pearson(double[] x, double[] y) {
    double mx = Arrays.stream(x).average().orElse(0);
    double my = Arrays.stream(y).average().orElse(0);
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < x.length; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / Math.sqrt(sxx * syy);
  }

  private ResearchWorkflow workflow(
      Path dir, Path data, LanguageModel model, Budget budget, DockerSandboxExecutor executor) {
    Agents agents =
        LlmAgents.builder(model)
            .budget(budget)
            .statisticalValidator(new BhStatisticalValidator())
            .build();
    return Kosmos.workflow()
        .objective("What drives disease progression in this cohort?")
        .dataset(data)
        .artifactsDir(dir)
        .executor(executor)
        .agents(agents)
        .literatureSource(new StaticLiteratureSource("static", List.of(PAPER)))
        .budget(budget)
        .maxConcurrentTasks(2)
        .cellTimeout(Duration.ofMinutes(2))
        .build();
  }

  @Test
  void aWholeLanguageModelRunInTheRealSandboxEndsInACitedReportAndReplays() throws Exception {
    requireSandbox();
    Path data = tmp.resolve("data/diabetes.csv");
    double[][] cols = writeDataset(data);
    Path dir = tmp.resolve("run");
    Path recording = tmp.resolve("recording/llm.jsonl");
    Path audit = tmp.resolve("audit/audit.jsonl");
    Files.createDirectories(recording.getParent());
    PrintStream originalErr = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    ScriptedScientist scientist = new ScriptedScientist("diabetes.csv", PAIRS, KEY);
    List<Finding> findings;
    String synthesis;
    try (MockWebServer server = new MockWebServer();
        DockerSandboxExecutor executor =
            DockerSandboxExecutor.create(
                SandboxConfig.builder()
                    .sandboxRoot(tmp.resolve("sandbox"))
                    .pool(PoolOptions.builder().minIdle(1).maxContainers(2).build())
                    .kernel(KernelOptions.builder().auditLog(audit).build())
                    .build())) {
      server.setDispatcher(scientist.anthropic());
      server.start();
      LanguageModel client =
          AnthropicModel.builder()
              .apiKey(KEY)
              .model("claude-sonnet-4-5")
              .baseUrl(server.url("/").toString())
              .build();
      Budget budget = Budget.ofUsd(25);
      try (ResearchWorkflow wf =
          workflow(dir, data, LanguageModels.recording(client, recording), budget, executor)) {
        ResearchResult result = wf.run(2, 4);
        assertThat(result.status()).as(result.stopReason()).isEqualTo(RunStatus.COMPLETED);
        assertThat(result.tasksFailed()).isZero();
        findings = wf.world().findings();
        assertThat(RunChecks.assertEveryStatementCitesAnExistingCell(dir, wf.world()))
            .isGreaterThan(6);
        assertThat(wf.world().note("profile:diabetes.csv"))
            .hasValueSatisfying(p -> assertThat(p).contains("(300, 7)"));
      }
      synthesis = RunChecks.report(dir).synthesis().toString();

      // every data finding states what the sandbox computed
      List<Finding> data6 =
          findings.stream().filter(f -> f.kind() == FindingKind.DATA_ANALYSIS).toList();
      assertThat(data6).hasSize(6);
      for (Finding f : data6) {
        String x = f.variables().getFirst();
        double expected = spearman(cols[Arrays.asList(COLUMNS).indexOf(x)], cols[6]);
        assertThat(f.statistics().statistic()).as(f.claim()).isCloseTo(expected, within(1e-4));
        assertThat(f.statistics().n()).isEqualTo(300);
        assertThat(f.summary()).doesNotContain("not found in the output");
      }
      Finding bmi = data6.getFirst();
      assertThat(bmi.isValidated()).isTrue();
      Finding sex =
          data6.stream().filter(f -> f.variables().contains("sex")).findFirst().orElseThrow();
      assertThat(sex.statistics().pValue()).isGreaterThan(0.05);
      assertThat(sex.isValidated()).isFalse();
      assertThat(findings.stream().filter(f -> f.kind() == FindingKind.LITERATURE)).hasSize(1);

      // the first analysis failed once (NameError) and was fixed; its finding cites the fix
      JsonNode nb =
          new ObjectMapper().readTree(dir.resolve("cycles/1/tasks/c1-t01/notebook.ipynb").toFile());
      JsonNode failed = nb.path("cells").path(2).path("outputs").path(0);
      assertThat(failed.path("output_type").asText()).isEqualTo("error");
      assertThat(failed.path("ename").asText()).isEqualTo("NameError");
      assertThat(bmi.citations().getFirst().label()).isEqualTo("c1-t01#3");
      assertThat(Files.readString(dir.resolve("cycles/1/tasks/c1-t01/result.json")))
          .contains("it cites cell 99, which does not exist");
      String md = Files.readString(dir.resolve("report/report.md"));
      assertThat(md)
          .contains(
              "**Produced by** language model agents (anthropic claude-sonnet-4-5; prompts v2")
          .contains("code run by")
          .contains("Removed statements")
          .contains("Therefore obesity causes diabetes progression.");
    } finally {
      System.setErr(originalErr);
    }

    // the log was captured (the refusal is logged), and holds no key
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("refused 1 finding(s)");
    Path logs = tmp.resolve("logs/run.log");
    Files.createDirectories(logs.getParent());
    Files.write(logs, log.toByteArray());
    for (Path p : List.of(dir, recording.getParent(), audit.getParent(), logs.getParent())) {
      SecretScanner.assertNoSecrets(p, List.of(KEY));
    }

    // replay: no server, the same sandbox image, the same findings
    Path again = tmp.resolve("replay");
    try (DockerSandboxExecutor executor =
            DockerSandboxExecutor.create(
                SandboxConfig.builder()
                    .sandboxRoot(tmp.resolve("sandbox-replay"))
                    .pool(PoolOptions.builder().minIdle(1).maxContainers(2).build())
                    .build());
        ResearchWorkflow wf =
            workflow(again, data, ReplayModel.load(recording), Budget.ofUsd(25), executor)) {
      ResearchResult replayed = wf.run(2, 4);
      assertThat(replayed.status()).as(replayed.stopReason()).isEqualTo(RunStatus.COMPLETED);
      List<Finding> second = wf.world().findings();
      assertThat(ids(second)).isEqualTo(ids(findings));
      for (int i = 0; i < findings.size(); i++) {
        assertThat(second.get(i).claim()).isEqualTo(findings.get(i).claim());
        assertThat(second.get(i).statistics()).isEqualTo(findings.get(i).statistics());
        assertThat(second.get(i).validation()).isEqualTo(findings.get(i).validation());
      }
      assertThat(RunChecks.report(again).synthesis().toString()).isEqualTo(synthesis);
    }
  }

  private static List<String> ids(List<Finding> findings) {
    List<String> ids = new ArrayList<>();
    findings.forEach(f -> ids.add(f.id()));
    return ids;
  }

  private static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(d);
  }
}
