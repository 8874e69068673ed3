package io.kosmos.core.team.offline;

import static org.assertj.core.api.Assertions.assertThat;

import io.kosmos.api.Citation;
import io.kosmos.api.EffectDirection;
import io.kosmos.api.Finding;
import io.kosmos.api.FindingKind;
import io.kosmos.api.LiteratureContext;
import io.kosmos.api.LiteratureException;
import io.kosmos.api.LiteratureSource;
import io.kosmos.api.Paper;
import io.kosmos.api.ReportStatement;
import io.kosmos.api.Statistics;
import io.kosmos.api.Task;
import io.kosmos.api.TaskKind;
import io.kosmos.api.TaskResult;
import io.kosmos.api.ValidationResult;
import io.kosmos.core.fixtures.FakeWorld;
import io.kosmos.core.fixtures.TestPapers;
import io.kosmos.core.internal.stats.Synonyms;
import io.kosmos.core.literature.corpus.PaperCorpus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offline literature analyst searches a corpus the test writes for prior evidence on validated
 * associations, quotes only sentences that name both variables, reads their direction against the
 * data's, and the report says which evidence is consistent, which is in tension, and for which
 * association none was found.
 */
class OfflineLiteratureAnalystTest {

  @TempDir Path tmp;
  PaperCorpus corpus;
  FakeWorld world = new FakeWorld();

  @BeforeEach
  void corpus() {
    Path papers = tmp.resolve("papers");
    TestPapers.pdf(
        papers.resolve("obesity.pdf"),
        "Obesity and diabetes progression",
        List.of(
            List.of("Obesity and diabetes progression"),
            List.of(
                "In 812 adults, higher body mass index was associated with faster disease"
                    + " progression. Age did not matter much.")));
    TestPapers.jats(
        papers.resolve("hdl.xml"),
        "10.5555/HDL.1",
        "HDL and progression",
        2020,
        "We studied lipids.",
        "Results",
        "Patients with higher HDL cholesterol progressed faster in our cohort.");
    TestPapers.write(
        papers.resolve("bp.md"),
        "# Blood pressure\n\nBlood pressure is measured in every visit.\n\n"
            + "Disease progression was recorded yearly.\n");
    corpus = PaperCorpus.builder(papers).indexDir(tmp.resolve("index")).build();
  }

  @AfterEach
  void close() {
    corpus.close();
  }

  private Finding data(String id, String x, EffectDirection direction) {
    Finding f =
        Finding.builder(FindingKind.DATA_ANALYSIS)
            .id(id)
            .claim(x + " is correlated with disease_progression")
            .variable(x)
            .variable("disease_progression")
            .direction(direction)
            .citation(
                new Citation.NotebookCell(
                    "c1-t02", "cycles/1/tasks/c1-t02/notebook.ipynb", 3, "0".repeat(64)))
            .statistics(
                new Statistics("Pearson", 5.0, 1e-6, 1e-5, 0.3, "r", 0.2, 0.4, 442, Map.of()))
            .validation(new ValidationResult("test", true, 0.9, Map.of(), List.of()))
            .build();
    world.finding(f);
    return f;
  }

  private Task evidenceTask(String... findingIdsAndPairs) {
    StringBuilder pairs = new StringBuilder("[");
    StringBuilder derived = new StringBuilder();
    for (int i = 0; i < findingIdsAndPairs.length; i += 2) {
      pairs
          .append(i == 0 ? "" : ",")
          .append("[\"")
          .append(findingIdsAndPairs[i + 1])
          .append("\",\"disease_progression\"]");
      derived.append(i == 0 ? "" : ",").append(findingIdsAndPairs[i]);
    }
    return Task.builder(TaskKind.LITERATURE_SEARCH)
        .id("c2-t05")
        .description("Search the literature for prior evidence.")
        .expectedOutput("quotes")
        .parameter("kind", "evidence")
        .parameter("dataset", "diabetes.csv")
        .parameter("pairs", pairs.append("]").toString())
        .parameter("derivedFrom", derived.toString())
        .parameter(
            "terms",
            OfflinePlanner.json(
                Map.of(
                    "bmi", VariableTerms.phrases("bmi", "body mass index"),
                    "hdl", VariableTerms.phrases("hdl", "hdl: high-density lipoproteins"),
                    "blood_pressure",
                        VariableTerms.phrases("blood_pressure", "average blood pressure"),
                    "sex", VariableTerms.phrases("sex", "sex, coded 1 or 2"),
                    "disease_progression",
                        VariableTerms.phrases(
                            "disease_progression",
                            "a quantitative measure of disease progression one year after baseline"))))
        .build();
  }

  @Test
  void quotesPassagesNamingBothVariablesAndSaysWhenNoneWasFound() {
    data("F-c1-t02-1", "bmi", EffectDirection.POSITIVE);
    data("F-c1-t02-2", "hdl", EffectDirection.NEGATIVE);
    data("F-c1-t02-3", "blood_pressure", EffectDirection.POSITIVE);
    data("F-c1-t02-4", "sex", EffectDirection.POSITIVE);
    Task task =
        evidenceTask(
            "F-c1-t02-1",
            "bmi",
            "F-c1-t02-2",
            "hdl",
            "F-c1-t02-3",
            "blood_pressure",
            "F-c1-t02-4",
            "sex");

    TaskResult result =
        new OfflineLiteratureAnalyst()
            .search(
                new LiteratureContext(
                    "What drives disease progression?", 2, task, world, List.of(corpus)));

    assertThat(result.findings()).hasSize(2);
    Finding bmi = result.findings().getFirst();
    assertThat(bmi.variables()).containsExactly("bmi", "disease_progression");
    assertThat(bmi.direction()).isEqualTo(EffectDirection.POSITIVE);
    assertThat(bmi.claim())
        .startsWith("Prior evidence consistent with bmi ~ disease_progression (F-c1-t02-1)");
    Citation.PaperPassage quote = (Citation.PaperPassage) bmi.citations().getFirst();
    assertThat(quote.quote())
        .isEqualTo(
            "In 812 adults, higher body mass index was associated with faster disease progression.");
    assertThat(quote.locator()).isEqualTo("page 2");
    Finding hdl = result.findings().get(1);
    assertThat(hdl.claim()).startsWith("Prior evidence in tension with hdl ~ disease_progression");
    assertThat(((Citation.PaperPassage) hdl.citations().getFirst()).locator())
        .isEqualTo("section Results");
    assertThat(result.summary())
        .contains("prior evidence on 4 association(s): 2 with passages naming both");
    // the blood pressure note names both words in two different sentences: not evidence
    assertThat(
            result
                .notes()
                .get("literature.evidence:diabetes.csv|blood_pressure|disease_progression"))
        .contains("\"quoted\":0")
        .contains("\"failed\":\"\"");

    // the report: the notes and literature findings as the world model holds them after the task
    world.notes.putAll(result.notes());
    for (int i = 0; i < result.findings().size(); i++) {
      world.finding(
          result.findings().get(i).toBuilder()
              .id("F-c2-t05-" + (i + 1))
              .validation(new ValidationResult("test", true, 0.7, Map.of(), List.of()))
              .build());
    }
    world.papers.addAll(result.papers());
    List<ReportStatement> statements =
        PriorEvidence.statements(
            new RunFindings(world, "What drives disease progression?", Synonyms.defaults()));
    assertThat(statements)
        .extracting(ReportStatement::text)
        .anySatisfy(
            t ->
                assertThat(t)
                    .startsWith(
                        "Prior evidence consistent with the association of bmi with disease_progression found here (positive)")
                    .contains("page 2, states a positive relation"))
        .anySatisfy(
            t -> assertThat(t).startsWith("Prior evidence in tension with the association of hdl"))
        .anySatisfy(
            t ->
                assertThat(t)
                    .isEqualTo(
                        "No prior evidence found in the literature searched (corpus) for"
                            + " blood_pressure ~ disease_progression, sex ~ disease_progression:"
                            + " no passage retrieved names both variables."));
    assertThat(statements.getFirst().findingIds()).containsExactly("F-c2-t05-1", "F-c1-t02-1");
  }

  @Test
  void aSearchThatFailsIsNotReportedAsNoEvidence() {
    data("F-c1-t02-1", "bmi", EffectDirection.POSITIVE);
    LiteratureSource down =
        new LiteratureSource() {
          @Override
          public List<Paper> search(String query, int limit) {
            throw new LiteratureException(
                "offline", LiteratureException.Reason.UNREACHABLE, null, null);
          }

          @Override
          public String name() {
            return "semantic-scholar";
          }
        };
    TaskResult result =
        new OfflineLiteratureAnalyst()
            .search(
                new LiteratureContext(
                    "o", 2, evidenceTask("F-c1-t02-1", "bmi"), world, List.of(down)));
    assertThat(result.findings()).isEmpty();
    world.notes.putAll(result.notes());
    assertThat(PriorEvidence.statements(new RunFindings(world, "o", Synonyms.defaults())))
        .singleElement()
        .satisfies(
            s ->
                assertThat(s.text())
                    .startsWith(
                        "The literature could not be searched for bmi ~ disease_progression (offline)"));
  }

  private TaskResult background(String query) {
    Task task =
        Task.builder(TaskKind.LITERATURE_SEARCH)
            .id("c1-t03")
            .description("Search the literature on the objective.")
            .expectedOutput("quotes")
            .parameter("kind", "literature")
            .parameter("query", query)
            .build();
    return new OfflineLiteratureAnalyst()
        .search(new LiteratureContext(query, 1, task, world, List.of(corpus)));
  }

  @Test
  void theBackgroundQuotesSentencesStatingARelationOverOnesThatOnlyNameTheOutcome() {
    TaskResult drives = background("What drives disease progression?");
    assertThat(drives.findings()).isNotEmpty();
    assertThat(drives.findings())
        .extracting(Finding::claim)
        .anySatisfy(c -> assertThat(c).contains("higher body mass index was associated"))
        .noneSatisfy(c -> assertThat(c).contains("recorded yearly"));
    // with no sentence stating a relation, the closest sentences are quoted as they are
    TaskResult measured = background("How is blood pressure measured?");
    assertThat(measured.findings())
        .extracting(Finding::claim)
        .anySatisfy(c -> assertThat(c).contains("Blood pressure is measured in every visit."));
  }

  @Test
  void directionsAreReadFromCueWords() {
    assertThat(EvidenceReading.direction("Higher BMI predicted faster progression."))
        .isEqualTo(EffectDirection.POSITIVE);
    assertThat(EvidenceReading.direction("Those with higher HDL progressed more slowly."))
        .isEqualTo(EffectDirection.NEGATIVE);
    assertThat(EvidenceReading.direction("HDL was inversely associated with progression."))
        .isEqualTo(EffectDirection.NEGATIVE);
    assertThat(EvidenceReading.direction("Sex was not associated with progression."))
        .isEqualTo(EffectDirection.NONE);
    assertThat(EvidenceReading.direction("Lower glucose came with lower progression."))
        .isEqualTo(EffectDirection.POSITIVE);
    assertThat(EvidenceReading.direction("Blood pressure and progression were recorded."))
        .isEqualTo(EffectDirection.UNSPECIFIED);
  }

  @Test
  void theRunsSynonymsReachTheLiteratureSearch() {
    assertThat(VariableTerms.phrases("sample_sex", "")).contains("sample sex");
    assertThat(VariableTerms.phrases("sex", "")).contains("sex", "gender");
    assertThat(VariableTerms.phrases("earnings", "")).contains("income", "wages");
    io.kosmos.core.internal.stats.Synonyms mine =
        io.kosmos.core.internal.stats.Synonyms.withExtra(
            Map.of("crop yield", List.of("harvest", "bushels per acre")));
    assertThat(VariableTerms.phrases("crop_yield", "", mine))
        .contains("crop yield", "harvest", "bushels per acre");
    assertThat(VariableTerms.phrases("crop_yield", "")).doesNotContain("harvest");
  }

  @Test
  void variablesAreNamedByTheirDescriptionsNamesAndSynonyms() {
    assertThat(
            VariableTerms.phrases(
                "log_triglycerides", "ltg: possibly the log of the serum triglycerides level"))
        .startsWith("triglycerides", "log triglycerides");
    assertThat(VariableTerms.phrases("bmi", "body mass index"))
        .contains("body mass index", "bmi", "obesity");
    assertThat(
            VariableTerms.phrases(
                "disease_progression",
                "a quantitative measure of disease progression one year after baseline"))
        .startsWith("disease progression")
        .contains("progression");
    assertThat(VariableTerms.phrases("s5", "")).isEmpty();
    assertThat(VariableTerms.phrases("total_cholesterol", "tc: total serum cholesterol"))
        .contains("total cholesterol")
        .doesNotContain("cholesterol");
    // one thing named once is not two variables named
    List<String> hdl = VariableTerms.phrases("hdl", "hdl: high-density lipoproteins");
    List<String> ratio =
        VariableTerms.phrases("cholesterol_hdl_ratio", "tch: total cholesterol / HDL");
    assertThat(
            VariableTerms.namesBoth(
                "HDL cholesterol was inversely associated with disease progression.", hdl, ratio))
        .isFalse();
    assertThat(
            VariableTerms.namesBoth("The cholesterol to HDL ratio fell as HDL rose.", hdl, ratio))
        .isTrue();
    assertThat(
            VariableTerms.named(
                VariableTerms.words("Triglyceride levels rose."), List.of("triglycerides")))
        .isEqualTo("triglycerides");
  }
}
