package io.kosmos.core.team.offline;

import io.kosmos.api.EffectDirection;
import io.kosmos.api.Finding;
import io.kosmos.api.ReportStatement;
import io.kosmos.api.Statistics;
import io.kosmos.core.internal.stats.Fmt;
import io.kosmos.core.internal.stats.Ledger;
import io.kosmos.core.internal.stats.Question;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The "Answer" an offline report opens with: two to five sentences that answer the objective
 * directly, each citing its findings. For a question about one relation ("Is X related to Y?"):
 * yes, no or not established, with the effect, CI, p and adjusted p (from the question's own test);
 * what changes the answer (adjustment for what the question names and for measured confounders);
 * its shape, moderation or mediation; and the rows it was restricted to. For "what drives Y?": the
 * strongest validated predictors, those that remain in a joint model, those explained away, then
 * shapes and interactions. Null results are said as such.
 */
final class AnswerWriter {

  private static final int MAX_SENTENCES = 5;
  private static final int MAX_DRIVERS = 4;

  private final RunFindings run;
  private final Options options;
  private final List<ReportStatement> out = new ArrayList<>();

  AnswerWriter(RunFindings run, Options options) {
    this.run = run;
    this.options = options;
  }

  List<ReportStatement> write() {
    Question q = run.question;
    if (q.matchedNothing()) {
      explore();
    } else if (!questionFindings("asked").isEmpty()) {
      relation();
    } else {
      drivers();
    }
    restrictionsCaveat();
    return out.size() > MAX_SENTENCES ? out.subList(0, MAX_SENTENCES) : out;
  }

  // ---- one relation ------------------------------------------------------------------------

  private void relation() {
    boolean shapeFirst = false;
    for (Finding asked : questionFindings("asked")) {
      String claim = asked.claim();
      int colon = claim.indexOf(": ");
      String words = colon < 0 ? claim : claim.substring(0, colon);
      String numbers = colon < 0 ? OfflineReportWriter.numbers(asked) : claim.substring(colon + 2);
      boolean effect = asked.direction() != EffectDirection.NONE;
      String verdict;
      if (effect && asked.isValidated()) {
        verdict = "Yes: " + lower(words);
      } else if (effect) {
        verdict =
            "Not established: " + lower(words) + " on its own, not once every test is counted";
      } else if (!shapeFirst && shapes(true)) {
        // A curve or a subgroup effect one overall slope misses: the shape is the answer, the
        // null overall test its context, so the shape leads.
        shapeFirst = true;
        verdict = "Not as one overall trend: " + lower(words);
      } else {
        verdict = words;
      }
      add(
          verdict
              + ": "
              + numbers
              + "; adjusted p = "
              + Fmt.p(asked.statistics().adjustedP())
              + ".",
          asked.id());
    }
    changes();
    for (String part : List.of("moderation", "mediation")) {
      for (Finding f : questionFindings(part)) {
        String said = f.claim() + ", adjusted p = " + Fmt.p(f.statistics().adjustedP());
        if (f.isValidated() || f.validation() == null) {
          add(said + ".", f.id());
        } else {
          // what the question asks, but not an established result: said so; the reason (with
          // the validator's own numbers, which no cell printed) is in the report's list of
          // findings that did not pass validation
          add(
              "Suggested but not established (it did not pass validation; the reason is under"
                  + " \"Findings that did not pass validation\"): "
                  + lower(said)
                  + ".",
              f.id());
        }
      }
    }
    if (!shapeFirst) {
      shapes(true);
    }
  }

  /** What changes the asked relation: the adjustment the question names, measured confounders. */
  private void changes() {
    List<String> parts = new ArrayList<>();
    Set<String> ids = new LinkedHashSet<>();
    for (Finding f : questionFindings("adjusted")) {
      parts.add(f.claim());
      ids.add(f.id());
    }
    for (Finding asked : questionFindings("asked")) {
      Ledger.TestEntry t = run.test(asked);
      for (Ledger.CheckEntry c : run.checks) {
        if (c.kind().equals("confounding") && c.pair().equals(t.pair())) {
          run.follow(c)
              .ifPresent(
                  f -> {
                    parts.add("against measured confounders: " + lower(f.claim()));
                    ids.add(f.id());
                  });
        }
      }
    }
    if (!parts.isEmpty()) {
      add(capital(String.join("; ", parts)) + ".", ids.toArray(String[]::new));
    }
  }

  // ---- what drives the outcome -------------------------------------------------------------

  private void drivers() {
    List<Finding> kept = new ArrayList<>();
    for (Finding f : run.relevant) {
      if (onOutcome(f) && explained(f).isEmpty()) {
        kept.add(f);
      }
    }
    List<Finding> gone = new ArrayList<>();
    for (Finding f : run.all) {
      Ledger.TestEntry t = run.test(f);
      if (t != null && t.kind().equals("screen") && onOutcome(f) && explained(f).isPresent()) {
        gone.add(f);
      }
    }
    gone.sort(RunFindings.STRONGEST);
    String outcome = outcomeName();
    if (kept.isEmpty()) {
      List<Finding> nulls = run.nulls;
      if (!nulls.isEmpty()) {
        add(
            "No variable was found to be associated with "
                + outcome
                + "; the clearest null results: "
                + list(nulls.subList(0, Math.min(3, nulls.size())))
                + ".",
            ids(nulls.subList(0, Math.min(3, nulls.size()))));
      }
    } else {
      List<Finding> top = kept.subList(0, Math.min(MAX_DRIVERS, kept.size()));
      add(
          "The variables most strongly associated with "
              + outcome
              + " are "
              + list(top)
              + (kept.size() > top.size() ? "; weaker ones are listed below" : "")
              + ".",
          ids(top));
    }
    jointModel(outcome);
    if (!gone.isEmpty()) {
      List<String> parts = new ArrayList<>();
      Set<String> cite = new LinkedHashSet<>();
      for (Finding f : gone.subList(0, Math.min(4, gone.size()))) {
        Ledger.CheckEntry c = explained(f).orElseThrow();
        Statistics s = f.statistics();
        parts.add(
            f.variables().getFirst()
                + " ("
                + s.effectMeasure()
                + " = "
                + Fmt.num(s.effectSize())
                + " alone; "
                + (c.verdict().equals("reversed") ? "reversed" : "accounted for")
                + " by "
                + c.by()
                + ")");
        cite.add(f.id());
        cite.add(c.finding());
      }
      add(
          "Associated with "
              + outcome
              + " on their own, but not once other measured variables are held fixed: "
              + String.join(", ", parts)
              + ".",
          cite.toArray(String[]::new));
    }
    shapes(false);
  }

  private void jointModel(String outcome) {
    List<Finding> terms = new ArrayList<>();
    for (Finding f : run.all) {
      Ledger.TestEntry t = run.test(f);
      if (t != null && t.kind().equals("model") && f.isValidated()) {
        terms.add(f);
      }
    }
    if (terms.isEmpty()) {
      return;
    }
    terms.sort(RunFindings.STRONGEST);
    List<String> parts = new ArrayList<>();
    for (Finding f : terms) {
      parts.add(OfflineReportWriter.term(f));
    }
    add(
        "Held fixed together in a joint model of "
            + outcome
            + ", these remain associated with it: "
            + String.join(", ", parts)
            + ".",
        ids(terms));
  }

  /**
   * Validated shapes, subgroup differences and interactions about the outcome, in a sentence.
   *
   * @return whether a sentence was added
   */
  private boolean shapes(boolean askedOnly) {
    List<String> parts = new ArrayList<>();
    List<Finding> cite = new ArrayList<>();
    for (Finding f : run.all) {
      Ledger.TestEntry t = run.test(f);
      if (t == null || !f.isValidated()) {
        continue;
      }
      boolean kind =
          t.kind().equals("nonlinearity")
              || t.kind().equals("interactions")
              || t.kind().equals("subgroups");
      boolean about =
          askedOnly
              ? run.question.exposures(t.dataset()).contains(t.x())
                  && t.y().equals(run.question.outcome(t.dataset()))
              : t.y().equals(run.question.outcome(t.dataset()));
      if (kind && about && cite.size() < 2) {
        parts.add(f.claim() + ", adjusted p = " + Fmt.p(f.statistics().adjustedP()));
        cite.add(f);
      }
    }
    if (parts.isEmpty()) {
      return false;
    }
    add(String.join("; ", parts) + ".", ids(cite));
    return true;
  }

  // ---- nothing named -----------------------------------------------------------------------

  private void explore() {
    List<Finding> top = run.relevant.subList(0, Math.min(MAX_DRIVERS, run.relevant.size()));
    if (top.isEmpty()) {
      return;
    }
    add(
        "The question named no column of the data, so every pair was explored; the strongest"
            + " validated associations are "
            + String.join(
                "; ",
                top.stream()
                    .map(
                        f ->
                            f.variables().get(0)
                                + " with "
                                + f.variables().get(1)
                                + " ("
                                + OfflineReportWriter.numbers(f)
                                + ")")
                    .toList())
            + ".",
        ids(top));
  }

  /** A restriction the question asked for, applied or not: it changes what the answer covers. */
  private void restrictionsCaveat() {
    for (RunFindings.Restriction r : run.restrictions()) {
      String text =
          r.applied()
              ? "Only rows with "
                  + r.selected()
                  + " were analysed (\""
                  + r.phrase()
                  + "\": "
                  + r.rowsAfter()
                  + " of "
                  + r.rowsBefore()
                  + " rows)."
              : "The rows could not be restricted to \""
                  + r.phrase()
                  + "\", so every row was analysed: "
                  + r.why()
                  + ".";
      add(text, r.finding());
    }
  }

  // ---- words -------------------------------------------------------------------------------

  private List<Finding> questionFindings(String part) {
    List<Finding> out = new ArrayList<>();
    for (Ledger.CheckEntry c : run.checks) {
      if (c.kind().equals("question") && c.verdict().equals(part)) {
        run.follow(c).ifPresent(out::add);
      }
    }
    return out;
  }

  private boolean onOutcome(Finding f) {
    Ledger.TestEntry t = run.test(f);
    return t != null && t.y().equals(run.question.outcome(t.dataset()));
  }

  /** The confounding check that explained a finding's association away, if any. */
  private Optional<Ledger.CheckEntry> explained(Finding f) {
    Ledger.TestEntry t = run.test(f);
    for (Ledger.CheckEntry c : run.checks) {
      if (c.kind().equals("confounding") && c.pair().equals(t.pair())) {
        Optional<Finding> follow = run.follow(c);
        String verdict =
            Ledger.verdict(
                c,
                follow
                    .map(x -> x.statistics() == null ? null : x.statistics().adjustedP())
                    .orElse(null),
                options.fdr());
        if (verdict.equals("explained") || verdict.equals("reversed")) {
          return Optional.of(c);
        }
      }
    }
    return Optional.empty();
  }

  private String outcomeName() {
    Question q = run.question;
    if (q.outcome() != null) {
      return q.outcome().column();
    }
    return q.match().outcomes().values().stream().findFirst().orElse("the outcome");
  }

  private static String list(List<Finding> fs) {
    List<String> parts = new ArrayList<>();
    for (Finding f : fs) {
      Statistics s = f.statistics();
      parts.add(
          f.variables().getFirst()
              + " ("
              + s.effectMeasure()
              + " = "
              + Fmt.num(s.effectSize())
              + (s.ciLow() == null ? "" : ", 95% CI " + Fmt.ci(s.ciLow(), s.ciHigh()))
              + ", adjusted p = "
              + Fmt.p(s.adjustedP() != null ? s.adjustedP() : s.pValue())
              + ")");
    }
    if (parts.size() == 1) {
      return parts.getFirst();
    }
    return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.getLast();
  }

  private static String[] ids(List<Finding> fs) {
    return fs.stream().map(Finding::id).toArray(String[]::new);
  }

  private void add(String text, String... findingIds) {
    List<String> cite = new ArrayList<>(new LinkedHashSet<>(List.of(findingIds)));
    cite.removeIf(id -> id == null || run.world.finding(id).isEmpty());
    if (!cite.isEmpty() && out.size() < MAX_SENTENCES) {
      out.add(ReportStatement.answer(text, cite));
    }
  }

  private static String lower(String s) {
    return s.isEmpty() || (s.length() > 1 && Character.isUpperCase(s.charAt(1)))
        ? s
        : Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  private static String capital(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
