package io.kosmos.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.kosmos.api.Citation;
import io.kosmos.api.EffectDirection;
import io.kosmos.api.Finding;
import io.kosmos.api.FindingClass;
import io.kosmos.api.FindingKind;
import io.kosmos.api.Hypothesis;
import io.kosmos.api.HypothesisStatus;
import io.kosmos.api.Statistics;
import io.kosmos.api.Task;
import io.kosmos.api.TaskKind;
import io.kosmos.api.ValidationResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemoryWorldModelTest {

  private static Finding finding(String id, double p, EffectDirection direction) {
    return Finding.builder(FindingKind.DATA_ANALYSIS)
        .id(id)
        .claim("claim " + id)
        .statistics(new Statistics("t", 1.0, p, null, 0.3, "r", 0.1, 0.5, 100, Map.of()))
        .direction(direction)
        .hypothesisId("H1")
        .variable("bmi")
        .citation(new Citation.NotebookCell("t", "nb.ipynb", 1, "abc"))
        .validation(new ValidationResult("v", true, 1 - p, Map.of(), List.of()))
        .build();
  }

  @Test
  void findingsAreClassifiedAndHypothesesFollowTheEvidenceAsInARun() {
    InMemoryWorldModel world = new InMemoryWorldModel(List.of());
    assertThat(world.addHypothesis(Hypothesis.open("H1", "BMI drives it", 1, List.of("bmi"))))
        .isEqualTo("H1");
    assertThat(world.addHypothesis(Hypothesis.open("H2", "  bmi DRIVES it ", 1, List.of())))
        .isEqualTo("H1");

    Finding first = world.addFinding(finding("F1", 0.001, EffectDirection.POSITIVE));
    Finding second = world.addFinding(finding("F2", 0.01, EffectDirection.POSITIVE));
    Finding opposite = world.addFinding(finding("F3", 0.02, EffectDirection.NEGATIVE));

    assertThat(first.classification()).isEqualTo(FindingClass.NOVEL);
    assertThat(second.classification()).isEqualTo(FindingClass.CONFIRMATION);
    assertThat(opposite.classification()).isEqualTo(FindingClass.CONFLICT);
    assertThat(world.hypothesis("H1").orElseThrow().status()).isEqualTo(HypothesisStatus.SUPPORTED);
    assertThat(world.validatedFindings(2)).extracting(Finding::id).containsExactly("F1", "F2");
    assertThat(world.conflicts()).hasSize(2);
    assertThat(world.addFinding(finding("F1", 0.5, EffectDirection.NONE))).isEqualTo(first);
  }

  @Test
  void triedTasksAreKeptOncePerId() {
    InMemoryWorldModel world = new InMemoryWorldModel(List.of());
    Task task = Task.builder(TaskKind.DATA_ANALYSIS).id("c1-t01").description("d").build();
    world.addTriedTask(task);
    world.addTriedTask(task);
    assertThat(world.triedTasks()).containsExactly(task);
    assertThat(world.datasets()).isEmpty();
  }
}
