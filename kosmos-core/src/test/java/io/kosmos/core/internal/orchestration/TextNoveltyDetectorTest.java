package io.kosmos.core.internal.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kosmos.api.NoveltyDetector;
import io.kosmos.api.Task;
import io.kosmos.api.TaskKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextNoveltyDetectorTest {

  private static Task task(String id, TaskKind kind, String description, String... params) {
    Task.Builder b = Task.builder(kind).id(id).description(description).expectedOutput("x");
    for (int i = 0; i < params.length; i += 2) {
      b.parameter(params[i], params[i + 1]);
    }
    return b.build();
  }

  private final NoveltyDetector detector = new TextNoveltyDetector(0.8);

  @Test
  void dropsARepeatAndSaysOfWhat() {
    Task earlier =
        task(
            "c1-t01",
            TaskKind.DATA_ANALYSIS,
            "Test the association of BMI with progression",
            "x",
            "bmi");
    Task again =
        task(
            "c2-t04",
            TaskKind.DATA_ANALYSIS,
            "test association of bmi with the progression",
            "x",
            "bmi");
    NoveltyDetector.Decision d = detector.assess(again, List.of(earlier));
    assertThat(d.action()).isEqualTo(NoveltyDetector.Action.DROP);
    assertThat(d.similarity()).isEqualTo(1.0);
    assertThat(d.similarTo()).isEqualTo("c1-t01");
    assertThat(d.reason()).contains("c1-t01").contains("1.00");
  }

  @Test
  void keepsANewDirectionAndRecordsTheClosestTask() {
    Task earlier =
        task("c1-t01", TaskKind.DATA_ANALYSIS, "Test the association of BMI with progression");
    Task other = task("c2-t01", TaskKind.DATA_ANALYSIS, "Compare blood pressure between sexes");
    NoveltyDetector.Decision d = detector.assess(other, List.of(earlier));
    assertThat(d.action()).isEqualTo(NoveltyDetector.Action.KEEP);
    assertThat(d.task()).isSameAs(other);
    assertThat(d.similarity()).isLessThan(0.8);
  }

  @Test
  void comparesOnlyTasksOfTheSameKind() {
    Task data = task("c1-t01", TaskKind.DATA_ANALYSIS, "BMI and progression");
    Task lit = task("c1-t02", TaskKind.LITERATURE_SEARCH, "BMI and progression");
    NoveltyDetector.Decision d = detector.assess(lit, List.of(data));
    assertThat(d.action()).isEqualTo(NoveltyDetector.Action.KEEP);
    assertThat(d.similarTo()).isNull();
  }

  @Test
  void parametersCount() {
    Task a = task("a", TaskKind.DATA_ANALYSIS, "Test association", "x", "bmi", "y", "target");
    Task b = task("b", TaskKind.DATA_ANALYSIS, "Test association", "x", "age", "y", "target");
    assertThat(detector.assess(b, List.of(a)).action()).isEqualTo(NoveltyDetector.Action.KEEP);
  }

  @Test
  void rejectsABadThreshold() {
    assertThatThrownBy(() -> new TextNoveltyDetector(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TextNoveltyDetector(1.5))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
