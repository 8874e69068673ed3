package io.kosmos.core.team.offline;

import static org.assertj.core.api.Assertions.assertThat;

import io.kosmos.api.Citation;
import io.kosmos.api.Dataset;
import io.kosmos.api.EffectDirection;
import io.kosmos.api.Finding;
import io.kosmos.api.FindingKind;
import io.kosmos.api.ReportContext;
import io.kosmos.api.ReportStatement;
import io.kosmos.api.Statistics;
import io.kosmos.api.ValidationResult;
import io.kosmos.core.fixtures.FakeWorld;
import io.kosmos.core.internal.stats.Ledger;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OfflineReportWriterTest {

  static Finding f(
      String id,
      String claim,
      String test,
      double p,
      double adj,
      double r,
      EffectDirection dir,
      boolean ok,
      String... vars) {
    Finding.Builder b =
        Finding.builder(FindingKind.DATA_ANALYSIS)
            .id(id)
            .taskId(id.substring(2, id.lastIndexOf('-')))
            .claim(claim)
            .statistics(
                new Statistics(test, 3.0, p, adj, r, "r", r - 0.05, r + 0.05, 1000, Map.of()))
            .direction(dir)
            .citation(new Citation.NotebookCell("c1-t02", "nb", 3, "0".repeat(64)))
            .validation(
                new ValidationResult(
                    "statistical", ok, ok ? 0.9 : 0.4, Map.of(), ok ? List.of() : List.of("no")));
    for (String v : vars) {
      b.variable(v);
    }
    return b.build();
  }

  static Ledger.TestEntry t(String task, String kind, String x, String y, double p, int finding) {
    return new Ledger.TestEntry(
        task, kind, "d.csv", x, y, "t", p, 0.3, "r", 0.3, "positive", finding, null);
  }

  FakeWorld world() {
    FakeWorld w = new FakeWorld().dataset(new Dataset("d.csv", Path.of("d.csv"), "0", 1, Map.of()));
    w.note(
        Ledger.PROFILE + "d.csv",
        "{\"dataset\": \"d.csv\", \"rows\": 1000, \"columns\": [{\"name\": \"x1\", \"kind\": \"continuous\"},"
            + " {\"name\": \"a\", \"kind\": \"continuous\"}, {\"name\": \"z\", \"kind\": \"continuous\"},"
            + " {\"name\": \"n1\", \"kind\": \"continuous\"}, {\"name\": \"outcome\", \"kind\": \"continuous\"}]}");
    w.finding(
        f(
            "F-c1-t01-1",
            "d.csv has 1000 rows",
            "data profile",
            1,
            1,
            0,
            EffectDirection.UNSPECIFIED,
            true));
    w.finding(
        f(
            "F-c1-t02-1",
            "x1 is positively correlated with outcome (Pearson correlation, r = 0.5, p = 1e-60, n = 1000)",
            "Pearson correlation",
            1e-60,
            1e-58,
            0.5,
            EffectDirection.POSITIVE,
            true,
            "x1",
            "outcome"));
    w.finding(
        f(
            "F-c1-t02-2",
            "a is positively correlated with outcome (Pearson correlation, r = 0.24, p = 1e-12, n = 1000)",
            "Pearson correlation",
            1e-12,
            1e-11,
            0.24,
            EffectDirection.POSITIVE,
            false,
            "a",
            "outcome"));
    w.finding(
        f(
            "F-c1-t02-3",
            "No association of n1 with outcome was detected (Pearson correlation, r = 0.01, p = 0.7, n = 1000)",
            "Pearson correlation",
            0.7,
            0.9,
            0.01,
            EffectDirection.NONE,
            true,
            "n1",
            "outcome"));
    w.finding(
        f(
            "F-c2-t01-1",
            "The association of a with outcome is accounted for by z: adjusted for z, partial r = 0.01",
            "partial correlation",
            0.7,
            0.9,
            0.01,
            EffectDirection.NONE,
            true,
            "a",
            "outcome",
            "z"));
    w.notes.putAll(
        Ledger.notes(
            "c1-t02",
            List.of(
                t("c1-t02", "screen", "x1", "outcome", 1e-60, 1),
                t("c1-t02", "screen", "a", "outcome", 1e-12, 2),
                t("c1-t02", "screen", "n1", "outcome", 0.7, 3)),
            List.of()));
    w.notes.putAll(
        Ledger.notes(
            "c2-t01",
            List.of(t("c2-t01", "confounding", "a", "outcome", 0.7, 1)),
            List.of(
                new Ledger.CheckEntry(
                    "c2-t01",
                    "confounding",
                    "d.csv",
                    "a",
                    "outcome",
                    "explained",
                    "z",
                    "The association of a with outcome is accounted for by z",
                    "F-c2-t01-1"))));
    return w;
  }

  @Test
  void statementsCiteTheirFindingsAndTellWhatDidNotHoldUp() {
    List<ReportStatement> s =
        new OfflineReportWriter(Options.DEFAULTS)
            .synthesize(new ReportContext("What drives the outcome?", world(), List.of()));
    // the report opens with the answer: the strongest predictor, and what fell away
    List<ReportStatement> answer =
        s.stream().filter(st -> st.section() == ReportStatement.Section.ANSWER).toList();
    assertThat(s.getFirst().section()).isEqualTo(ReportStatement.Section.ANSWER);
    assertThat(answer).hasSizeBetween(2, 5);
    assertThat(answer.getFirst().text())
        .startsWith("The variables most strongly associated with outcome are x1 (r = 0.500")
        .contains("adjusted p = 1.00e-58");
    assertThat(answer)
        .anySatisfy(
            st -> {
              assertThat(st.text())
                  .contains("not once other measured variables are held fixed: a (r = ")
                  .contains("accounted for by z");
              assertThat(st.findingIds()).containsExactly("F-c1-t02-2", "F-c2-t01-1");
            });
    ReportStatement reading =
        s.stream()
            .filter(st -> st.section() == ReportStatement.Section.READING)
            .findFirst()
            .orElseThrow();
    assertThat(reading.text())
        .contains("Outcome: outcome in d.csv")
        .contains("4 statistical tests")
        .contains("q = 0.05");
    assertThat(reading.findingIds()).containsExactly("F-c1-t01-1");
    assertThat(s)
        .anySatisfy(
            st -> {
              assertThat(st.text())
                  .startsWith("x1 is positively correlated with outcome (r = 0.500")
                  .contains("adjusted p = 1.00e-58");
              assertThat(st.findingIds()).containsExactly("F-c1-t02-1");
            })
        .anySatisfy(
            st -> {
              assertThat(st.text())
                  .contains("The association of a with outcome")
                  .contains("does not hold up: it is accounted for by z");
              assertThat(st.findingIds()).containsExactly("F-c1-t02-2", "F-c2-t01-1");
            })
        .anySatisfy(
            st ->
                assertThat(st.text())
                    .startsWith("No meaningful association with outcome was found for n1"));
  }

  @Test
  void aSubgroupDifferenceOrAShapeIsSaidOnlyOnceValidated() {
    FakeWorld w = world();
    w.finding(
        f(
            "F-c3-t01-1",
            "The association of x1 with outcome differs across levels of g (interaction p = 0.01)",
            "F test of the interaction (OLS)",
            0.01,
            0.02,
            0.1,
            EffectDirection.UNSPECIFIED,
            false,
            "x1",
            "outcome"));
    w.finding(
        f(
            "F-c3-t01-2",
            "The association of x1 with outcome is non-linear (levelling off)",
            "F test",
            1e-9,
            1e-8,
            0.3,
            EffectDirection.UNSPECIFIED,
            true,
            "x1",
            "outcome"));
    w.notes.putAll(
        Ledger.notes(
            "c3-t01",
            List.of(
                t("c3-t01", "subgroups", "x1", "outcome", 0.01, 1),
                t("c3-t01", "nonlinearity", "x1", "outcome", 1e-9, 2)),
            List.of(
                new Ledger.CheckEntry(
                    "c3-t01",
                    "subgroups",
                    "d.csv",
                    "x1",
                    "outcome",
                    "differs",
                    "g",
                    "the association differs between subgroups",
                    "F-c3-t01-1"),
                new Ledger.CheckEntry(
                    "c3-t01",
                    "nonlinearity",
                    "d.csv",
                    "x1",
                    "outcome",
                    "non-linear",
                    "",
                    "the shape is non-linear",
                    "F-c3-t01-2"))));
    List<ReportStatement> s =
        new OfflineReportWriter(Options.DEFAULTS)
            .synthesize(new ReportContext("What drives the outcome?", w, List.of()));
    ReportStatement x1 =
        s.stream()
            .filter(st -> st.text().startsWith("x1 is positively correlated with outcome"))
            .findFirst()
            .orElseThrow();
    assertThat(x1.text()).contains("its shape is non-linear").doesNotContain("differs across");
    assertThat(x1.findingIds()).contains("F-c3-t01-2").doesNotContain("F-c3-t01-1");
  }

  @Test
  void anAttenuationThatDoesNotSurviveTheFalseDiscoveryRateIsReportedAsExplained() {
    FakeWorld w = world();
    w.finding(
        f(
            "F-c2-t02-1",
            "The association of x1 with outcome weakens but remains after adjusting for z",
            "partial correlation",
            0.02,
            0.2,
            0.07,
            EffectDirection.POSITIVE,
            false,
            "x1",
            "outcome",
            "z"));
    w.notes.putAll(
        Ledger.notes(
            "c2-t02",
            List.of(t("c2-t02", "confounding", "x1", "outcome", 0.02, 1)),
            List.of(
                new Ledger.CheckEntry(
                    "c2-t02",
                    "confounding",
                    "d.csv",
                    "x1",
                    "outcome",
                    "attenuated",
                    "z",
                    "The association of x1 with outcome weakens but remains after adjusting for z",
                    "F-c2-t02-1"))));
    List<ReportStatement> s =
        new OfflineReportWriter(Options.DEFAULTS)
            .synthesize(new ReportContext("What drives the outcome?", w, List.of()));
    assertThat(s)
        .anySatisfy(
            st ->
                assertThat(st.text())
                    .startsWith("The association of x1 with outcome")
                    .contains(
                        "does not hold up: it is accounted for by z (what remains does not survive"
                            + " the false discovery rate)")
                    .contains("adjusted p = 0.200"))
        .noneSatisfy(st -> assertThat(st.text()).contains("weakens but remains"));
  }

  @Test
  void anObjectiveThatMatchesNothingIsSaidFirst() {
    List<ReportStatement> s =
        new OfflineReportWriter(Options.DEFAULTS)
            .synthesize(new ReportContext("Which galaxies merge?", world(), List.of()));
    assertThat(s.getFirst().text())
        .startsWith("The question named no column of the data, so every pair was explored");
    assertThat(s)
        .anySatisfy(
            st ->
                assertThat(st.text())
                    .startsWith("The objective matched no column of the data; every pair"));
  }
}
