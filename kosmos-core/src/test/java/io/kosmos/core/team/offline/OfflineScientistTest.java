package io.kosmos.core.team.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The builder convention: set once, fail fast naming the option and the value. */
class OfflineScientistTest {

  @Test
  void settingAnOptionTwiceFailsNamingIt() {
    assertTwice(b -> b.fdr(0.1), "fdr");
    assertTwice(b -> b.alpha(0.01), "alpha");
    assertTwice(b -> b.minN(30), "minN");
    assertTwice(b -> b.permutations(500), "permutations");
    assertTwice(b -> b.bootstrap(500), "bootstrap");
    assertTwice(b -> b.robustnessResamples(500), "robustnessResamples");
    assertTwice(b -> b.pairsPerTask(6), "pairsPerTask");
    assertTwice(b -> b.followUpsPerTask(2), "followUpsPerTask");
    assertTwice(b -> b.maxConfounders(2), "maxConfounders");
    assertTwice(b -> b.seed(7), "seed");
  }

  private static void assertTwice(Consumer<OfflineScientist.Builder> set, String option) {
    OfflineScientist.Builder b = OfflineScientist.builder();
    set.accept(b);
    assertThatThrownBy(() -> set.accept(b))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(option + " was already set; set each option once");
  }

  @Test
  void badValuesFailWhenSetNamingTheOptionAndTheValue() {
    OfflineScientist.Builder b = OfflineScientist.builder();
    assertThatThrownBy(() -> b.fdr(1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fdr must be above 0 and below 1, was 1.5");
    assertThatThrownBy(() -> b.alpha(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("alpha must be above 0 and below 1, was NaN");
    assertThatThrownBy(() -> b.minN(2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("minN must be 3 or more, was 2");
    assertThatThrownBy(() -> b.permutations(99))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("permutations must be 100 or more, was 99");
    assertThatThrownBy(() -> b.pairsPerTask(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pairsPerTask must be 1 or more, was 0");
    // A refused value does not count as set.
    assertThat(b.fdr(0.1).minN(30).build().team().description())
        .isEqualTo(OfflineScientist.DESCRIPTION);
  }

  @Test
  void theTeamUsesTheScientistsValidator() {
    OfflineScientist scientist = OfflineScientist.builder().fdr(0.1).build();
    assertThat(scientist.team().validator()).isSameAs(scientist.validator());
  }
}
