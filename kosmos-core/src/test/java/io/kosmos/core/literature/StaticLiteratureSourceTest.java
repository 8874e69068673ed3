package io.kosmos.core.literature;

import static org.assertj.core.api.Assertions.assertThat;

import io.kosmos.api.Paper;
import java.util.List;
import org.junit.jupiter.api.Test;

class StaticLiteratureSourceTest {

  private static Paper paper(String id, String title, String abstractText) {
    return new Paper(id, null, title, List.of("A"), 2020, abstractText, null, "curated");
  }

  private final StaticLiteratureSource source =
      new StaticLiteratureSource(
          "curated",
          List.of(
              paper("p1", "Insulin resistance in obesity", "BMI and insulin."),
              paper("p2", "Glucose variability", "Variability of glucose and BMI in diabetes."),
              paper("p3", "Unrelated astronomy", "Stars."),
              paper("p4", "BMI", "Body mass index.")));

  @Test
  void ranksTitleMatchesAboveAbstractMatches() {
    assertThat(source.search("BMI and glucose", 10))
        .extracting(Paper::id)
        .containsExactly("p2", "p4", "p1");
  }

  @Test
  void respectsTheLimitAndIgnoresCaseAndStopWords() {
    assertThat(source.search("the GLUCOSE", 1)).extracting(Paper::id).containsExactly("p2");
    assertThat(source.search("the of and", 5)).isEmpty();
    assertThat(source.search("quasars", 5)).isEmpty();
    assertThat(source.name()).isEqualTo("curated");
    assertThat(source.papers()).hasSize(4);
  }
}
