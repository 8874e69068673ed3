package io.kosmos.core.team.offline;

import com.fasterxml.jackson.databind.JsonNode;
import io.kosmos.api.EffectDirection;
import io.kosmos.api.ExecutedCell;
import io.kosmos.api.Finding;
import io.kosmos.api.FindingKind;
import io.kosmos.api.Statistics;
import io.kosmos.core.internal.stats.Fmt;
import io.kosmos.core.internal.stats.Profile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The first task on a dataset ({@link Work#PROFILE}): the profile the run has just made in the
 * sandbox becomes a descriptive finding (rows, columns, kinds, what was set aside and why, missing
 * values) citing the profile cell and a figure of the distributions. Later tasks and the planner
 * read the profile from the task's {@code profile:<dataset>} note.
 */
final class DataProfiling implements Analysis {

  @Override
  public List<PythonSource.Module> modules() {
    return List.of(PythonSource.Module.COMMON, PythonSource.Module.TABLES);
  }

  @Override
  public boolean testsVariables() {
    return false;
  }

  @Override
  public void perform(AnalysisRun run) {
    Profile profile = run.profile();
    ExecutedCell figure = run.run("plot_profile(DATA, PROFILE)");
    int missing = 0;
    for (Profile.Column c : profile.columns()) {
      missing += Math.round(c.missingShare() * profile.rows());
    }
    double missingShare =
        profile.columns().isEmpty()
            ? 0
            : missing / (double) (profile.rows() * profile.columns().size());
    String claim =
        String.format(
            Locale.ROOT,
            "%s has %d rows and %d columns: %d usable (%s); %s; %s of values missing.",
            run.dataset().name(),
            profile.rows(),
            profile.columns().size(),
            profile.usable().size(),
            String.join(", ", usableKinds(profile)),
            setAside(profile),
            Fmt.num(100 * missingShare) + "%");
    Map<String, Double> extra = new LinkedHashMap<>();
    extra.put("columns", (double) profile.columns().size());
    extra.put("usable", (double) profile.usable().size());
    extra.put("missing_share", missingShare);
    String reading = reading(run);
    Finding.Builder f =
        Finding.builder(FindingKind.DATA_ANALYSIS)
            .claim(claim)
            .summary(summary(profile) + (reading.isEmpty() ? "" : " Read as: " + reading))
            .statistics(
                new Statistics(
                    "data profile",
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    profile.rows(),
                    extra))
            .direction(EffectDirection.UNSPECIFIED)
            .citation(run.context().cite(run.readCell()))
            .citation(run.context().cite(run.profileCell()));
    if (figure.result().isOk()) {
      f.citation(run.context().cite(figure));
    }
    run.finding(f.build());
    run.line(claim);
  }

  /**
   * "5 continuous, 1 binary": the usable kinds, counted, in the order the columns first show them.
   */
  private static List<String> usableKinds(Profile profile) {
    Map<String, Integer> kinds = new LinkedHashMap<>();
    for (Profile.Column c : profile.columns()) {
      kinds.merge(c.kind(), 1, Integer::sum);
    }
    List<String> usableKinds = new ArrayList<>();
    kinds.forEach(
        (k, n) -> {
          if (Profile.USABLE_KINDS.contains(k)) {
            usableKinds.add(n + " " + k);
          }
        });
    return usableKinds;
  }

  private static String setAside(Profile profile) {
    if (profile.setAside().isEmpty()) {
      return "none set aside";
    }
    return "set aside: "
        + String.join(
            ", ",
            profile.setAside().entrySet().stream()
                .map(e -> e.getKey() + " (" + e.getValue() + ")")
                .toList());
  }

  /**
   * How the sandbox read the file, in a sentence: format, encoding, delimiter, decimal mark,
   * header, what it noticed (a preamble, an index column, a wide panel reshaped) and the rows the
   * question restricted it to; empty for a file read without anything to say.
   */
  static String reading(AnalysisRun run) {
    JsonNode r = run.profileNode().path("reading");
    if (r.isMissingNode()) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    for (String key : List.of("format", "encoding")) {
      if (r.hasNonNull(key)) {
        parts.add(r.path(key).asText());
      }
    }
    if (r.hasNonNull("delimiter")) {
      parts.add(r.path("delimiter").asText() + "-delimited");
    }
    if (r.hasNonNull("decimal")) {
      parts.add("decimal " + r.path("decimal").asText());
    }
    if (r.has("header")) {
      parts.add(r.path("header").asBoolean() ? "a header row" : "no header row");
    }
    List<String> notes = new ArrayList<>();
    r.path("notes").forEach(n -> notes.add(n.asText()));
    for (JsonNode x : r.path("restrictions")) {
      notes.add(
          x.path("applied").asBoolean(false)
              ? "rows restricted to "
                  + x.path("selected").asText()
                  + " (\""
                  + x.path("phrase").asText()
                  + "\"): "
                  + x.path("rows_after").asInt()
                  + " of "
                  + x.path("rows_before").asInt()
                  + " kept"
              : "the rows could not be restricted to \""
                  + x.path("phrase").asText()
                  + "\" ("
                  + x.path("why").asText()
                  + "); every row was kept");
    }
    return run.dataset().name()
        + ": "
        + String.join(", ", parts)
        + (notes.isEmpty() ? "" : "; " + String.join("; ", notes))
        + ".";
  }

  private static String summary(Profile profile) {
    return "Profile made in the sandbox: each column classified by its values (identifier-"
        + "like, constant, date and free-text columns set aside), with missing"
        + " values, skew, a normality hint (|skew| < 1, excess kurtosis < 3, under 1%"
        + " outliers) and levels."
        + (profile.unknownDictionary().isEmpty()
            ? ""
            : " The data dictionary names columns the data does not have: "
                + String.join(", ", profile.unknownDictionary())
                + ".");
  }
}
