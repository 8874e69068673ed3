package io.kosmos.core.team.offline;

import io.kosmos.api.EffectDirection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a sentence of a paper for the direction it states: no association, a positive one, or a
 * negative one, or none stated. It reads cue words, not meaning: "no significant association",
 * "inversely associated", or two words of change whose signs multiply ("higher BMI ... faster
 * progression" is positive, "higher HDL ... progressed more slowly" negative). The report quotes
 * the sentence beside the reading, so that a reader can judge it.
 */
final class EvidenceReading {

  private static final List<String> NULL_CUES =
      List.of(
          "no association",
          "not associated",
          "no significant",
          "not significantly",
          "no relationship",
          "no relation",
          "no correlation",
          "not correlated",
          "unrelated",
          "did not predict",
          "was not related",
          "were not related",
          "no evidence",
          "no effect",
          "similar rates",
          "did not differ",
          "no difference",
          "not linked",
          "independent of");
  private static final List<String> NEGATIVE_CUES =
      List.of(
          "inversely",
          "negatively associated",
          "negative association",
          "negatively correlated",
          "negative correlation",
          "negatively related",
          "protective",
          "protects");
  private static final List<String> POSITIVE_CUES =
      List.of(
          "positively associated",
          "positive association",
          "positively correlated",
          "positive correlation",
          "positively related",
          "risk factor",
          "increased risk",
          "higher risk",
          "greater risk");
  private static final Pattern UP =
      Pattern.compile(
          "\\b(higher|greater|increased|increasing|increase|increases|more|faster|elevated|larger|"
              + "rising|rise|rises|raised|worse|worsening|accelerated|accelerates|doubling|doubled|"
              + "high|quicker)\\b");
  private static final Pattern DOWN =
      Pattern.compile(
          "\\b(lower|reduced|reduces|reduce|decreased|decrease|decreases|decreasing|less|slower|"
              + "smaller|declining|decline|declines|fewer|low|slowed|attenuated)\\b");

  private EvidenceReading() {}

  /**
   * The direction a sentence states.
   *
   * @param sentence the sentence
   * @return {@code NONE} for no association, {@code POSITIVE} or {@code NEGATIVE}, or {@code
   *     UNSPECIFIED} when it states none
   */
  static EffectDirection direction(String sentence) {
    String s =
        " "
            + sentence
                .toLowerCase(Locale.ROOT)
                .replaceAll("\\s+", " ")
                .replace("more slowly", "slower")
                .replace("less rapidly", "slower")
                .replace("less quickly", "slower")
                .replace("more rapidly", "faster")
                .replace("more quickly", "faster")
            + " ";
    for (String cue : NULL_CUES) {
      if (s.contains(cue)) {
        return EffectDirection.NONE;
      }
    }
    for (String cue : NEGATIVE_CUES) {
      if (s.contains(cue)) {
        return EffectDirection.NEGATIVE;
      }
    }
    for (String cue : POSITIVE_CUES) {
      if (s.contains(cue)) {
        return EffectDirection.POSITIVE;
      }
    }
    List<int[]> changes = new ArrayList<>();
    Matcher up = UP.matcher(s);
    while (up.find()) {
      changes.add(new int[] {up.start(), 1});
    }
    Matcher down = DOWN.matcher(s);
    while (down.find()) {
      changes.add(new int[] {down.start(), -1});
    }
    if (changes.size() < 2) {
      return EffectDirection.UNSPECIFIED;
    }
    changes.sort((a, b) -> Integer.compare(a[0], b[0]));
    int sign = changes.get(0)[1] * changes.get(1)[1];
    return sign > 0 ? EffectDirection.POSITIVE : EffectDirection.NEGATIVE;
  }

  /** How a paper's stated direction stands to the data's. */
  enum Relation {
    CONSISTENT("consistent with"),
    IN_TENSION("in tension with"),
    SILENT("silent on the direction of");

    final String words;

    Relation(String words) {
      this.words = words;
    }
  }

  /**
   * How a paper's direction stands to the direction the data found.
   *
   * @param data the data finding's direction
   * @param paper the direction the paper states
   * @return consistent, in tension, or silent
   */
  static Relation relation(EffectDirection data, EffectDirection paper) {
    if (paper == EffectDirection.UNSPECIFIED || data == EffectDirection.UNSPECIFIED) {
      return Relation.SILENT;
    }
    return data == paper ? Relation.CONSISTENT : Relation.IN_TENSION;
  }
}
