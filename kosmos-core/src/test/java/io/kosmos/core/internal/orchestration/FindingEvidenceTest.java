package io.kosmos.core.internal.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import io.kosmos.api.Citation;
import io.kosmos.api.Dataset;
import io.kosmos.api.Estimate;
import io.kosmos.api.ExecutedCell;
import io.kosmos.api.Finding;
import io.kosmos.api.FindingKind;
import io.kosmos.api.Statistics;
import io.kosmos.testing.MockExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each rule of the engine's evidence check, and honest computed findings passing all of them. */
class FindingEvidenceTest {

  static final String NOTEBOOK = "cycles/1/tasks/c1-t01/notebook.ipynb";
  static final String HONEST =
      """
      import pandas as pd
      from scipy import stats
      df = pd.read_csv('/data/cohort.csv')
      rho, p = stats.spearmanr(df['serum_q'], df['target'])
      n = len(df)
      z, se = np.arctanh(rho), 1 / np.sqrt(n - 3)
      lo, hi = np.tanh(z - 1.96 * se), np.tanh(z + 1.96 * se)
      print(f"rho={rho:.4f} p={p:.3g} n={n} ci=[{lo:.4f}, {hi:.4f}]")  # alpha 0.05
      """;

  @TempDir Path tmp;
  Dataset data;

  @BeforeEach
  void setUp() throws Exception {
    Path csv = tmp.resolve("cohort.csv");
    Files.writeString(csv, "age,serum_q,target\n50,1.2,140\n61,0.7,99\n");
    data = new Dataset("cohort.csv", csv, "ab".repeat(32), Files.size(csv), Map.of());
  }

  private static ExecutedCell cell(int index, String code, String stdout) {
    return new ExecutedCell(index, code, MockExecutor.stdout(stdout), List.of());
  }

  private static Finding finding(String claim, Statistics s, List<String> variables, int cell) {
    Finding.Builder b =
        Finding.builder(FindingKind.DATA_ANALYSIS)
            .claim(claim)
            .statistics(s)
            .citation(new Citation.NotebookCell("c1-t01", NOTEBOOK, cell, "0".repeat(64)))
            .cycle(1)
            .taskId("c1-t01");
    variables.forEach(b::variable);
    return b.build();
  }

  private static Statistics spearman(double rho, double p, int n, double lo, double hi) {
    return new Statistics(
        "Spearman correlation", rho, p, null, rho, "rho", lo, hi, n, Map.of(), List.of());
  }

  private FindingEvidence evidence(ExecutedCell... cells) {
    return new FindingEvidence(List.of(cells), NOTEBOOK, List.of(data));
  }

  @Test
  void anHonestComputedFindingHoldsEveryRule() {
    FindingEvidence e =
        evidence(cell(1, HONEST, "rho=0.4213 p=3.1e-15 n=300 ci=[0.3240, 0.5099]\n"));
    Finding f =
        finding(
            "serum_q is positively associated with target (rho = 0.42, 95% CI 0.32 to 0.51, p ="
                + " 3.1e-15, n = 300; q = 0.05)",
            spearman(0.4213, 3.1e-15, 300, 0.3240, 0.5099), List.of("serum_q", "target"), 1);

    assertThat(e.problems(f)).isEmpty();
  }

  @Test
  void aStatisticTypedIntoTheCodeIsNotComputed() {
    FindingEvidence e =
        evidence(
            cell(1, "import pandas as pd\ndf = pd.read_csv('/data/cohort.csv')", "(300, 3)\n"),
            cell(2, "rho = 0.912345; p = 1.2e-15\nprint(rho, p)", "0.912345 1.2e-15\n"));
    Finding f =
        finding(
            "serum_q strongly causes target (rho=0.912, p=1.2e-15)",
            spearman(0.912345, 1.2e-15, 300, 0.9, 0.93),
            List.of("serum_q", "target"),
            2);

    assertThat(e.problems(f))
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("effect size 0.912345 was typed into the code of cell 2")
                    .contains("rho = 0.912345; p = 1.2e-15"))
        .anySatisfy(p -> assertThat(p).contains("p value 1.2E-15 was typed"));
  }

  @Test
  void aValuePrintedByAnEarlierCellMayBeReusedAsALiteral() {
    // cell 1 computed and printed the vertex; cell 2 uses it in a spline knot
    FindingEvidence e =
        evidence(
            cell(1, HONEST, "rho=0.4213 p=3.1e-15 n=300 ci=[0.3240, 0.5099]\n"),
            cell(2, "knot = 0.4213\nprint(knot)", "0.4213\n"));
    Finding f =
        finding(
            "serum_q is associated with target (rho = 0.4213)",
            spearman(0.4213, 3.1e-15, 300, 0.3240, 0.5099),
            List.of("serum_q", "target"),
            2);

    assertThat(e.problems(f)).isEmpty();
  }

  @Test
  void roundLiteralsAreSettingsNotTypedResults() {
    assertThat(FindingEvidence.typedLine("if p < 0.05:\n  print('ok')", 0.05)).isNull();
    assertThat(FindingEvidence.typedLine("x = 1e-3", 0.001)).isNull();
    assertThat(FindingEvidence.typedLine("# rho = 0.912345", 0.912345)).isNull();
    assertThat(FindingEvidence.typedLine("rho = 0.912345", 0.912)).isNull();
    assertThat(FindingEvidence.typedLine("rho = 0.912345", 0.9123449)).isNotNull();
    assertThat(FindingEvidence.typedLine("print('rho', -0.538)", -0.538)).isNotNull();
    assertThat(FindingEvidence.typedLine("p = 0.049", 0.049)).isNotNull();
    assertThat(FindingEvidence.typedLine("p = 0.049", 0.0487)).isNull();
    // a z statistic of 1.958 computed next to the CI's 1.96
    assertThat(FindingEvidence.typedLine("lo = np.tanh(z - 1.96 * se)", 1.958)).isNull();
    // a clamp before Fisher's z: a CI bound of 0.99999999883 is computed, not typed
    assertThat(
            FindingEvidence.typedLine("r = max(min(r, 0.999999999), -0.999999999)", 0.9999999988))
        .isNull();
  }

  @Test
  void claimNumbersMustMatchTheStatistics() {
    FindingEvidence e =
        evidence(cell(1, HONEST, "rho=0.9123 p=1.2e-15 n=300 ci=[0.8900, 0.9300]\n"));
    Finding f =
        finding(
            "serum_q is associated with target (rho=0.42, p=0.049, n=30000)",
            spearman(0.9123, 1.2e-15, 300, 0.89, 0.93),
            List.of("serum_q", "target"),
            1);

    assertThat(e.problems(f))
        .containsExactly(
            "its claim states 0.42, 0.049, 30000, which neither its statistics nor its cited"
                + " cells hold");
  }

  @Test
  void aDescriptiveClaimsCountsAreReadFromTablesAndNotCheckedOneByOne() {
    FindingEvidence e =
        evidence(cell(1, "df.dtypes.value_counts()", "float64    10\nint64    1\n"));
    Statistics profile =
        new Statistics(
            "data profile", null, null, null, null, null, null, null, 442, Map.of(), List.of());
    Finding f =
        finding(
            "diabetes.csv has 442 rows: 11 usable (10 continuous, 1 binary)",
            profile,
            List.of(),
            1);

    assertThat(e.problems(f)).isEmpty();
  }

  @Test
  void variablesMustNameColumnsOrNamesTheCellsWrote() {
    String code = HONEST + "\ndf['bmi_sq'] = df['age'] ** 2\n";
    FindingEvidence e = evidence(cell(1, code, "rho=0.4213 p=3.1e-15 n=300 ci=[0.3240, 0.5099]\n"));
    Finding f =
        finding(
            "serum_q is associated with target",
            spearman(0.4213, 3.1e-15, 300, 0.3240, 0.5099),
            List.of("SERUM_Q", "bmi_sq", "insulin_resistance", "serum"),
            1);

    assertThat(e.problems(f))
        .containsExactly(
            "its variable 'insulin_resistance' is neither a column of the data nor a name the"
                + " task's cells wrote",
            "its variable 'serum' is neither a column of the data nor a name the task's cells"
                + " wrote");
  }

  @Test
  void anEffectOutsideItsOwnIntervalIsInconsistent() {
    FindingEvidence e =
        evidence(cell(1, HONEST, "rho=0.4213 p=3.1e-15 n=300 ci=[0.3240, 0.5099]\n"));
    Finding f =
        finding(
            "serum_q is associated with target",
            spearman(0.4213, 3.1e-15, 300, 0.5099, 0.3240),
            List.of("serum_q"),
            1);
    assertThat(e.problems(f)).anySatisfy(p -> assertThat(p).contains("reversed"));

    Statistics outside =
        new Statistics(
            "OLS",
            2.0,
            0.01,
            null,
            0.62,
            "r",
            0.1,
            0.5,
            300,
            Map.of(),
            List.of(new Estimate("in women", 0.3, "r", 0.35, 0.6, 0.02, 150)));
    assertThat(outside.inconsistencies())
        .containsExactly(
            "the effect size 0.62 lies outside its own 95% CI [0.1, 0.5]",
            "the estimate 'in women' 0.3 lies outside its own 95% CI [0.35, 0.6]");
    // rounding is not an inconsistency
    assertThat(spearman(0.30, 1e-5, 442, 0.3004, 0.39).inconsistencies()).isEmpty();
  }

  @Test
  void duplicatesAreTheSameCellsWithTheSameNumbers() {
    Statistics s = spearman(0.912345, 1.2e-15, 300, 0.9, 0.93);
    Finding a = finding("serum_q strongly causes serum_q", s, List.of("serum_q"), 2);
    Finding b = finding("target is driven by serum_q", s, List.of("target"), 2);
    Finding c = finding("target is driven by serum_q", s, List.of("target"), 3);

    assertThat(FindingEvidence.key(a)).isEqualTo(FindingEvidence.key(b));
    assertThat(FindingEvidence.key(a)).isNotEqualTo(FindingEvidence.key(c));
  }

  @Test
  void aRefusalIsRecognisedAndSaysWhy() {
    Finding f =
        finding("x", spearman(0.4, 0.01, 30, 0.1, 0.6), List.of(), 1)
            .withValidation(FindingEvidence.refusal(List.of("typed")));
    assertThat(FindingEvidence.refused(f)).isTrue();
    assertThat(f.validation().reasons()).containsExactly("typed");
  }
}
