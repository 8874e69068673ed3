package io.kosmos.core.team.offline;

import io.kosmos.api.Dataset;
import io.kosmos.api.EffectDirection;
import io.kosmos.api.Finding;
import io.kosmos.api.FindingKind;
import io.kosmos.api.ReportContext;
import io.kosmos.api.ReportStatement;
import io.kosmos.api.ReportWriter;
import io.kosmos.api.Statistics;
import io.kosmos.api.WorldModel;
import io.kosmos.core.internal.stats.Effects;
import io.kosmos.core.internal.stats.Fmt;
import io.kosmos.core.internal.stats.Ledger;
import io.kosmos.core.internal.stats.ObjectiveMatcher;
import io.kosmos.core.internal.stats.Profile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the synthesis of an offline run deterministically from the world model and the test
 * ledger: what the objective was taken to mean; the validated associations with the outcome,
 * strongest first, each with what its follow-ups found (adjustment, robustness, shape, subgroups);
 * the joint model; the associations that did not hold up and why; informative null results; the
 * strongest other associations; and what the literature said. Every statement cites the findings it
 * rests on.
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
    WorldModel world = context.world();
    List<Finding> all = world.findings();
    if (all.isEmpty()) {
      return List.of();
    }
    List<Ledger.TestEntry> tests = Ledger.tests(world);
    List<Ledger.CheckEntry> checks = Ledger.checks(world);
    Map<String, Ledger.TestEntry> byFinding = new HashMap<>();
    for (Ledger.TestEntry t : tests) {
      if (t.findingId() != null) {
        byFinding.put(t.findingId(), t);
      }
    }
    ObjectiveMatcher.Match match = match(context.objective(), world);
    List<ReportStatement> out = new ArrayList<>();

    // What the run took the objective to mean, citing the profiles.
    List<String> profileIds =
        all.stream()
            .filter(f -> f.statistics() != null && "data profile".equals(f.statistics().test()))
            .map(Finding::id)
            .toList();
    long counted = tests.stream().filter(Ledger.TestEntry::inFamily).count();
    String framing;
    if (match.matchedNothing()) {
      framing =
          "The objective matched no column of the data, so the offline statistical scientist"
              + " explored every pair of variables";
    } else {
      List<String> outcomes = new ArrayList<>();
      match
          .outcomes()
          .forEach(
              (ds, col) -> {
                List<String> words = match.matchedWords().getOrDefault(ds + "|" + col, List.of());
                outcomes.add(
                    col
                        + " ("
                        + ds
                        + (words.isEmpty() ? "" : "; matched " + String.join(", ", words))
                        + ")");
              });
      framing =
          "The offline statistical scientist took "
              + String.join(" and ", outcomes)
              + " as the outcome the objective asks about and tested its associations first";
    }
    framing +=
        "; it ran "
            + counted
            + " statistical tests and controlled the false discovery rate at q = "
            + Fmt.plain(options.fdr())
            + " across all of them (Benjamini-Hochberg), so each adjusted p below accounts for"
            + " every test of the run.";
    List<String> framingCites = profileIds.isEmpty() ? List.of(all.getFirst().id()) : profileIds;
    out.add(new ReportStatement(framing, framingCites));

    // Validated screening findings, split by relevance.
    List<Finding> relevant = new ArrayList<>();
    List<Finding> others = new ArrayList<>();
    List<Finding> nulls = new ArrayList<>();
    List<Finding> failedScreens = new ArrayList<>();
    for (Finding f : all) {
      Ledger.TestEntry t = byFinding.get(f.id());
      if (t == null || !t.kind().equals("screen")) {
        continue;
      }
      boolean rel =
          match.matchedNothing()
              || match.relevant(t.dataset(), t.x())
              || match.relevant(t.dataset(), t.y());
      if (f.isValidated() && f.direction() == EffectDirection.NONE) {
        if (rel) {
          nulls.add(f);
        }
      } else if (f.isValidated()) {
        (rel ? relevant : others).add(f);
      } else if (f.direction() != EffectDirection.NONE) {
        failedScreens.add(f);
      }
    }
    Comparator<Finding> strongest =
        Comparator.comparingDouble((Finding f) -> -strength(f)).thenComparing(Finding::id);
    relevant.sort(strongest);
    others.sort(strongest);

    int shown = 0;
    for (Finding f : relevant) {
      if (shown++ >= MAX_OUTCOME_STATEMENTS) {
        break;
      }
      Ledger.TestEntry t = byFinding.get(f.id());
      List<String> cites = new ArrayList<>(List.of(f.id()));
      StringBuilder sb = new StringBuilder(head(f)).append(" (").append(numbers(f)).append(")");
      for (Ledger.CheckEntry c : checks) {
        if (!c.pair().equals(t.pair()) || c.finding() == null) {
          continue;
        }
        Optional<Finding> follow = world.finding(c.finding());
        if (follow.isEmpty()) {
          continue;
        }
        String clause = clause(c, verdict(c, follow.get()), follow.get());
        if (clause != null) {
          sb.append("; ").append(clause);
          cites.add(c.finding());
        }
      }
      out.add(new ReportStatement(sb.append('.').toString(), cites));
    }

    // The joint model(s).
    Map<String, List<Finding>> models = new LinkedHashMap<>();
    for (Finding f : all) {
      Ledger.TestEntry t = byFinding.get(f.id());
      if (t != null && t.kind().equals("model") && f.isValidated()) {
        models.computeIfAbsent(t.dataset() + "|" + t.y(), k -> new ArrayList<>()).add(f);
      }
    }
    for (Map.Entry<String, List<Finding>> e : models.entrySet()) {
      List<Finding> fs = new ArrayList<>(e.getValue());
      fs.sort(strongest);
      String y = e.getKey().substring(e.getKey().indexOf('|') + 1);
      List<String> parts = new ArrayList<>();
      for (Finding f : fs) {
        Statistics s = f.statistics();
        parts.add(
            f.variables().getFirst()
                + " ("
                + s.effectMeasure()
                + " = "
                + Fmt.num(s.effectSize())
                + ", adjusted p = "
                + Fmt.p(s.adjustedP())
                + ")");
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

    // Associations that did not hold up under adjustment or resampling: about the objective one by
    // one, the others counted.
    List<String> otherGone = new ArrayList<>();
    for (Ledger.CheckEntry c : checks) {
      if (c.finding() == null) {
        continue;
      }
      Optional<Finding> follow = world.finding(c.finding());
      if (follow.isEmpty()) {
        continue;
      }
      String verdict = verdict(c, follow.get());
      String why =
          switch (c.kind() + ":" + verdict) {
            case "confounding:explained" ->
                "it is accounted for by "
                    + c.by()
                    + (verdict.equals(c.verdict())
                        ? ""
                        : " (what remains does not survive the false discovery rate)");
            case "confounding:reversed" ->
                "it reverses when " + c.by() + " and others are held fixed";
            case "robustness:fragile" -> "it is fragile";
            default -> null;
          };
      if (why == null) {
        continue;
      }
      boolean rel =
          match.matchedNothing()
              || match.relevant(c.dataset(), c.x())
              || match.relevant(c.dataset(), c.y());
      if (!rel) {
        otherGone.add(c.finding());
        continue;
      }
      Finding screen =
          all.stream()
              .filter(
                  f -> {
                    Ledger.TestEntry t = byFinding.get(f.id());
                    return t != null && t.kind().equals("screen") && t.pair().equals(c.pair());
                  })
              .findFirst()
              .orElse(null);
      List<String> cites = new ArrayList<>();
      if (screen != null) {
        cites.add(screen.id());
      }
      cites.add(c.finding());
      Statistics s = follow.get().statistics();
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
              ? why + ": adjusted for " + confounders(follow.get()) + adjusted
              : why + ": " + c.detail().substring(c.detail().indexOf(':') + 1).strip();
      out.add(new ReportStatement(subject + " does not hold up: " + detail + ".", cites));
    }
    if (!otherGone.isEmpty()) {
      out.add(
          new ReportStatement(
              otherGone.size()
                  + " association(s) between other variables were explained away, reversed by"
                  + " adjustment, or fragile; the findings below give each one.",
              otherGone.subList(0, Math.min(10, otherGone.size()))));
    }

    // Non-linear shapes and subgroup differences that were validated.
    for (Finding f : all) {
      Ledger.TestEntry t = byFinding.get(f.id());
      if (t != null
          && (t.kind().equals("nonlinearity") || t.kind().equals("subgroups"))
          && f.isValidated()) {
        out.add(
            new ReportStatement(
                f.claim() + " (adjusted p = " + Fmt.p(f.statistics().adjustedP()) + ").",
                List.of(f.id())));
      }
    }

    // Informative nulls.
    if (!nulls.isEmpty()) {
      List<String> parts = new ArrayList<>();
      for (Finding f : nulls) {
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
      out.add(
          new ReportStatement(
              "No meaningful association with "
                  + nulls.getFirst().variables().get(1)
                  + " was found for "
                  + String.join(", ", parts)
                  + ": each confidence interval excludes effects of |r| >= 0.1.",
              nulls.stream().map(Finding::id).toList()));
    }

    // Other strong associations among the variables.
    if (!others.isEmpty()) {
      List<Finding> top = others.subList(0, Math.min(MAX_OTHERS, others.size()));
      List<String> parts = new ArrayList<>();
      for (Finding f : top) {
        parts.add(f.variables().get(0) + " with " + f.variables().get(1) + " (" + numbers(f) + ")");
      }
      out.add(
          new ReportStatement(
              "Among the other variables, the strongest validated associations are: "
                  + String.join("; ", parts)
                  + (others.size() > top.size()
                      ? "; " + (others.size() - top.size()) + " more are listed below"
                      : "")
                  + ".",
              top.stream().map(Finding::id).toList()));
    }

    // Associations that looked significant but did not survive the false discovery rate.
    List<Finding> fdrFailures =
        failedScreens.stream()
            .filter(
                f -> f.statistics().pValue() != null && f.statistics().pValue() < options.alpha())
            .filter(
                f ->
                    f.statistics().adjustedP() != null
                        && f.statistics().adjustedP() > options.fdr())
            .toList();
    if (!fdrFailures.isEmpty()) {
      List<Finding> shownFailures = fdrFailures.subList(0, Math.min(8, fdrFailures.size()));
      out.add(
          new ReportStatement(
              fdrFailures.size()
                  + " association(s) had p < "
                  + Fmt.plain(options.alpha())
                  + " on their own but did not survive the false discovery rate across the run and"
                  + " are not reported as discoveries: "
                  + String.join(
                      "; ",
                      shownFailures.stream()
                          .map(
                              f ->
                                  f.variables().get(0)
                                      + " ~ "
                                      + f.variables().get(1)
                                      + " (p = "
                                      + Fmt.p(f.statistics().pValue())
                                      + ", adjusted "
                                      + Fmt.p(f.statistics().adjustedP())
                                      + ")")
                          .toList())
                  + ".",
              shownFailures.stream().map(Finding::id).toList()));
    }

    // Literature.
    for (Finding f : all) {
      if (f.kind() == FindingKind.LITERATURE && f.isValidated()) {
        out.add(new ReportStatement(f.claim(), List.of(f.id())));
      }
    }
    return out;
  }

  private static ObjectiveMatcher.Match match(String objective, WorldModel world) {
    List<ObjectiveMatcher.Column> columns = new ArrayList<>();
    for (Dataset d : world.datasets()) {
      Profile p = world.note(Ledger.PROFILE + d.name()).flatMap(Profile::parse).orElse(null);
      List<String> names = p != null ? p.usable() : new ArrayList<>(d.dictionary().keySet());
      for (String c : names) {
        columns.add(new ObjectiveMatcher.Column(d.name(), c, d.dictionary().getOrDefault(c, "")));
      }
    }
    return ObjectiveMatcher.match(objective, columns);
  }

  private static double strength(Finding f) {
    Statistics s = f.statistics();
    if (s == null) {
      return 0;
    }
    Double r = s.extra().get("r_equivalent");
    if (r == null) {
      r = Effects.rEquivalent(s.effectSize(), s.effectMeasure());
    }
    return r == null ? 0 : r;
  }

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

  private static String confounders(Finding f) {
    List<String> v = f.variables();
    return v.size() > 2 ? String.join(", ", v.subList(2, v.size())) : "the measured confounders";
  }

  private static String lowerFirst(String s) {
    return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }
}
