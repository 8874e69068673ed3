package io.kosmos.core.team.offline;

import io.kosmos.api.Dataset;
import io.kosmos.api.EffectDirection;
import io.kosmos.api.Finding;
import io.kosmos.api.Statistics;
import io.kosmos.api.WorldModel;
import io.kosmos.core.internal.stats.Effects;
import io.kosmos.core.internal.stats.Ledger;
import io.kosmos.core.internal.stats.ObjectiveMatcher;
import io.kosmos.core.internal.stats.Profile;
import io.kosmos.core.internal.stats.Question;
import io.kosmos.core.internal.stats.QuestionReader;
import io.kosmos.core.internal.stats.ResultLine;
import io.kosmos.core.internal.stats.Synonyms;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A finished run's findings as the {@link OfflineReportWriter} reads them: each with the ledger's
 * test behind it, the follow-up verdicts, what the objective matched, and the validated screening
 * findings sorted into the groups the report speaks of (about the objective, about other variables,
 * informative nulls, and the screens that did not pass).
 */
final class RunFindings {

  /** Strongest effect (as a correlation) first, then by id, so that the order is stable. */
  static final Comparator<Finding> STRONGEST =
      Comparator.comparingDouble((Finding f) -> -strength(f)).thenComparing(Finding::id);

  final WorldModel world;
  final List<Finding> all;
  final List<Ledger.TestEntry> tests;
  final List<Ledger.CheckEntry> checks;
  final Question question;
  private final Map<String, Ledger.TestEntry> byFinding = new HashMap<>();

  /** Validated screening findings about the objective, strongest first. */
  final List<Finding> relevant = new ArrayList<>();

  /** Validated screening findings about other variables, strongest first. */
  final List<Finding> others = new ArrayList<>();

  /** Validated claims of no effect about the objective. */
  final List<Finding> nulls = new ArrayList<>();

  /** Screening findings of an effect that did not pass. */
  final List<Finding> failedScreens = new ArrayList<>();

  RunFindings(WorldModel world, String objective, Synonyms synonyms) {
    this.world = world;
    this.all = world.findings();
    this.tests = Ledger.tests(world);
    this.checks = Ledger.checks(world);
    for (Ledger.TestEntry t : tests) {
      if (t.findingId() != null) {
        byFinding.put(t.findingId(), t);
      }
    }
    this.question = read(objective, world, synonyms);
    sortScreens();
  }

  private void sortScreens() {
    for (Finding f : all) {
      Ledger.TestEntry t = byFinding.get(f.id());
      if (t == null || !t.kind().equals("screen")) {
        continue;
      }
      boolean rel = relevant(t.dataset(), t.x(), t.y());
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
    relevant.sort(STRONGEST);
    others.sort(STRONGEST);
  }

  /** The ledger's test behind a finding, or {@code null}. */
  Ledger.TestEntry test(Finding f) {
    return byFinding.get(f.id());
  }

  /** Whether the test behind a finding is of a kind. */
  boolean isKind(Finding f, String kind) {
    Ledger.TestEntry t = byFinding.get(f.id());
    return t != null && t.kind().equals(kind);
  }

  /** The finding that records a follow-up, if the world has it. */
  Optional<Finding> follow(Ledger.CheckEntry c) {
    return c.finding() == null ? Optional.empty() : world.finding(c.finding());
  }

  /** Whether a pair concerns the objective (every pair does when it matched nothing). */
  boolean relevant(String dataset, String x, String y) {
    return question.matchedNothing()
        || question.relevant(dataset, x)
        || question.relevant(dataset, y);
  }

  /**
   * A restriction of the rows the question asked for, as the sandbox applied it.
   *
   * @param phrase the question's words
   * @param applied whether the rows were restricted
   * @param selected what was kept ("year = 1985"), or empty
   * @param rowsBefore rows before
   * @param rowsAfter rows after
   * @param why why it could not be applied, or empty
   * @param finding the data profile finding, whose cells show it
   */
  record Restriction(
      String phrase,
      boolean applied,
      String selected,
      int rowsBefore,
      int rowsAfter,
      String why,
      String finding) {}

  /** The restrictions of every dataset, from the profiles made in the sandbox. */
  List<Restriction> restrictions() {
    List<Restriction> out = new ArrayList<>();
    for (Dataset d : world.datasets()) {
      String note = world.note(Ledger.PROFILE + d.name()).orElse(null);
      String profileFinding = profileFinding(d.name());
      if (note == null || profileFinding == null) {
        continue;
      }
      try {
        for (var r : ResultLine.JSON.readTree(note).path("reading").path("restrictions")) {
          out.add(
              new Restriction(
                  r.path("phrase").asText(),
                  r.path("applied").asBoolean(false),
                  r.path("selected").asText(""),
                  r.path("rows_before").asInt(),
                  r.path("rows_after").asInt(),
                  r.path("why").asText(""),
                  profileFinding));
        }
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        // a profile note that is not JSON has no restrictions to tell
      }
    }
    return out;
  }

  /** The data profile finding of a dataset, or {@code null}. */
  String profileFinding(String dataset) {
    for (Finding f : all) {
      if (f.statistics() != null
          && "data profile".equals(f.statistics().test())
          && f.claim().startsWith(dataset + " ")) {
        return f.id();
      }
    }
    return null;
  }

  /** Whether a ledger test is about the objective (no test: it is). */
  boolean relevant(Ledger.TestEntry t) {
    return t == null || relevant(t.dataset(), t.x(), t.y());
  }

  /** The first screening finding about a pair, or {@code null}. */
  Finding screenOf(Ledger.PairKey pair) {
    return all.stream()
        .filter(
            f -> {
              Ledger.TestEntry t = byFinding.get(f.id());
              return t != null && t.kind().equals("screen") && t.pair().equals(pair);
            })
        .findFirst()
        .orElse(null);
  }

  /**
   * The question as the run read it: against the usable columns of each profile (the header's
   * columns are what the first cycle was planned from; the profile is what every task used).
   */
  static Question read(String objective, WorldModel world, Synonyms synonyms) {
    List<ObjectiveMatcher.Column> columns = new ArrayList<>();
    for (Dataset d : world.datasets()) {
      Profile p = world.note(Ledger.PROFILE + d.name()).flatMap(Profile::parse).orElse(null);
      List<String> names = p != null ? p.usable() : new ArrayList<>(d.dictionary().keySet());
      for (String c : names) {
        String description = d.dictionary().getOrDefault(c, "");
        if (description.isEmpty() && p != null) {
          description = p.column(c).map(Profile.Column::description).orElse("");
        }
        columns.add(new ObjectiveMatcher.Column(d.name(), c, description));
      }
    }
    return QuestionReader.read(objective, columns, synonyms);
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
}
