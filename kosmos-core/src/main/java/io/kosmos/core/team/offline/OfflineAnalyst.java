package io.kosmos.core.team.offline;

import com.fasterxml.jackson.databind.JsonNode;
import io.kosmos.api.AnalysisContext;
import io.kosmos.api.DataAnalyst;
import io.kosmos.api.Dataset;
import io.kosmos.api.EffectDirection;
import io.kosmos.api.ExecutedCell;
import io.kosmos.api.Finding;
import io.kosmos.api.FindingKind;
import io.kosmos.api.Hypothesis;
import io.kosmos.api.InvalidInputException;
import io.kosmos.api.KosmosException;
import io.kosmos.api.Statistics;
import io.kosmos.api.Task;
import io.kosmos.api.TaskResult;
import io.kosmos.core.internal.stats.BenjaminiHochberg;
import io.kosmos.core.internal.stats.Fmt;
import io.kosmos.core.internal.stats.Ledger;
import io.kosmos.core.internal.stats.Profile;
import io.kosmos.core.internal.stats.ResultLine;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;

/**
 * Carries out the offline planner's data-analysis tasks in the sandbox, cell by cell: the first
 * code cell defines the helper functions (from {@code python/*.py}), the next loads and profiles
 * the dataset, and each later cell runs one test or follow-up and prints a readable result and one
 * {@code KOSMOS_RESULT} line, which becomes the finding's statistics. Every test, significant or
 * not, is recorded in the task's {@code tests:<task id>} note for the run-wide false discovery
 * rate; follow-up verdicts go to {@code checks:<task id>}. Each finding cites its test cell and the
 * cell that drew its figure.
 *
 * <p>Thread-safe: all state lives in one {@link Run} per task.
 */
public final class OfflineAnalyst implements DataAnalyst {

  private final Options options;
  private final ConcurrentMap<String, Ledger.TaskEntries> inFlight;

  OfflineAnalyst(Options options, ConcurrentMap<String, Ledger.TaskEntries> inFlight) {
    this.options = options;
    this.inFlight = inFlight;
  }

  @Override
  public TaskResult analyze(AnalysisContext context) {
    Task task = context.task();
    Work work = Work.of(task.parameters().get("kind"));
    if (work == null || work == Work.LITERATURE) {
      throw new KosmosException(
          "task "
              + task.id()
              + " is not a data-analysis task of the offline statistical scientist (its parameter"
              + " 'kind' is "
              + task.parameters().get("kind")
              + ")");
    }
    String name = task.parameters().getOrDefault("dataset", "");
    Dataset dataset =
        context.datasets().stream()
            .filter(d -> d.name().equals(name))
            .findFirst()
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "task "
                            + task.id()
                            + " names dataset '"
                            + name
                            + "', which the run does"
                            + " not have"));
    Run run = new Run(context, dataset, work);
    run.start();
    if (run.profile.usable().size() >= 2 || work == Work.PROFILE) {
      switch (work) {
        case PROFILE -> run.profileTask();
        case SCREEN -> run.screen();
        case CONFOUNDING -> run.confounding();
        case ROBUSTNESS -> run.robustness();
        case NONLINEARITY -> run.nonlinearity();
        case SUBGROUPS -> run.subgroups();
        case MODEL -> run.model();
        default -> throw new IllegalStateException(work.toString());
      }
    } else {
      run.lines.add(
          dataset.name()
              + " has fewer than two usable columns; nothing was tested ("
              + run.profile.setAside()
              + ").");
    }
    return run.finish();
  }

  /** The analysis of one task. */
  private final class Run {
    final AnalysisContext ctx;
    final Dataset dataset;
    final Work work;
    final Task task;
    final String outcome;
    Profile profile;
    String profileJson;
    ExecutedCell profileCell;
    final List<Finding> findings = new ArrayList<>();
    final List<Hypothesis> hypotheses = new ArrayList<>();
    final Map<String, String> localHypotheses = new LinkedHashMap<>();
    final List<Ledger.TestEntry> tests = new ArrayList<>();
    final List<Ledger.CheckEntry> checks = new ArrayList<>();
    final List<String> lines = new ArrayList<>();
    final List<String> failures = new ArrayList<>();
    final List<String> questions = new ArrayList<>();

    Run(AnalysisContext ctx, Dataset dataset, Work work) {
      this.ctx = ctx;
      this.dataset = dataset;
      this.work = work;
      this.task = ctx.task();
      this.outcome = task.parameters().get("outcome");
    }

    String seed(String... parts) {
      StringBuilder sb =
          new StringBuilder("seed_for(")
              .append(options.seed())
              .append(", ")
              .append(PythonSource.str(task.id()));
      for (String p : parts) {
        sb.append(", ").append(PythonSource.str(p));
      }
      return sb.append(')').toString();
    }

    void start() {
      List<PythonSource.Module> modules =
          switch (work) {
            case PROFILE -> List.of(PythonSource.Module.COMMON);
            case SCREEN -> List.of(PythonSource.Module.COMMON, PythonSource.Module.PAIRS);
            default ->
                List.of(
                    PythonSource.Module.COMMON,
                    PythonSource.Module.PAIRS,
                    PythonSource.Module.FOLLOW_UPS);
          };
      ctx.markdown(
          "**Kosmos offline statistical scientist**, task "
              + task.id()
              + " ("
              + work.id()
              + ").\n\n"
              + task.description()
              + "\n\nThe next cell defines the helper functions this notebook uses; run it first."
              + " Random procedures are seeded from the task id, so a re-run gives the same"
              + " numbers.");
      ExecutedCell helpers = ctx.run(PythonSource.helpers(modules));
      if (!helpers.result().isOk()) {
        throw new KosmosException(
            "the helper functions failed to load in the sandbox: "
                + helpers.result().errorOutput().map(e -> e.name() + ": " + e.value()).orElse("?"));
      }
      profileCell =
          ctx.run(
              "DATA = load_table("
                  + PythonSource.str(dataset.mountPath())
                  + ")\nPROFILE = profile_table(DATA, "
                  + PythonSource.str(dataset.name())
                  + ", dictionary="
                  + PythonSource.dict(dataset.dictionary())
                  + ")\nshow_profile(PROFILE)");
      ResultLine.Outcome out = ResultLine.of(profileCell);
      if (!out.ok()) {
        String error =
            profileCell
                .result()
                .errorOutput()
                .map(e -> e.name() + ": " + e.value())
                .orElse(out.failure());
        throw new InvalidInputException(
            dataset.name() + " could not be loaded and profiled in the sandbox: " + error);
      }
      profileJson = out.json().toString();
      profile = Profile.parse(out.json());
    }

    // ---- profile ---------------------------------------------------------------------------

    void profileTask() {
      ExecutedCell figure = ctx.run("plot_profile(DATA, PROFILE)");
      Map<String, Integer> kinds = new LinkedHashMap<>();
      int missing = 0;
      for (Profile.Column c : profile.columns()) {
        kinds.merge(c.kind(), 1, Integer::sum);
        missing += Math.round(c.missingShare() * profile.rows());
      }
      List<String> usableKinds = new ArrayList<>();
      kinds.forEach(
          (k, n) -> {
            if (Profile.USABLE_KINDS.contains(k)) {
              usableKinds.add(n + " " + k);
            }
          });
      double missingShare =
          profile.columns().isEmpty()
              ? 0
              : missing / (double) (profile.rows() * profile.columns().size());
      String aside =
          profile.setAside().isEmpty()
              ? "none set aside"
              : "set aside: "
                  + String.join(
                      ", ",
                      profile.setAside().entrySet().stream()
                          .map(e -> e.getKey() + " (" + e.getValue() + ")")
                          .toList());
      String claim =
          String.format(
              Locale.ROOT,
              "%s has %d rows and %d columns: %d usable (%s); %s; %s of values missing.",
              dataset.name(),
              profile.rows(),
              profile.columns().size(),
              profile.usable().size(),
              String.join(", ", usableKinds),
              aside,
              Fmt.num(100 * missingShare) + "%");
      Map<String, Double> extra = new LinkedHashMap<>();
      extra.put("columns", (double) profile.columns().size());
      extra.put("usable", (double) profile.usable().size());
      extra.put("missing_share", missingShare);
      Finding.Builder f =
          Finding.builder(FindingKind.DATA_ANALYSIS)
              .claim(claim)
              .summary(
                  "Profile made in the sandbox: each column classified by its values (identifier-"
                      + "like, constant, date and free-text columns set aside), with missing"
                      + " values, skew, a normality hint (|skew| < 1, excess kurtosis < 3, under 1%"
                      + " outliers) and levels."
                      + (profile.unknownDictionary().isEmpty()
                          ? ""
                          : " The data dictionary names columns the data does not have: "
                              + String.join(", ", profile.unknownDictionary())
                              + "."))
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
              .citation(ctx.cite(profileCell));
      if (figure.result().isOk()) {
        f.citation(ctx.cite(figure));
      }
      findings.add(f.build());
      lines.add(claim);
    }

    // ---- screening -------------------------------------------------------------------------

    void screen() {
      int significant = 0;
      int nulls = 0;
      List<String> strongest = new ArrayList<>();
      for (List<String> pair : WorkState.pairs(task)) {
        String x = pair.get(0);
        String y = pair.get(1);
        String skip = skipReason(x, y);
        if (skip != null) {
          lines.add("Skipped " + x + " ~ " + y + ": " + skip + ".");
          continue;
        }
        ctx.markdown("### " + x + " ~ " + y);
        ExecutedCell cell =
            ctx.run(
                "R = test_pair(DATA, PROFILE, "
                    + PythonSource.str(x)
                    + ", "
                    + PythonSource.str(y)
                    + ", seed="
                    + seed(x, y)
                    + ", permutations="
                    + options.permutations()
                    + ", bootstrap="
                    + options.bootstrap()
                    + ", alpha="
                    + options.alpha()
                    + ")");
        ResultLine.Outcome out = ResultLine.of(cell);
        if (!out.ok()) {
          failures.add(x + " ~ " + y + ": " + out.failure());
          continue;
        }
        JsonNode r = out.json();
        double p = r.path("p").asDouble();
        boolean sig = p < options.alpha();
        boolean informativeNull = !sig && outcome != null && y.equals(outcome);
        int index = 0;
        if (sig || informativeNull) {
          ExecutedCell figure = ctx.run("plot_pair(DATA, PROFILE, R)");
          index = addFinding(pairFinding(r, sig), cell, figure, x, y);
        }
        record("screen", x, y, r, index, true);
        if (sig) {
          significant++;
          strongest.add(
              x
                  + " ~ "
                  + y
                  + " "
                  + r.path("measure").asText()
                  + " = "
                  + Fmt.num(r.path("effect").asDouble()));
        } else {
          nulls++;
        }
      }
      lines.add(
          0,
          String.format(
              Locale.ROOT,
              "Screened %d pair(s) of %s: %d with p < %s%s, %d without.",
              significant + nulls,
              dataset.name(),
              significant,
              Fmt.plain(options.alpha()),
              strongest.isEmpty() ? "" : " (" + String.join("; ", strongest) + ")",
              nulls));
    }

    String skipReason(String x, String y) {
      for (String c : List.of(x, y)) {
        var col = profile.column(c);
        if (col.isEmpty()) {
          return c + " is not a column of " + dataset.name();
        }
        if (!col.get().usable()) {
          return c + " is set aside (" + profile.setAside().get(c) + ")";
        }
      }
      return null;
    }

    Finding.Builder pairFinding(JsonNode r, boolean significant) {
      String x = r.path("x").asText();
      String y = r.path("y").asText();
      String numbers = numbers(r, true);
      String claim =
          significant
              ? r.path("describe").asText() + " (" + numbers + ")"
              : "No association of " + x + " with " + y + " was detected (" + numbers + ")";
      return Finding.builder(FindingKind.DATA_ANALYSIS)
          .claim(claim)
          .summary(summary(r))
          .statistics(statistics(r))
          .direction(significant ? direction(r) : EffectDirection.NONE)
          .hypothesisId(hypothesis(x, y));
    }

    // ---- follow-ups ------------------------------------------------------------------------

    void confounding() {
      for (List<String> pair : WorkState.pairs(task)) {
        String x = pair.get(0);
        String y = pair.get(1);
        if (skipReason(x, y) != null) {
          lines.add("Skipped " + x + " ~ " + y + ": " + skipReason(x, y) + ".");
          continue;
        }
        List<String> exclude =
            outcome != null && !x.equals(outcome) && !y.equals(outcome)
                ? List.of(outcome)
                : List.of();
        ctx.markdown("### Confounders of " + x + " ~ " + y);
        ExecutedCell cell =
            ctx.run(
                "R = adjust_for_confounders(DATA, PROFILE, "
                    + PythonSource.str(x)
                    + ", "
                    + PythonSource.str(y)
                    + ", seed="
                    + seed("confounding", x, y)
                    + ", max_confounders="
                    + options.maxConfounders()
                    + ", alpha="
                    + options.alpha()
                    + ", exclude="
                    + PythonSource.list(exclude)
                    + ")");
        ResultLine.Outcome out = ResultLine.of(cell);
        if (!out.ok()) {
          failures.add("confounders of " + x + " ~ " + y + ": " + out.failure());
          continue;
        }
        JsonNode r = out.json();
        String verdict = r.path("verdict").asText();
        if (!List.of("explained", "reversed", "attenuated", "persists").contains(verdict)) {
          String why = r.path("why").asText(verdict);
          checks.add(check("confounding", x, y, verdict, null, why, null));
          lines.add(x + " ~ " + y + ": " + why + ".");
          continue;
        }
        String main = r.path("main_confounder").asText();
        List<String> confounders = new ArrayList<>();
        r.path("confounders").forEach(c -> confounders.add(c.asText()));
        JsonNode un = r.path("unadjusted");
        String measure = r.path("measure").asText("effect");
        Double reduction = ResultLine.number(r, "reduction");
        String adjusted =
            measure
                + " = "
                + Fmt.num(ResultLine.number(r, "effect"))
                + ci(r)
                + ", p = "
                + Fmt.p(ResultLine.number(r, "p"))
                + ", n = "
                + r.path("n").asInt();
        String against =
            "against "
                + Fmt.num(ResultLine.number(un, "effect"))
                + " unadjusted (p = "
                + Fmt.p(ResultLine.number(un, "p"))
                + ")";
        String shrink =
            reduction == null
                ? ""
                : reduction > 1
                    ? "; the sign reverses"
                    : "; " + Fmt.num(100 * reduction) + "% smaller";
        String list = String.join(", ", confounders);
        String claim =
            switch (verdict) {
              case "explained" ->
                  "The association of "
                      + x
                      + " with "
                      + y
                      + " is accounted for by "
                      + main
                      + ": adjusted for "
                      + list
                      + ", "
                      + adjusted
                      + ", "
                      + against
                      + shrink;
              case "reversed" ->
                  "The association of "
                      + x
                      + " with "
                      + y
                      + " reverses after adjusting for "
                      + list
                      + " (mostly "
                      + main
                      + "): "
                      + adjusted
                      + ", "
                      + against;
              case "attenuated" ->
                  "The association of "
                      + x
                      + " with "
                      + y
                      + " weakens but remains after adjusting for "
                      + list
                      + ": "
                      + adjusted
                      + ", "
                      + against
                      + shrink;
              default ->
                  "The association of "
                      + x
                      + " with "
                      + y
                      + " persists after adjusting for "
                      + list
                      + ": "
                      + adjusted
                      + ", "
                      + against
                      + shrink;
            };
        ExecutedCell figure = ctx.run("plot_adjustment(R)");
        EffectDirection dir = verdict.equals("explained") ? EffectDirection.NONE : direction(r);
        Finding.Builder f =
            Finding.builder(FindingKind.DATA_ANALYSIS)
                .claim(claim)
                .summary(
                    r.path("why").asText()
                        + ". Candidate confounders are variables associated with both (p < "
                        + Fmt.plain(options.alpha())
                        + ", |r| >= 0.1); an effect that disappears may be confounded or mediated"
                        + " by them: observational data cannot tell which.")
                .statistics(statistics(r))
                .direction(dir)
                .hypothesisId(hypothesis(x, y));
        int index = addFinding(f, cell, figure, x, y, confounders.toArray(String[]::new));
        record("confounding", x, y, r, index, true);
        checks.add(check("confounding", x, y, verdict, main, claim, findingId(index)));
        lines.add(claim + ".");
        if (verdict.equals("reversed")) {
          questions.add(
              "Why does the association of "
                  + x
                  + " with "
                  + y
                  + " reverse when "
                  + main
                  + " is held fixed?");
        }
      }
    }

    void robustness() {
      int resamples = options.robustnessResamples();
      for (List<String> pair : WorkState.pairs(task)) {
        String x = pair.get(0);
        String y = pair.get(1);
        if (skipReason(x, y) != null) {
          lines.add("Skipped " + x + " ~ " + y + ": " + skipReason(x, y) + ".");
          continue;
        }
        ctx.markdown("### Robustness of " + x + " ~ " + y);
        ExecutedCell cell =
            ctx.run(
                "R = check_robustness(DATA, PROFILE, "
                    + PythonSource.str(x)
                    + ", "
                    + PythonSource.str(y)
                    + ", seed="
                    + seed("robustness", x, y)
                    + ", permutations="
                    + resamples
                    + ", bootstrap="
                    + resamples
                    + ", alpha="
                    + options.alpha()
                    + ")");
        ResultLine.Outcome out = ResultLine.of(cell);
        if (!out.ok()) {
          failures.add("robustness of " + x + " ~ " + y + ": " + out.failure());
          continue;
        }
        JsonNode r = out.json();
        String verdict = r.path("verdict").asText();
        List<String> reasons = new ArrayList<>();
        r.path("reasons").forEach(n -> reasons.add(n.asText()));
        String claim =
            "The association of "
                + x
                + " with "
                + y
                + " is "
                + verdict
                + ": "
                + String.join("; ", reasons);
        ExecutedCell figure = ctx.run("plot_robustness(R)");
        Finding.Builder f =
            Finding.builder(FindingKind.DATA_ANALYSIS)
                .claim(claim)
                .summary(r.path("why").asText() + ".")
                .statistics(statistics(r))
                .direction(direction(r))
                .hypothesisId(hypothesis(x, y));
        int index = addFinding(f, cell, figure, x, y);
        boolean refit = r.path("extra").path("removed").asInt(0) > 0;
        record("robustness", x, y, r, index, refit);
        checks.add(check("robustness", x, y, verdict, null, claim, findingId(index)));
        lines.add(claim + ".");
      }
    }

    void nonlinearity() {
      for (List<String> pair : WorkState.pairs(task)) {
        String x = pair.get(0);
        String y = pair.get(1);
        if (skipReason(x, y) != null) {
          lines.add("Skipped " + x + " ~ " + y + ": " + skipReason(x, y) + ".");
          continue;
        }
        ctx.markdown("### Is " + x + " ~ " + y + " linear?");
        ExecutedCell cell =
            ctx.run(
                "R = check_nonlinearity(DATA, PROFILE, "
                    + PythonSource.str(x)
                    + ", "
                    + PythonSource.str(y)
                    + ", seed="
                    + seed("nonlinearity", x, y)
                    + ", alpha="
                    + options.alpha()
                    + ")");
        ResultLine.Outcome out = ResultLine.of(cell);
        if (!out.ok()) {
          failures.add("non-linearity of " + x + " ~ " + y + ": " + out.failure());
          continue;
        }
        JsonNode r = out.json();
        boolean nonlinear = r.path("verdict").asText().equals("non-linear");
        JsonNode e = r.path("extra");
        String detail =
            "a cubic spline explains "
                + Fmt.num(100 * r.path("effect").asDouble())
                + "% of the variance a straight line leaves (F = "
                + Fmt.num(ResultLine.number(r, "statistic"))
                + ", p = "
                + Fmt.p(ResultLine.number(r, "p"))
                + ", n = "
                + r.path("n").asInt()
                + "; R² "
                + Fmt.num(ResultLine.number(e, "r2_linear"))
                + " linear, "
                + Fmt.num(ResultLine.number(e, "r2_spline"))
                + " spline)";
        int index = 0;
        String claim;
        if (nonlinear) {
          claim =
              "The association of "
                  + x
                  + " with "
                  + y
                  + " is non-linear ("
                  + r.path("shape").asText()
                  + "): "
                  + detail;
          ExecutedCell figure = ctx.run("plot_nonlinearity(R)");
          Finding.Builder f =
              Finding.builder(FindingKind.DATA_ANALYSIS)
                  .claim(claim)
                  .summary(r.path("test").asText() + ", " + r.path("why").asText() + ".")
                  .statistics(statistics(r))
                  .direction(EffectDirection.UNSPECIFIED)
                  .hypothesisId(hypothesis(x, y));
          index = addFinding(f, cell, figure, x, y);
        } else {
          claim = "A straight line describes " + x + " ~ " + y + " adequately: " + detail;
        }
        record("nonlinearity", x, y, r, index, true);
        checks.add(
            check("nonlinearity", x, y, r.path("verdict").asText(), null, claim, findingId(index)));
        lines.add(claim + ".");
      }
    }

    void subgroups() {
      String by = task.parameters().getOrDefault("by", "");
      for (List<String> pair : WorkState.pairs(task)) {
        String x = pair.get(0);
        String y = pair.get(1);
        String skip = skipReason(x, y);
        if (skip == null && skipReason(by, x) != null) {
          skip = skipReason(by, x);
        }
        if (skip != null) {
          lines.add("Skipped " + x + " ~ " + y + " by " + by + ": " + skip + ".");
          continue;
        }
        ctx.markdown("### " + x + " ~ " + y + " within levels of " + by);
        ExecutedCell cell =
            ctx.run(
                "R = check_subgroups(DATA, PROFILE, "
                    + PythonSource.str(x)
                    + ", "
                    + PythonSource.str(y)
                    + ", "
                    + PythonSource.str(by)
                    + ", seed="
                    + seed("subgroups", x, y, by)
                    + ", alpha="
                    + options.alpha()
                    + ")");
        ResultLine.Outcome out = ResultLine.of(cell);
        if (!out.ok()) {
          failures.add("subgroups of " + x + " ~ " + y + ": " + out.failure());
          continue;
        }
        JsonNode r = out.json();
        String verdict = r.path("verdict").asText();
        List<String> strata = new ArrayList<>();
        for (JsonNode s : r.path("strata")) {
          strata.add(
              by
                  + " = "
                  + s.path("level").asText()
                  + ": "
                  + s.path("measure").asText()
                  + " = "
                  + Fmt.num(ResultLine.number(s, "effect"))
                  + " (n = "
                  + s.path("n").asInt()
                  + ")");
        }
        if (verdict.equals("unsupported") || verdict.equals("failed")) {
          checks.add(check("subgroups", x, y, verdict, by, r.path("why").asText(), null));
          lines.add(x + " ~ " + y + " by " + by + ": " + r.path("why").asText() + ".");
          continue;
        }
        String detail =
            String.join("; ", strata)
                + "; interaction "
                + r.path("statistic_name").asText()
                + " = "
                + Fmt.num(ResultLine.number(r, "statistic"))
                + ", p = "
                + Fmt.p(ResultLine.number(r, "p"));
        int index = 0;
        String claim;
        if (verdict.equals("differs")) {
          claim =
              "The association of "
                  + x
                  + " with "
                  + y
                  + " differs across levels of "
                  + by
                  + " ("
                  + detail
                  + ")";
          ExecutedCell figure = ctx.run("plot_subgroups(R)");
          Finding.Builder f =
              Finding.builder(FindingKind.DATA_ANALYSIS)
                  .claim(claim)
                  .summary(r.path("test").asText() + "; " + r.path("why").asText() + ".")
                  .statistics(statistics(r))
                  .direction(EffectDirection.UNSPECIFIED)
                  .hypothesisId(hypothesis(x, y));
          index = addFinding(f, cell, figure, x, y, by);
          questions.add(
              "What about " + by + " changes the association of " + x + " with " + y + "?");
        } else {
          claim =
              "No evidence that the association of "
                  + x
                  + " with "
                  + y
                  + " differs across levels"
                  + " of "
                  + by
                  + " ("
                  + detail
                  + ")";
        }
        record("subgroups", x, y, r, index, true);
        checks.add(check("subgroups", x, y, verdict, by, claim, findingId(index)));
        lines.add(claim + ".");
      }
    }

    void model() {
      String y = task.parameters().getOrDefault("outcome", "");
      List<String> predictors = new ArrayList<>(profile.usable());
      predictors.remove(y);
      if (profile.column(y).filter(Profile.Column::usable).isEmpty()) {
        lines.add(y + " is not a usable column of " + dataset.name() + "; no joint model.");
        return;
      }
      ctx.markdown("### Joint model of " + y);
      ExecutedCell cell =
          ctx.run(
              "R = multivariable_model(DATA, PROFILE, "
                  + PythonSource.str(y)
                  + ", "
                  + PythonSource.list(predictors)
                  + ", seed="
                  + seed("model", y)
                  + ", alpha="
                  + options.alpha()
                  + ")");
      ResultLine.Outcome out = ResultLine.of(cell);
      if (!out.ok()) {
        failures.add("joint model of " + y + ": " + out.failure());
        return;
      }
      JsonNode r = out.json();
      ExecutedCell figure = ctx.run("plot_model(R)");
      String fit =
          r.path("fit").has("r2")
              ? "R² = " + Fmt.num(ResultLine.number(r.path("fit"), "r2"))
              : "pseudo R² = " + Fmt.num(ResultLine.number(r.path("fit"), "pseudo_r2"));
      int n = r.path("n").asInt();
      int k = r.path("terms").size();
      List<String> independent = new ArrayList<>();
      for (JsonNode term : r.path("terms")) {
        String x = term.path("variable").asText();
        double p = term.path("p").asDouble(1);
        ObjectNodeView t = new ObjectNodeView(term, r, x, y, n);
        int index = 0;
        if (p < options.alpha()) {
          String claim =
              "In a joint model of "
                  + y
                  + " on all "
                  + k
                  + " predictors, "
                  + x
                  + " is associated with "
                  + y
                  + " independently of the others ("
                  + numbers(t.json(), false)
                  + "; model "
                  + fit
                  + ")";
          Finding.Builder f =
              Finding.builder(FindingKind.DATA_ANALYSIS)
                  .claim(claim)
                  .summary(
                      r.path("test").asText()
                          + ", "
                          + r.path("why").asText()
                          + (term.hasNonNull("vif")
                              ? "; VIF of " + x + " = " + Fmt.num(term.path("vif").asDouble())
                              : "")
                          + ".")
                  .statistics(statistics(t.json()))
                  .direction(direction(term))
                  .hypothesisId(hypothesis(x, y));
          index = addFinding(f, cell, figure, x, y);
          independent.add(x);
        }
        record("model", x, y, t.json(), index, true);
        checks.add(
            check(
                "model",
                x,
                y,
                p < options.alpha() ? "independent" : "not-independent",
                null,
                x + " in the joint model of " + y + ": " + numbers(t.json(), false),
                findingId(index)));
      }
      lines.add(
          "Joint model of "
              + y
              + " ("
              + r.path("test").asText()
              + ", n = "
              + n
              + ", "
              + fit
              + "): independently associated: "
              + (independent.isEmpty() ? "none" : String.join(", ", independent))
              + ".");
    }

    // ---- shared pieces -----------------------------------------------------------------------

    int addFinding(
        Finding.Builder f,
        ExecutedCell cell,
        ExecutedCell figure,
        String x,
        String y,
        String... more) {
      f.variable(x).variable(y);
      for (String m : more) {
        if (!m.equals(x) && !m.equals(y)) {
          f.variable(m);
        }
      }
      f.citation(ctx.cite(cell));
      if (figure != null && figure.result().isOk()) {
        f.citation(ctx.cite(figure));
      } else if (figure != null) {
        failures.add("the figure for " + x + " ~ " + y + " failed");
      }
      findings.add(f.build());
      return findings.size();
    }

    String findingId(int index) {
      return index > 0 ? "F-" + task.id() + "-" + index : null;
    }

    void record(String kind, String x, String y, JsonNode r, int finding, boolean counted) {
      Double p = ResultLine.number(r, "p");
      if (p == null) {
        return;
      }
      tests.add(
          new Ledger.TestEntry(
              task.id(),
              kind,
              dataset.name(),
              x,
              y,
              r.path("test").asText(""),
              Math.max(0, Math.min(1, p)),
              ResultLine.number(r, "effect"),
              ResultLine.text(r, "measure"),
              ResultLine.number(r, "r_equivalent"),
              r.path("direction").asText("unspecified"),
              finding,
              counted ? null : Boolean.FALSE));
    }

    Ledger.CheckEntry check(
        String kind, String x, String y, String verdict, String by, String detail, String finding) {
      return new Ledger.CheckEntry(
          task.id(), kind, dataset.name(), x, y, verdict, by, detail, finding);
    }

    String hypothesis(String x, String y) {
      String statement =
          x
              + " is associated with "
              + y
              + (ctx.datasets().size() > 1 ? " in " + dataset.name() : "");
      for (Hypothesis h : ctx.world().hypotheses()) {
        if (h.statement().equalsIgnoreCase(statement)) {
          return h.id();
        }
      }
      return localHypotheses.computeIfAbsent(
          statement,
          s -> {
            String id = "h" + (localHypotheses.size() + 1);
            hypotheses.add(Hypothesis.open(id, s, ctx.cycle(), List.of(x, y)));
            return id;
          });
    }

    TaskResult finish() {
      // Provisional adjusted p values: Benjamini-Hochberg over every test the run knew when the
      // cycle started plus this task's. The validator recomputes them over the whole run at the
      // end of the cycle.
      List<Ledger.TestEntry> known = Ledger.tests(ctx.world());
      List<Double> family = new ArrayList<>();
      for (Ledger.TestEntry t : known) {
        if (t.inFamily()) {
          family.add(t.p());
        }
      }
      for (Ledger.TestEntry t : tests) {
        if (t.inFamily()) {
          family.add(t.p());
        }
      }
      double[] fam = family.stream().mapToDouble(Double::doubleValue).toArray();
      List<Finding> out = new ArrayList<>();
      for (int i = 0; i < findings.size(); i++) {
        Finding f = findings.get(i);
        Ledger.TestEntry t = null;
        for (Ledger.TestEntry e : tests) {
          if (e.finding() == i + 1) {
            t = e;
          }
        }
        if (t != null && f.statistics() != null && fam.length > 0) {
          f = f.withStatistics(f.statistics().withAdjustedP(BenjaminiHochberg.against(fam, t.p())));
        }
        out.add(f);
      }
      inFlight.put(task.id(), new Ledger.TaskEntries(tests, checks));
      Map<String, String> notes = new LinkedHashMap<>(Ledger.notes(task.id(), tests, checks));
      notes.put(Ledger.PROFILE + dataset.name(), profileJson);
      List<String> summary = new ArrayList<>(lines);
      if (!failures.isEmpty()) {
        summary.add("Could not complete: " + String.join("; ", failures) + ".");
      }
      String text = String.join(" ", summary);
      if (text.isBlank()) {
        text = "Nothing to report.";
      }
      return new TaskResult(text, out, hypotheses, questions, List.of(), notes);
    }
  }

  /** A joint-model term read like a pair result (test, p, effect, CI, n). */
  private record ObjectNodeView(JsonNode term, JsonNode model, String x, String y, int n) {
    JsonNode json() {
      var node = ResultLine.JSON.createObjectNode();
      node.put("x", x);
      node.put("y", y);
      node.put(
          "test", model.path("test").asText() + ": " + term.path("test").asText() + " of " + x);
      node.set("statistic", term.path("statistic"));
      node.put("statistic_name", term.path("test").asText());
      node.set("p", term.path("p"));
      node.set("effect", term.path("effect"));
      node.set("measure", term.path("measure"));
      node.set("ci", term.path("ci"));
      node.put("n", n);
      node.set("direction", term.path("direction"));
      node.set("r_equivalent", term.path("r_equivalent"));
      var extra = ResultLine.JSON.createObjectNode();
      if (term.hasNonNull("vif")) {
        extra.set("vif", term.path("vif"));
      }
      if (term.hasNonNull("df")) {
        extra.set("df", term.path("df"));
      }
      if (term.hasNonNull("coef")) {
        extra.set("coef", term.path("coef"));
      }
      if (model.path("fit").hasNonNull("r2")) {
        extra.set("model_r2", model.path("fit").path("r2"));
      }
      if (model.hasNonNull("heteroscedasticity_p")) {
        extra.set("heteroscedasticity_p", model.path("heteroscedasticity_p"));
      }
      node.set("extra", extra);
      boolean collinear = term.hasNonNull("vif") && term.path("vif").asDouble() > 10;
      node.put("assumptions_met", !collinear);
      return node;
    }
  }

  // ---- from a result line to statistics, claims and directions -------------------------------

  public static Statistics statistics(JsonNode r) {
    Map<String, Double> extra = new LinkedHashMap<>();
    JsonNode e = r.path("extra");
    for (Iterator<Map.Entry<String, JsonNode>> it = e.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getValue().isNumber()) {
        extra.put(field.getKey(), field.getValue().asDouble());
      }
    }
    if (r.has("assumptions_met")) {
      extra.put("assumptions_met", r.path("assumptions_met").asBoolean() ? 1.0 : 0.0);
    }
    Double rEq = ResultLine.number(r, "r_equivalent");
    if (rEq != null) {
      extra.put("r_equivalent", rEq);
    }
    Double missing = ResultLine.number(r, "dropped_missing");
    if (missing != null) {
      extra.put("dropped_missing", missing);
    }
    JsonNode ci = r.path("ci");
    Double lo =
        ci.isArray() && ci.size() == 2 && ci.get(0).isNumber() ? ci.get(0).asDouble() : null;
    Double hi =
        ci.isArray() && ci.size() == 2 && ci.get(1).isNumber() ? ci.get(1).asDouble() : null;
    Double p = ResultLine.number(r, "p");
    JsonNode n = r.path("n");
    return new Statistics(
        r.path("test").asText("test"),
        ResultLine.number(r, "statistic"),
        p == null ? null : Math.max(0, Math.min(1, p)),
        null,
        ResultLine.number(r, "effect"),
        ResultLine.text(r, "measure"),
        lo,
        hi,
        n.isNumber() ? n.asInt() : null,
        extra);
  }

  static EffectDirection direction(JsonNode r) {
    return switch (r.path("direction").asText("")) {
      case "positive" -> EffectDirection.POSITIVE;
      case "negative" -> EffectDirection.NEGATIVE;
      case "none" -> EffectDirection.NONE;
      default -> EffectDirection.UNSPECIFIED;
    };
  }

  static String ci(JsonNode r) {
    JsonNode ci = r.path("ci");
    if (ci.isArray() && ci.size() == 2 && ci.get(0).isNumber() && ci.get(1).isNumber()) {
      return " (95% CI " + Fmt.ci(ci.get(0).asDouble(), ci.get(1).asDouble()) + ")";
    }
    return "";
  }

  /** "Pearson r = 0.586, 95% CI 0.522 to 0.644, p = 3.47e-42, n = 442". */
  public static String numbers(JsonNode r, boolean withTest) {
    StringBuilder sb = new StringBuilder();
    String test = r.path("test").asText("");
    String measure = r.path("measure").asText("");
    if (withTest) {
      sb.append(test).append(", ");
    }
    if (!measure.isEmpty() && r.path("effect").isNumber()) {
      sb.append(measure).append(" = ").append(Fmt.num(r.path("effect").asDouble()));
      JsonNode ci = r.path("ci");
      if (ci.isArray() && ci.size() == 2 && ci.get(0).isNumber() && ci.get(1).isNumber()) {
        sb.append(", 95% CI ").append(Fmt.ci(ci.get(0).asDouble(), ci.get(1).asDouble()));
      }
      sb.append(", ");
    } else if (r.path("statistic").isNumber()) {
      sb.append(r.path("statistic_name").asText("statistic"))
          .append(" = ")
          .append(Fmt.num(r.path("statistic").asDouble()))
          .append(", ");
    }
    sb.append("p = ").append(Fmt.p(ResultLine.number(r, "p")));
    if (r.path("n").isNumber()) {
      sb.append(", n = ").append(r.path("n").asInt());
    }
    return sb.toString();
  }

  static String summary(JsonNode r) {
    StringBuilder sb = new StringBuilder(r.path("test").asText());
    sb.append(": ").append(r.path("why").asText()).append('.');
    JsonNode e = r.path("extra");
    if (e.hasNonNull("perm_p")) {
      sb.append(" Permutation p = ")
          .append(Fmt.p(e.path("perm_p").asDouble()))
          .append(" (")
          .append(e.path("permutations").asInt())
          .append(" shuffles of the real data).");
    }
    if (e.hasNonNull("boot_lo") && e.hasNonNull("boot_hi")) {
      sb.append(" Bootstrap 95% CI ")
          .append(Fmt.ci(e.path("boot_lo").asDouble(), e.path("boot_hi").asDouble()))
          .append(" (")
          .append(e.path("bootstrap").asInt())
          .append(" resamples).");
    }
    int dropped = r.path("dropped_missing").asInt(0);
    if (dropped > 0) {
      sb.append(" ").append(dropped).append(" row(s) with a missing value left out.");
    }
    return sb.toString();
  }
}
