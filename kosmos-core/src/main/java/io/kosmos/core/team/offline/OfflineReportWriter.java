package io.kosmos.core.team.offline;

import io.kosmos.api.Finding;
import io.kosmos.api.ReportContext;
import io.kosmos.api.ReportStatement;
import io.kosmos.api.ReportWriter;
import io.kosmos.api.Statistics;
import io.kosmos.core.internal.stats.Fmt;
import io.kosmos.core.internal.stats.Ledger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the synthesis of an offline run deterministically from the world model and the test
 * ledger, as the last step of a run (the engine renders the report around it): what the objective
 * was taken to mean; the validated associations with the outcome, strongest first, each with what
 * its follow-ups found (adjustment, robustness, shape, subgroups); the joint model; the
 * associations that did not hold up and why; informative null results; the strongest other
 * associations; the associations the false discovery rate removed; and what the literature said.
 * Every statement cites the findings it rests on. {@link RunFindings} sorts the findings; each
 * section here is one method, in the report's order.
 */
final class OfflineReportWriter implements ReportWriter {

  private static final int MAX_OUTCOME_STATEMENTS = 12;
  private static final int MAX_OTHERS = 6;

  private final Options options;

  OfflineReportWriter(Options options) {
    this.options = options;
  }

  @Override
  public List<ReportStatement> synthesize(ReportContext context) {
    if (context.world().findings().isEmpty()) {
      return List.of();
    }
    RunFindings run = new RunFindings(context.world(), context.objective(), options.synonyms());
    List<ReportStatement> out = new ArrayList<>(new AnswerWriter(run, options).write());
    out.add(framing(run));
    out.addAll(readings(run));
    out.addAll(outcomeAssociations(run));
    out.addAll(jointModels(run));
    out.addAll(notHeldUp(run));
    out.addAll(shapesAndSubgroups(run));
    informativeNulls(run).ifPresent(out::add);
    falseDiscoveryRateFailures(run, true).ifPresent(out::add);
    strongestOthers(run).ifPresent(out::add);
    falseDiscoveryRateFailures(run, false).ifPresent(out::add);
    out.addAll(PriorEvidence.statements(run));
    return out;
  }

  // ---- the sections, in the report's order -------------------------------------------------

  /**
   * How the question was read (its shape, each role and the words that named it) and how many tests
   * the false discovery rate covered; cites the profiles.
   */
  private ReportStatement framing(RunFindings run) {
    List<String> profileIds =
        run.all.stream()
            .filter(f -> f.statistics() != null && "data profile".equals(f.statistics().test()))
            .map(Finding::id)
            .toList();
    long counted = run.tests.stream().filter(Ledger.TestEntry::inFamily).count();
    String framing =
        String.join(" ", run.question.reading())
            + " The offline statistical scientist ran "
            + counted
            + " statistical tests and controlled the false discovery rate at q = "
            + Fmt.plain(options.fdr())
            + " across all of them (Benjamini-Hochberg), so each adjusted p accounts for every"
            + " test of the run.";
    List<String> cites = profileIds.isEmpty() ? List.of(run.all.getFirst().id()) : profileIds;
    return new ReportStatement(framing, cites, ReportStatement.Section.READING);
  }

  /** How each data file was read, as the sandbox said it: delimiter, reshapes, restrictions. */
  private static List<ReportStatement> readings(RunFindings run) {
    List<ReportStatement> out = new ArrayList<>();
    for (Finding f : run.all) {
      if (f.statistics() != null
          && "data profile".equals(f.statistics().test())
          && f.summary().contains("Read as:")) {
        out.add(
            new ReportStatement(
                f.summary().substring(f.summary().indexOf("Read as:")).strip(),
                List.of(f.id()),
                ReportStatement.Section.READING));
      }
    }
    return out;
  }

  /** The validated associations about the objective, each with what its follow-ups found. */
  private List<ReportStatement> outcomeAssociations(RunFindings run) {
    List<ReportStatement> out = new ArrayList<>();
    for (Finding f :
        run.relevant.subList(0, Math.min(MAX_OUTCOME_STATEMENTS, run.relevant.size()))) {
      Ledger.TestEntry t = run.test(f);
      List<String> cites = new ArrayList<>(List.of(f.id()));
      StringBuilder sb = new StringBuilder(head(f)).append(" (").append(numbers(f)).append(")");
      for (Ledger.CheckEntry c : run.checks) {
        if (!c.pair().equals(t.pair())) {
          continue;
        }
        Optional<Finding> follow = run.follow(c);
        String clause = follow.isEmpty() ? null : clause(c, verdict(c, follow.get()), follow.get());
        if (clause != null) {
          sb.append("; ").append(clause);
          cites.add(c.finding());
        }
      }
      out.add(new ReportStatement(sb.append('.').toString(), cites));
    }
    return out;
  }

  /** For each joint model, the predictors that remain associated with the others held fixed. */
  /** A joint model's term: "bmi (partial r = 0.4, adjusted p = 1e-9)". */
  static String term(Finding f) {
    Statistics s = f.statistics();
    return f.variables().getFirst()
        + " ("
        + s.effectMeasure()
        + " = "
        + Fmt.num(s.effectSize())
        + ", adjusted p = "
        + Fmt.p(s.adjustedP())
        + ")";
  }

  private List<ReportStatement> jointModels(RunFindings run) {
    Map<String, List<Finding>> models = new LinkedHashMap<>();
    for (Finding f : run.all) {
      Ledger.TestEntry t = run.test(f);
      if (t != null && t.kind().equals("model") && f.isValidated()) {
        models.computeIfAbsent(t.dataset() + "|" + t.y(), k -> new ArrayList<>()).add(f);
      }
    }
    List<ReportStatement> out = new ArrayList<>();
    for (Map.Entry<String, List<Finding>> e : models.entrySet()) {
      List<Finding> fs = new ArrayList<>(e.getValue());
      fs.sort(RunFindings.STRONGEST);
      String y = e.getKey().substring(e.getKey().indexOf('|') + 1);
      List<String> parts = new ArrayList<>();
      for (Finding f : fs) {
        parts.add(term(f));
      }
      out.add(
          new ReportStatement(
              "In a joint model of "
                  + y
                  + " on every usable predictor, these remain associated with it when the others"
                  + " are held fixed: "
                  + String.join(", ", parts)
                  + ".",
              fs.stream().map(Finding::id).toList()));
    }
    return out;
  }

  /**
   * Associations that did not hold up under adjustment or resampling: those about the objective one
   * by one, the others counted in one statement.
   */
  private List<ReportStatement> notHeldUp(RunFindings run) {
    List<ReportStatement> out = new ArrayList<>();
    List<String> otherGone = new ArrayList<>();
    for (Ledger.CheckEntry c : run.checks) {
      Optional<Finding> follow = run.follow(c);
      if (follow.isEmpty()) {
        continue;
      }
      String why = whyNotHeldUp(c, verdict(c, follow.get()));
      if (why == null) {
        continue;
      }
      if (!run.relevant(c.dataset(), c.x(), c.y())) {
        otherGone.add(c.finding());
        continue;
      }
      out.add(notHeldUp(run, c, follow.get(), why));
    }
    if (!otherGone.isEmpty()) {
      out.add(
          new ReportStatement(
              "Some associations between other variables were explained away, reversed by"
                  + " adjustment, or fragile; the findings cited give each one.",
              otherGone.subList(0, Math.min(10, otherGone.size())),
              ReportStatement.Section.OTHER));
    }
    return out;
  }

  /** Why a follow-up undid its association, or {@code null} when it did not. */
  private static String whyNotHeldUp(Ledger.CheckEntry c, String verdict) {
    return switch (c.kind() + ":" + verdict) {
      case "confounding:explained" ->
          "it is accounted for by "
              + c.by()
              + (verdict.equals(c.verdict())
                  ? ""
                  : " (what remains does not survive the false discovery rate)");
      case "confounding:reversed" -> "it reverses when " + c.by() + " and others are held fixed";
      case "robustness:fragile" -> "it is fragile";
      default -> null;
    };
  }

  /** One association about the objective that did not hold up; cites its screen and follow-up. */
  private static ReportStatement notHeldUp(
      RunFindings run, Ledger.CheckEntry c, Finding follow, String why) {
    Finding screen = run.screenOf(c.pair());
    List<String> cites = new ArrayList<>();
    if (screen != null) {
      cites.add(screen.id());
    }
    cites.add(c.finding());
    Statistics s = follow.statistics();
    String adjusted =
        s == null || s.effectSize() == null
            ? ""
            : " ("
                + s.effectMeasure()
                + " = "
                + Fmt.num(s.effectSize())
                + (s.ciLow() == null ? "" : ", 95% CI " + Fmt.ci(s.ciLow(), s.ciHigh()))
                + ", p = "
                + Fmt.p(s.pValue())
                + (s.adjustedP() == null ? "" : ", adjusted p = " + Fmt.p(s.adjustedP()))
                + ")";
    String subject =
        "The association of "
            + c.x()
            + " with "
            + c.y()
            + (screen == null ? "" : " (" + numbers(screen) + ")");
    String detail =
        c.kind().equals("confounding")
            ? why + ": adjusted for " + confounders(follow) + adjusted
            : why + ": " + c.detail().substring(c.detail().indexOf(':') + 1).strip();
    return new ReportStatement(subject + " does not hold up: " + detail + ".", cites);
  }

  /** Non-linear shapes and subgroup differences that were validated. */
  private static List<ReportStatement> shapesAndSubgroups(RunFindings run) {
    List<ReportStatement> out = new ArrayList<>();
    for (Finding f : run.all) {
      if ((run.isKind(f, "nonlinearity") || run.isKind(f, "subgroups")) && f.isValidated()) {
        out.add(
            new ReportStatement(
                f.claim() + " (adjusted p = " + Fmt.p(f.statistics().adjustedP()) + ").",
                List.of(f.id())));
      }
    }
    return out;
  }

  /** The validated claims of no effect about the objective, in one statement. */
  private static Optional<ReportStatement> informativeNulls(RunFindings run) {
    if (run.nulls.isEmpty()) {
      return Optional.empty();
    }
    List<String> parts = new ArrayList<>();
    for (Finding f : run.nulls) {
      Statistics s = f.statistics();
      parts.add(
          f.variables().getFirst()
              + " ("
              + s.effectMeasure()
              + " = "
              + Fmt.num(s.effectSize())
              + ", 95% CI "
              + Fmt.ci(s.ciLow(), s.ciHigh())
              + ")");
    }
    return Optional.of(
        new ReportStatement(
            "No meaningful association with "
                + run.nulls.getFirst().variables().get(1)
                + " was found for "
                + String.join(", ", parts)
                + ": each 95% CI lies within the band of negligible effects.",
            run.nulls.stream().map(Finding::id).toList()));
  }

  /** The strongest validated associations among the other variables. */
  private static Optional<ReportStatement> strongestOthers(RunFindings run) {
    List<Finding> others = run.others;
    if (others.isEmpty()) {
      return Optional.empty();
    }
    List<Finding> top = others.subList(0, Math.min(MAX_OTHERS, others.size()));
    List<String> parts = new ArrayList<>();
    for (Finding f : top) {
      parts.add(f.variables().get(0) + " with " + f.variables().get(1) + " (" + numbers(f) + ")");
    }
    return Optional.of(
        new ReportStatement(
            "Among the variables the question does not ask about, the strongest validated"
                + " associations are: "
                + String.join("; ", parts)
                + (others.size() > top.size() ? "; weaker ones are in report.json" : "")
                + ".",
            top.stream().map(Finding::id).toList(),
            ReportStatement.Section.OTHER));
  }

  /**
   * Associations that looked significant but did not survive the false discovery rate: those about
   * the objective in the synthesis, the others with the associations it does not ask about.
   */
  private Optional<ReportStatement> falseDiscoveryRateFailures(RunFindings run, boolean relevant) {
    List<Finding> failures =
        run.failedScreens.stream()
            .filter(
                f -> f.statistics().pValue() != null && f.statistics().pValue() < options.alpha())
            .filter(
                f ->
                    f.statistics().adjustedP() != null
                        && f.statistics().adjustedP() > options.fdr())
            .filter(f -> relevant == run.relevant(run.test(f)))
            .toList();
    if (failures.isEmpty()) {
      return Optional.empty();
    }
    List<Finding> shown = failures.subList(0, Math.min(8, failures.size()));
    List<String> parts = new ArrayList<>();
    for (Finding f : shown) {
      parts.add(
          f.variables().get(0)
              + " ~ "
              + f.variables().get(1)
              + " (p = "
              + Fmt.p(f.statistics().pValue())
              + ", adjusted p = "
              + Fmt.p(f.statistics().adjustedP())
              + ")");
    }
    return Optional.of(
        new ReportStatement(
            "Below alpha on their own but not significant once every test of the run is counted,"
                + " so not reported as discoveries: "
                + String.join("; ", parts)
                + ".",
            shown.stream().map(Finding::id).toList(),
            relevant ? ReportStatement.Section.SYNTHESIS : ReportStatement.Section.OTHER));
  }

  // ---- words ---------------------------------------------------------------------------------

  /** The words of a claim before its statistics: "bmi is positively correlated with y". */
  static String head(Finding f) {
    String claim = f.claim();
    String test = f.statistics() == null ? null : f.statistics().test();
    if (test != null) {
      int at = claim.lastIndexOf(" (" + test);
      if (at > 0) {
        return claim.substring(0, at);
      }
    }
    int at = claim.lastIndexOf(" (");
    return at > 0 ? claim.substring(0, at) : claim;
  }

  /** "r = 0.586, 95% CI 0.522 to 0.644, adjusted p = 1.2e-40, n = 442". */
  static String numbers(Finding f) {
    Statistics s = f.statistics();
    StringBuilder sb = new StringBuilder();
    if (s.effectSize() != null && s.effectMeasure() != null) {
      sb.append(s.effectMeasure()).append(" = ").append(Fmt.num(s.effectSize()));
      if (s.ciLow() != null && s.ciHigh() != null) {
        sb.append(", 95% CI ").append(Fmt.ci(s.ciLow(), s.ciHigh()));
      }
      sb.append(", ");
    }
    sb.append("adjusted p = ").append(Fmt.p(s.adjustedP() != null ? s.adjustedP() : s.pValue()));
    if (s.n() != null) {
      sb.append(", n = ").append(s.n());
    }
    return sb.toString();
  }

  /** A follow-up's verdict against the run's false discovery rate (see {@link Ledger#verdict}). */
  private String verdict(Ledger.CheckEntry c, Finding follow) {
    Statistics s = follow.statistics();
    return Ledger.verdict(c, s == null ? null : s.adjustedP(), options.fdr());
  }

  /** What a follow-up adds to its association's statement, or {@code null} for nothing. */
  private static String clause(Ledger.CheckEntry c, String verdict, Finding follow) {
    Statistics s = follow.statistics();
    String effect =
        s == null || s.effectSize() == null
            ? ""
            : " (" + s.effectMeasure() + " = " + Fmt.num(s.effectSize()) + ")";
    return switch (c.kind() + ":" + verdict) {
      case "confounding:persists" ->
          "it persists after adjusting for " + confounders(follow) + effect;
      case "confounding:attenuated" ->
          "it weakens but remains after adjusting for " + confounders(follow) + effect;
      case "robustness:robust" -> "it is robust to resampling and to influential points";
      // A shape or a subgroup difference is a claim of its own: said only once validated (a
      // significant but small one is listed among the findings that did not pass).
      case "nonlinearity:non-linear" ->
          follow.isValidated() ? "its shape is non-linear" + effect : null;
      case "subgroups:differs" ->
          follow.isValidated() ? "it differs across levels of " + c.by() : null;
      default -> null;
    };
  }

  /** The confounders an adjustment finding names after its pair. */
  private static String confounders(Finding f) {
    List<String> v = f.variables();
    return v.size() > 2 ? String.join(", ", v.subList(2, v.size())) : "the measured confounders";
  }
}
