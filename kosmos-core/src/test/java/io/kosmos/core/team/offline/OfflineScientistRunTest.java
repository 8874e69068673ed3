package io.kosmos.core.team.offline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kosmos.api.Citation;
import io.kosmos.api.EffectDirection;
import io.kosmos.api.ExecutionResult;
import io.kosmos.api.Finding;
import io.kosmos.api.Output;
import io.kosmos.api.ResearchReport;
import io.kosmos.api.ResearchResult;
import io.kosmos.api.ResearchWorkflow;
import io.kosmos.api.RunStatus;
import io.kosmos.core.Kosmos;
import io.kosmos.core.internal.stats.ResultLine;
import io.kosmos.testing.MockExecutor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole offline team in the real engine, with a scripted sandbox that answers each analysis
 * cell with a result line, as the Python helpers would: the notebooks, findings, test ledger,
 * validation, follow-ups and report.
 */
class OfflineScientistRunTest {

  static final List<String> COLUMNS = List.of("age", "sex", "bmi", "bp", "disease_progression");
  static final Pattern PAIR = Pattern.compile("\\((?:DATA, PROFILE, )\"([^\"]+)\", \"([^\"]+)\"");

  @TempDir Path tmp;

  static String png() {
    try {
      BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(img, "png", out);
      return Base64.getEncoder().encodeToString(out.toByteArray());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static ExecutionResult stdout(String text) {
    return ExecutionResult.builder().output(new Output.Stream("stdout", text)).build();
  }

  static ExecutionResult figure() {
    return ExecutionResult.builder()
        .output(
            new Output.DisplayData(
                Map.of(Output.IMAGE_PNG, png(), Output.TEXT_PLAIN, "<Image>"), Map.of(), null))
        .build();
  }

  static String profile() {
    return "KOSMOS_RESULT {\"type\": \"profile\", \"dataset\": \"d.csv\", \"rows\": 442, \"columns\": ["
        + "{\"name\": \"age\", \"kind\": \"continuous\", \"n\": 442, \"missing_share\": 0.0},"
        + "{\"name\": \"sex\", \"kind\": \"binary\", \"n\": 442, \"missing_share\": 0.0, \"levels\": [\"1\", \"2\"]},"
        + "{\"name\": \"bmi\", \"kind\": \"continuous\", \"n\": 442, \"missing_share\": 0.0},"
        + "{\"name\": \"bp\", \"kind\": \"continuous\", \"n\": 442, \"missing_share\": 0.0},"
        + "{\"name\": \"disease_progression\", \"kind\": \"continuous\", \"n\": 442, \"missing_share\": 0.0}"
        + "], \"unknown_dictionary\": []}\n";
  }

  /** bmi and bp are associated with the outcome; everything else is noise. */
  static String pair(String x, String y) {
    boolean strong = y.equals("disease_progression") && (x.equals("bmi") || x.equals("bp"));
    double r = strong ? (x.equals("bmi") ? 0.5864501344746886 : 0.4414817) : 0.0123;
    double p = strong ? (x.equals("bmi") ? 3.4671e-42 : 1.2e-22) : 0.7961;
    double lo = strong ? r - 0.06 : -0.081;
    double hi = strong ? r + 0.06 : 0.098;
    return String.format(
        Locale.ROOT,
        "%s ~ %s: Pearson correlation\nKOSMOS_RESULT {\"type\": \"pair\", \"dataset\": \"d.csv\","
            + " \"x\": \"%s\", \"y\": \"%s\", \"test\": \"Pearson correlation\", \"family\":"
            + " \"correlation\", \"statistic\": 5.5, \"statistic_name\": \"t\", \"p\": %s,"
            + " \"effect\": %s, \"measure\": \"r\", \"ci\": [%s, %s], \"n\": 442, \"why\": \"both"
            + " roughly normal\", \"assumptions_met\": true, \"direction\": \"positive\","
            + " \"describe\": \"%s is positively correlated with %s\", \"r_equivalent\": %s,"
            + " \"dropped_missing\": 0, \"extra\": {\"perm_p\": %s, \"boot_lo\": %s, \"boot_hi\": %s}}\n",
        x,
        y,
        x,
        y,
        Double.toString(p),
        Double.toString(r),
        lo,
        hi,
        x,
        y,
        Math.abs(r),
        strong ? 0.001 : 0.8,
        lo,
        hi);
  }

  static String followUp(String code) {
    Matcher m = PAIR.matcher(code);
    m.find();
    String x = m.group(1);
    String y = m.group(2);
    if (code.startsWith("R = adjust_for_confounders")) {
      return "KOSMOS_RESULT {\"type\": \"confounding\", \"x\": \""
          + x
          + "\", \"y\": \""
          + y
          + "\", \"verdict\": \"persists\", \"main_confounder\": \"age\", \"confounders\": [\"age\"],"
          + " \"test\": \"partial correlation (Pearson) of y with x adjusted for age\", \"statistic\": 9.0,"
          + " \"p\": 1e-15, \"effect\": 0.4, \"measure\": \"partial r\", \"ci\": [0.32, 0.47], \"n\": 442,"
          + " \"unadjusted\": {\"effect\": 0.5, \"p\": 1e-20}, \"reduction\": 0.2, \"direction\": \"positive\","
          + " \"why\": \"linear regression (OLS)\", \"extra\": {\"reduction\": 0.2}}\n";
    }
    if (code.startsWith("R = check_robustness")) {
      return "KOSMOS_RESULT {\"type\": \"robustness\", \"x\": \""
          + x
          + "\", \"y\": \""
          + y
          + "\", \"verdict\": \"robust\", \"reasons\": [\"permutation p = 5e-04\"], \"test\": \"Pearson"
          + " correlation\", \"statistic\": 15.0, \"p\": 1e-40, \"effect\": 0.58, \"measure\": \"r\","
          + " \"ci\": [0.52, 0.64], \"n\": 442, \"direction\": \"positive\", \"why\": \"refit\","
          + " \"extra\": {\"perm_p\": 0.0005, \"removed\": 0}}\n";
    }
    if (code.startsWith("R = check_nonlinearity")) {
      return "KOSMOS_RESULT {\"type\": \"nonlinearity\", \"x\": \""
          + x
          + "\", \"y\": \""
          + y
          + "\", \"verdict\": \"linear\", \"test\": \"F test\", \"statistic\": 0.6, \"p\": 0.57,"
          + " \"effect\": 0.004, \"measure\": \"partial eta squared\", \"n\": 442, \"direction\": \"none\","
          + " \"extra\": {\"r2_linear\": 0.34, \"r2_spline\": 0.35}}\n";
    }
    return "KOSMOS_RESULT {\"type\": \"subgroups\", \"x\": \""
        + x
        + "\", \"y\": \""
        + y
        + "\", \"by\": \"sex\", \"verdict\": \"consistent\", \"strata\": [], \"test\": \"F test of the"
        + " interaction (OLS)\", \"statistic\": 1.0, \"statistic_name\": \"F\", \"p\": 0.3, \"n\": 442,"
        + " \"direction\": \"none\"}\n";
  }

  static String model() {
    return "KOSMOS_RESULT {\"type\": \"model\", \"outcome\": \"disease_progression\", \"n\": 442,"
        + " \"test\": \"multiple linear regression (OLS, standardized predictors)\", \"why\": \"442"
        + " complete rows\", \"fit\": {\"r2\": 0.4}, \"terms\": ["
        + "{\"variable\": \"bmi\", \"test\": \"t\", \"statistic\": 8.0, \"p\": 1e-14, \"effect\": 0.35,"
        + " \"measure\": \"partial r\", \"ci\": [0.27, 0.43], \"direction\": \"positive\", \"vif\": 1.4,"
        + " \"r_equivalent\": 0.35},"
        + "{\"variable\": \"age\", \"test\": \"t\", \"statistic\": 0.2, \"p\": 0.8, \"effect\": 0.01,"
        + " \"measure\": \"partial r\", \"ci\": [-0.08, 0.1], \"direction\": \"none\", \"vif\": 1.2}]}\n";
  }

  static MockExecutor sandbox() {
    MockExecutor ex = new MockExecutor();
    ex.whenCode(c -> c.contains("def seed_for(")).thenReturn(stdout(""));
    ex.whenCode(c -> c.contains("show_profile(PROFILE)")).thenReturn(stdout(profile()));
    ex.whenCode(c -> c.startsWith("plot_")).thenReturn(figure());
    ex.whenCode(c -> c.startsWith("R = test_pair("))
        .thenAnswer(
            call -> {
              Matcher m = PAIR.matcher(call.code());
              m.find();
              return stdout(pair(m.group(1), m.group(2)));
            });
    ex.whenCode(c -> c.startsWith("R = multivariable_model(")).thenAnswer(call -> stdout(model()));
    ex.whenCode(c -> c.startsWith("R = ")).thenAnswer(call -> stdout(followUp(call.code())));
    return ex;
  }

  @Test
  void theOfflineTeamRunsTwoCyclesInTheEngine() throws IOException {
    Path data = tmp.resolve("d.csv");
    Files.writeString(data, String.join(",", COLUMNS) + "\n50,1,25,90,150\n");
    MockExecutor ex = sandbox();
    ResearchResult result;
    ResearchReport report;
    try (ResearchWorkflow wf =
        Kosmos.workflow()
            .objective("What drives disease progression in this cohort?")
            .dataset(data, Map.of("disease_progression", "disease progression after a year"))
            .artifactsDir(tmp.resolve("run"))
            .executor(ex)
            .build()) {
      result = wf.run(2, 8);
      report = wf.report();
    }
    assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(result.tasksFailed()).isZero();
    List<Finding> findings = result.findings();
    Finding bmi =
        findings.stream()
            .filter(
                f -> f.claim().startsWith("bmi is positively correlated with disease_progression"))
            .findFirst()
            .orElseThrow();
    // numbers survive exactly from the result line
    assertThat(bmi.statistics().pValue()).isEqualTo(3.4671e-42);
    assertThat(bmi.statistics().effectSize()).isEqualTo(0.5864501344746886);
    assertThat(bmi.statistics().adjustedP()).isNotNull().isGreaterThanOrEqualTo(3.4671e-42);
    assertThat(bmi.isValidated()).isTrue();
    assertThat(bmi.direction()).isEqualTo(EffectDirection.POSITIVE);
    assertThat(bmi.figures()).isNotEmpty();
    assertThat(bmi.citations()).hasSize(2).allMatch(c -> c instanceof Citation.NotebookCell);
    // the informative null about the outcome is a finding with direction NONE
    assertThat(findings)
        .anyMatch(
            f ->
                f.claim().startsWith("No association of age with disease_progression")
                    && f.direction() == EffectDirection.NONE);
    // the ledger holds every test, significant or not
    JsonNode tests =
        ResultLine.JSON
            .readTree(Files.readString(tmp.resolve("run/world/notes.json")))
            .path("notes");
    int count = 0;
    for (var it = tests.fields(); it.hasNext(); ) {
      var e = it.next();
      if (e.getKey().startsWith("tests:")) {
        count += ResultLine.JSON.readTree(e.getValue().asText()).path("tests").size();
      }
    }
    assertThat(count).isGreaterThanOrEqualTo(10);
    assertThat(tests.has("profile:d.csv")).isTrue();
    // the first code cell of a task notebook defines the helpers; later cells call them
    JsonNode nb =
        ResultLine.JSON.readTree(
            Files.readString(tmp.resolve("run/cycles/1/tasks/c1-t02/notebook.ipynb")));
    List<String> code = new java.util.ArrayList<>();
    for (JsonNode cell : nb.path("cells")) {
      if (cell.path("cell_type").asText().equals("code")) {
        StringBuilder sb = new StringBuilder();
        cell.path("source").forEach(l -> sb.append(l.asText()));
        code.add(sb.toString());
      }
    }
    assertThat(code.getFirst()).contains("def test_pair(").contains("def seed_for(");
    assertThat(code.get(1)).isEqualTo("DATA, READ = read_table(\"/data/d.csv\")");
    assertThat(code.get(2)).contains("PROFILE = profile_table(DATA, \"d.csv\"");
    assertThat(code)
        .anyMatch(
            c ->
                c.startsWith(
                    "R = test_pair(DATA, PROFILE, \"bmi\", \"disease_progression\", seed=seed_for(0, \"c1-t02\""));
    // cycle 2 followed up with a joint model and adjustment, which the report uses
    assertThat(findings)
        .anyMatch(f -> f.taskId().startsWith("c2-") && f.claim().contains("joint model"));
    assertThat(findings).anyMatch(f -> f.claim().contains("persists after adjusting for age"));
    assertThat(report.markdown())
        .contains(OfflineScientist.DESCRIPTION)
        .contains("## Answer")
        .contains("The variables most strongly associated with disease_progression are bmi")
        .contains("Outcome: disease_progression")
        .contains("bmi is positively correlated with disease_progression (r = 0.586");
    assertThat(ex.callsMatching("def seed_for\\("))
        .hasSizeGreaterThanOrEqualTo(result.tasksCompleted());
  }
}
