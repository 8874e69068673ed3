package io.kosmos.core.internal.world;

import static org.assertj.core.api.Assertions.assertThat;

import io.kosmos.api.Citation;
import io.kosmos.api.EffectDirection;
import io.kosmos.api.Finding;
import io.kosmos.api.FindingClass;
import io.kosmos.api.FindingKind;
import io.kosmos.api.Hypothesis;
import io.kosmos.api.HypothesisStatus;
import io.kosmos.api.Paper;
import io.kosmos.api.Relation;
import io.kosmos.api.Statistics;
import io.kosmos.api.Task;
import io.kosmos.api.TaskKind;
import io.kosmos.api.ValidationResult;
import io.kosmos.core.internal.artifacts.Json;
import io.kosmos.core.internal.artifacts.TaskRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class WorldStateTest {

  private final WorldState world = new WorldState(List.of());

  static Finding finding(
      String id, String hypothesis, double p, EffectDirection dir, boolean valid) {
    return Finding.builder(FindingKind.DATA_ANALYSIS)
        .id(id)
        .claim("claim " + id)
        .statistics(new Statistics("t", 1.0, p, null, 0.3, "r", 0.1, 0.5, 100, Map.of()))
        .direction(dir)
        .hypothesisId(hypothesis)
        .variable("bmi")
        .variable("target")
        .citation(new Citation.NotebookCell("t", "nb.ipynb", 1, "abc"))
        .validation(
            new ValidationResult(
                "v", valid, valid ? 1 - p : 0.1, Map.of(), valid ? List.of() : List.of("weak")))
        .build();
  }

  @Test
  void classifiesNovelConfirmationConflictAndPruning() {
    world.addHypothesis(Hypothesis.open("H1", "bmi drives progression", 1, List.of("bmi")));
    Finding first = world.addFinding(finding("F1", "H1", 0.001, EffectDirection.POSITIVE, true));
    assertThat(first.classification()).isEqualTo(FindingClass.NOVEL);
    assertThat(world.hypothesis("H1").orElseThrow().status()).isEqualTo(HypothesisStatus.SUPPORTED);

    Finding agrees = world.addFinding(finding("F2", "H1", 0.01, EffectDirection.POSITIVE, true));
    assertThat(agrees.classification()).isEqualTo(FindingClass.CONFIRMATION);

    Finding opposite = world.addFinding(finding("F3", "H1", 0.02, EffectDirection.NEGATIVE, true));
    assertThat(opposite.classification()).isEqualTo(FindingClass.CONFLICT);
    assertThat(world.conflicts())
        .containsExactly(
            new Relation("F3", Relation.Type.CONFLICTS_WITH, "F2"),
            new Relation("F3", Relation.Type.CONFLICTS_WITH, "F1"));

    // Two validated nulls against three supports keep it supported: a conflict, not a pruning.
    Finding nullOne = world.addFinding(finding("F4", "H1", 0.6, EffectDirection.NONE, true));
    assertThat(nullOne.classification()).isEqualTo(FindingClass.CONFLICT);
    assertThat(world.hypothesis("H1").orElseThrow().status()).isEqualTo(HypothesisStatus.SUPPORTED);
    world.addFinding(finding("F5", "H1", 0.7, EffectDirection.NONE, true));
    // The third null tips it: pruning, and the hypothesis is refuted.
    Finding pruning = world.addFinding(finding("F6", "H1", 0.8, EffectDirection.NONE, true));
    assertThat(pruning.classification()).isEqualTo(FindingClass.PRUNING);
    Hypothesis h = world.hypothesis("H1").orElseThrow();
    assertThat(h.status()).isEqualTo(HypothesisStatus.REFUTED);
    assertThat(h.supportingFindings()).containsExactly("F1", "F2", "F3");
    assertThat(h.refutingFindings()).containsExactly("F4", "F5", "F6");
    assertThat(h.confidence()).isEqualTo(0.5);
    assertThat(world.openHypotheses()).isEmpty();
  }

  @Test
  void firstValidatedNullPrunesAnOpenHypothesis() {
    world.addHypothesis(Hypothesis.open("H1", "age drives progression", 1, List.of()));
    Finding f = world.addFinding(finding("F1", "H1", 0.4, EffectDirection.NONE, true));
    assertThat(f.classification()).isEqualTo(FindingClass.PRUNING);
    assertThat(world.hypothesis("H1").orElseThrow().status()).isEqualTo(HypothesisStatus.REFUTED);
    assertThat(world.relations()).contains(new Relation("F1", Relation.Type.REFUTES, "H1"));
  }

  @Test
  void unvalidatedFindingsAreEvidenceButDoNotMoveTheStatus() {
    world.addHypothesis(Hypothesis.open("H1", "age drives progression", 1, List.of()));
    Finding f = world.addFinding(finding("F1", "H1", 0.4, EffectDirection.NONE, false));
    assertThat(f.classification()).isEqualTo(FindingClass.NOVEL);
    Hypothesis h = world.hypothesis("H1").orElseThrow();
    assertThat(h.status()).isEqualTo(HypothesisStatus.OPEN);
    assertThat(h.refutingFindings()).containsExactly("F1");
    assertThat(world.validatedFindings(10)).isEmpty();
  }

  @Test
  void withoutHypothesisComparesTheSameVariables() {
    world.addFinding(finding("F1", null, 0.001, EffectDirection.POSITIVE, true));
    Finding second = world.addFinding(finding("F2", null, 0.3, EffectDirection.NONE, true));
    assertThat(second.classification()).isEqualTo(FindingClass.CONFLICT);
  }

  @Test
  void addingTheSameIdTwiceChangesNothing() {
    world.addFinding(finding("F1", null, 0.001, EffectDirection.POSITIVE, true));
    world.addFinding(finding("F1", null, 0.9, EffectDirection.NONE, false));
    assertThat(world.findings()).hasSize(1);
    assertThat(world.finding("F1").orElseThrow().statistics().pValue()).isEqualTo(0.001);
  }

  @Test
  void validatedFindingsAreRankedByScoreThenAdjustedP() {
    world.addFinding(finding("A", null, 0.04, EffectDirection.POSITIVE, true));
    world.addFinding(finding("B", null, 0.001, EffectDirection.POSITIVE, true));
    world.addFinding(finding("C", null, 0.5, EffectDirection.NONE, false));
    world.addFinding(finding("D", null, 0.01, EffectDirection.POSITIVE, true));
    assertThat(world.validatedFindings(10)).extracting(Finding::id).containsExactly("B", "D", "A");
    assertThat(world.validatedFindings(2)).extracting(Finding::id).containsExactly("B", "D");
    assertThat(world.recentFindings(2)).extracting(Finding::id).containsExactly("D", "C");
  }

  @Test
  void reviseMovesRankOutcomeAndHypothesis() {
    world.addHypothesis(Hypothesis.open("H1", "x", 1, List.of()));
    Finding f = world.addFinding(finding("F1", "H1", 0.01, EffectDirection.POSITIVE, true));
    world.addFinding(finding("F2", null, 0.02, EffectDirection.POSITIVE, true));
    assertThat(world.hypothesis("H1").orElseThrow().status()).isEqualTo(HypothesisStatus.SUPPORTED);

    Finding adjusted = f.withStatistics(f.statistics().withAdjustedP(0.2));
    adjusted =
        adjusted.withValidation(
            new ValidationResult("v", false, 0.1, Map.of(), List.of("adjusted")));
    assertThat(world.revise(adjusted)).isTrue();

    Finding stored = world.finding("F1").orElseThrow();
    assertThat(stored.statistics().adjustedP()).isEqualTo(0.2);
    assertThat(stored.classification()).isEqualTo(FindingClass.NOVEL);
    assertThat(world.validatedFindings(10)).extracting(Finding::id).containsExactly("F2");
    Hypothesis h = world.hypothesis("H1").orElseThrow();
    assertThat(h.supportingFindings()).isEmpty();
    assertThat(h.refutingFindings()).containsExactly("F1");
    assertThat(h.status()).isEqualTo(HypothesisStatus.OPEN);
    assertThat(world.relations())
        .contains(new Relation("F1", Relation.Type.REFUTES, "H1"))
        .doesNotContain(new Relation("F1", Relation.Type.SUPPORTS, "H1"));
    assertThat(world.revise(finding("nope", null, 0.1, EffectDirection.NONE, true))).isFalse();
  }

  @Test
  void applyResolvesHypothesisDuplicatesPapersQuestionsAndNotesIdempotently() {
    world.addHypothesis(Hypothesis.open("H-old", "BMI drives progression", 1, List.of()));
    Task task = Task.builder(TaskKind.DATA_ANALYSIS).id("c2-t01").description("d").build();
    Paper paper = new Paper("doi:1", "1", "T", List.of(), 2020, "", null, "s");
    Finding lit =
        Finding.builder(FindingKind.LITERATURE)
            .id("F-c2-t01-2")
            .claim("paper says")
            .citation(Citation.PaperPassage.of("doi:1", "abstract", "a passage"))
            .build();
    TaskRecord record =
        new TaskRecord(
            Json.FORMAT_VERSION,
            2,
            task,
            TaskRecord.Status.SUCCEEDED,
            null,
            false,
            1,
            Instant.EPOCH,
            Duration.ZERO,
            "s",
            List.of(finding("F-c2-t01-1", "H-c2-t01-1", 0.01, EffectDirection.POSITIVE, true), lit),
            List.of(),
            List.of(Hypothesis.open("H-c2-t01-1", "  bmi   drives progression ", 2, List.of())),
            List.of("Why?", "why?"),
            List.of(paper),
            Map.of("k", "v"),
            null,
            0,
            0,
            0,
            0,
            List.of(),
            List.of(),
            "");
    List<Finding> added = world.apply(record);
    assertThat(added).hasSize(2);
    assertThat(world.finding("F-c2-t01-1").orElseThrow().hypothesisId()).isEqualTo("H-old");
    assertThat(world.hypotheses()).hasSize(1);
    assertThat(world.papers()).containsExactly(paper);
    assertThat(world.openQuestions()).containsExactly("Why?");
    assertThat(world.note("k")).contains("v");
    assertThat(world.triedTasks()).containsExactly(task);
    assertThat(world.relations())
        .contains(new Relation("F-c2-t01-2", Relation.Type.CITES, "doi:1"));

    assertThat(world.apply(record)).isEmpty();
    assertThat(world.findings()).hasSize(2);
    assertThat(world.triedTasks()).hasSize(1);
  }

  @Test
  void failedTaskIsTriedButAddsNothing() {
    Task task = Task.builder(TaskKind.DATA_ANALYSIS).id("c1-t01").description("d").build();
    TaskRecord failed =
        new TaskRecord(
            Json.FORMAT_VERSION,
            1,
            task,
            TaskRecord.Status.FAILED,
            "boom",
            false,
            1,
            Instant.EPOCH,
            Duration.ZERO,
            "",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            0,
            0,
            0,
            0,
            null,
            null,
            "");
    assertThat(world.apply(failed)).isEmpty();
    assertThat(world.triedTasks()).containsExactly(task);
  }

  @Test
  void readsAreSafeWhileWriting() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> writer =
          pool.submit(
              () -> {
                for (int i = 0; i < 5_000; i++) {
                  world.addFinding(finding("F" + i, null, 0.01, EffectDirection.POSITIVE, true));
                }
              });
      Future<?> reader =
          pool.submit(
              () -> {
                for (int i = 0; i < 5_000; i++) {
                  assertThat(world.validatedFindings(5).size()).isLessThanOrEqualTo(5);
                  world.recentFindings(3);
                }
              });
      writer.get();
      reader.get();
    } finally {
      pool.shutdownNow();
    }
    assertThat(world.findingCount()).isEqualTo(5_000);
  }
}
