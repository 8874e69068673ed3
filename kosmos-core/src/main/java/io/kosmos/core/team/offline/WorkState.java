package io.kosmos.core.team.offline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.kosmos.api.Dataset;
import io.kosmos.api.Finding;
import io.kosmos.api.InvalidInputException;
import io.kosmos.api.Task;
import io.kosmos.api.WorldModel;
import io.kosmos.core.internal.stats.Fmt;
import io.kosmos.core.internal.stats.Ledger;
import io.kosmos.core.internal.stats.ObjectiveMatcher;
import io.kosmos.core.internal.stats.Profile;
import io.kosmos.core.internal.stats.Question;
import io.kosmos.core.internal.stats.QuestionReader;
import io.kosmos.core.internal.stats.ResultLine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the offline planner and reviewer know at the start of a cycle: each dataset's columns (from
 * the sandbox profile once there is one, else from the header read on the host), what the objective
 * matched, every unit of work already tried, and the work still open, ranked. The planner and the
 * reviewer build the same state from the same context, so the reviewer can tell whether a plan
 * chose the most relevant open work.
 */
final class WorkState {

  /**
   * One unit of work: a pair to screen, a follow-up of a finding, a profile, a joint model or a
   * literature search.
   *
   * @param work what to do
   * @param dataset the dataset, or empty for literature
   * @param x the first variable (the predictor, when the pair involves the outcome), or empty
   * @param y the second variable (the outcome, when the pair involves it), or empty
   * @param by the stratifier of a subgroup analysis, the query of a literature search, or empty
   * @param findingId the finding followed up, or empty
   * @param summary how the finding read (for task descriptions), or empty
   * @param relevant whether it touches the outcome or a variable the objective names
   * @param priority higher first
   */
  record Unit(
      Work work,
      String dataset,
      String x,
      String y,
      String by,
      String findingId,
      String summary,
      boolean relevant,
      double priority) {

    /** The key that says whether this unit was already tried. */
    String key() {
      return switch (work) {
        case PROFILE -> "profile|" + dataset;
        case MODEL -> "model|" + dataset + "|" + y;
        case LITERATURE -> "literature|" + by.toLowerCase(java.util.Locale.ROOT);
        case SUBGROUPS -> "subgroups|" + pairKey() + "|" + by;
        default -> work.id() + "|" + pairKey();
      };
    }

    private String pairKey() {
      Ledger.PairKey p = Ledger.PairKey.of(dataset, x, y);
      return p.dataset() + "|" + p.a() + "|" + p.b();
    }
  }

  /**
   * A dataset as the planner sees it.
   *
   * @param dataset the dataset
   * @param columns candidate columns, in file order (usable ones once profiled; before that, every
   *     header column not named like an identifier)
   * @param profile the sandbox profile, if there is one
   */
  record DatasetView(Dataset dataset, List<String> columns, Profile profile) {
    boolean profiled() {
      return profile != null;
    }

    Optional<Profile.Column> column(String name) {
      return profile == null ? Optional.empty() : profile.column(name);
    }
  }

  final String objective;
  final Options options;
  final Map<String, DatasetView> views = new LinkedHashMap<>();
  final Question question;
  final Set<String> tried = new HashSet<>();
  final List<Ledger.TestEntry> tests;
  final List<Ledger.CheckEntry> checks;
  final WorldModel world;
  final boolean literatureAvailable;

  WorkState(
      String objective,
      List<Dataset> datasets,
      WorldModel world,
      boolean literatureAvailable,
      Options options) {
    this.objective = objective;
    this.options = options;
    this.world = world;
    this.literatureAvailable = literatureAvailable;
    List<ObjectiveMatcher.Column> columns = new ArrayList<>();
    for (Dataset d : datasets) {
      Profile profile = world.note(Ledger.PROFILE + d.name()).flatMap(Profile::parse).orElse(null);
      List<String> names;
      if (profile != null) {
        names = profile.usable();
      } else {
        names =
            TableHeader.read(d.path(), 0).columns().stream()
                .filter(c -> !c.isBlank() && !TableHeader.ID_NAME.matcher(c).find())
                .toList();
      }
      views.put(d.name(), new DatasetView(d, names, profile));
      for (String c : names) {
        String description = d.dictionary().getOrDefault(c, "");
        if (description.isEmpty() && profile != null) {
          description = profile.column(c).map(Profile.Column::description).orElse("");
        }
        columns.add(new ObjectiveMatcher.Column(d.name(), c, description));
      }
    }
    this.question = QuestionReader.read(objective, columns, options.synonyms());
    this.tests = Ledger.tests(world);
    this.checks = Ledger.checks(world);
    for (Ledger.TestEntry t : tests) {
      tried.add(t.kind() + "|" + pairKey(t.dataset(), t.x(), t.y()));
    }
    for (Task t : world.triedTasks()) {
      tried.addAll(unitKeys(t));
    }
  }

  /** Fails when no dataset has anything to test once every dataset was profiled. */
  void requireUsableData() {
    if (views.isEmpty() || !views.values().stream().allMatch(DatasetView::profiled)) {
      return;
    }
    if (views.values().stream().allMatch(v -> v.profile().usable().size() < 2)) {
      StringBuilder sb = new StringBuilder("no dataset has two usable columns to test:");
      for (DatasetView v : views.values()) {
        sb.append(' ').append(v.dataset().name()).append(" (");
        List<String> parts = new ArrayList<>();
        v.profile().setAside().forEach((k, why) -> parts.add(k + " " + why));
        v.profile().usable().forEach(u -> parts.add(u + " usable"));
        sb.append(parts.isEmpty() ? "no columns" : String.join("; ", parts)).append(')');
      }
      sb.append(
          ". The offline statistical scientist tests numeric, binary and categorical columns;"
              + " identifiers, free text, dates and constant columns are set aside.");
      throw new InvalidInputException(sb.toString());
    }
  }

  static String pairKey(String dataset, String x, String y) {
    Ledger.PairKey p = Ledger.PairKey.of(dataset, x, y);
    return p.dataset() + "|" + p.a() + "|" + p.b();
  }

  /** The keys of the units a planned task covers. */
  static List<String> unitKeys(Task task) {
    Work work = Work.of(task.parameters().get("kind"));
    if (work == null) {
      return List.of();
    }
    String dataset = task.parameters().getOrDefault("dataset", "");
    List<String> keys = new ArrayList<>();
    switch (work) {
      case PROFILE -> keys.add("profile|" + dataset);
      case MODEL ->
          keys.add("model|" + dataset + "|" + task.parameters().getOrDefault("outcome", ""));
      case LITERATURE ->
          keys.add(
              "literature|"
                  + task.parameters().getOrDefault("query", "").toLowerCase(java.util.Locale.ROOT));
      default -> {
        for (List<String> p : pairs(task)) {
          String k = work.id() + "|" + pairKey(dataset, p.get(0), p.get(1));
          if (work == Work.SUBGROUPS) {
            k += "|" + task.parameters().getOrDefault("by", "");
          }
          keys.add(k);
        }
      }
    }
    return keys;
  }

  /** The pairs a task names in its {@code pairs} parameter (a JSON list of [x, y]). */
  static List<List<String>> pairs(Task task) {
    String json = task.parameters().get("pairs");
    if (json == null) {
      return List.of();
    }
    try {
      List<List<String>> out = ResultLine.JSON.readValue(json, new TypeReference<>() {});
      return out.stream().filter(p -> p.size() == 2).toList();
    } catch (JsonProcessingException e) {
      return List.of();
    }
  }

  /** The outcome of a dataset, or {@code null} when the objective matched none of its columns. */
  String outcome(String dataset) {
    return question.outcome(dataset);
  }

  boolean relevant(String dataset, String x, String y) {
    if (question.matchedNothing()) {
      return true;
    }
    return question.relevant(dataset, x) || question.relevant(dataset, y);
  }

  // ---- open work ---------------------------------------------------------------------------

  /** Exploration still open, best first: profiles, pairs never tested, a literature search. */
  List<Unit> exploration() {
    List<Unit> out = new ArrayList<>();
    for (DatasetView v : views.values()) {
      String ds = v.dataset().name();
      if (!v.profiled()) {
        Unit u = new Unit(Work.PROFILE, ds, "", "", "", "", "", true, 1000);
        if (!tried.contains(u.key())) {
          out.add(u);
        }
      }
      String outcome = outcome(ds);
      for (String exposure : question.exposures(ds)) {
        if (outcome != null && !exposure.equals(outcome)) {
          Unit u = new Unit(Work.QUESTION, ds, exposure, outcome, "", "", "", true, 1500);
          if (!tried.contains(u.key())) {
            out.add(u);
          }
        }
      }
      List<String> cols = v.columns();
      for (int i = 0; i < cols.size(); i++) {
        for (int j = i + 1; j < cols.size(); j++) {
          String x = cols.get(i);
          String y = cols.get(j);
          if (x.equals(outcome)) {
            // the outcome goes second: pairs read "predictor ~ outcome"
            String t = x;
            x = y;
            y = t;
          }
          boolean touchesOutcome = y.equals(outcome);
          double score = question.score(ds, x) + question.score(ds, y);
          double priority =
              (touchesOutcome ? 100 : 0) + score - (i * cols.size() + j) / (double) 1e6;
          Unit u = new Unit(Work.SCREEN, ds, x, y, "", "", "", relevant(ds, x, y), priority);
          if (!tried.contains(u.key())) {
            out.add(u);
          }
        }
      }
    }
    if (literatureAvailable) {
      String query = literatureQuery();
      if (query != null) {
        Unit u = new Unit(Work.LITERATURE, "", "", "", query, "", "", true, 50);
        if (!tried.contains(u.key())) {
          out.add(u);
        }
      }
    }
    out.sort(Comparator.comparingDouble(Unit::priority).reversed());
    return out;
  }

  /** Follow-ups still open, best first: joint models, then follow-ups of validated findings. */
  List<Unit> exploitation() {
    List<Unit> out = new ArrayList<>();
    for (DatasetView v : views.values()) {
      Unit model = jointModel(v);
      if (model != null) {
        add(out, model);
      }
    }
    for (DatasetView v : views.values()) {
      QuestionWork.interactions(this, out, v);
    }
    int rank = 0;
    for (Ledger.TestEntry t : validatedScreens()) {
      rank++;
      DatasetView v = views.get(t.dataset());
      if (v != null && v.profiled()) {
        followUps(out, v, t, rank);
      }
    }
    out.sort(Comparator.comparingDouble(Unit::priority).reversed());
    return out;
  }

  /**
   * A joint model of a dataset's outcome, once its pairs with the outcome were screened, if the
   * outcome can be modelled (numeric or binary) and there are at least two predictors.
   */
  private Unit jointModel(DatasetView v) {
    String ds = v.dataset().name();
    String outcome = outcome(ds);
    if (!v.profiled() || outcome == null) {
      return null;
    }
    Profile.Column oc = v.profile().column(outcome).orElse(null);
    boolean screened =
        tests.stream()
            .anyMatch(
                t ->
                    t.kind().equals("screen")
                        && t.dataset().equals(ds)
                        && (t.x().equals(outcome) || t.y().equals(outcome)));
    if (oc != null
        && (oc.numeric() || oc.kind().equals("binary"))
        && screened
        && v.profile().usable().size() > 2) {
      return new Unit(Work.MODEL, ds, "", outcome, "", "", "", true, 900);
    }
    return null;
  }

  /**
   * The screening tests below alpha whose findings were validated: about the objective first, then
   * the strongest first.
   */
  List<Ledger.TestEntry> validatedScreens() {
    List<Ledger.TestEntry> significant = new ArrayList<>();
    for (Ledger.TestEntry t : tests) {
      if (!t.kind().equals("screen") || t.findingId() == null || t.p() >= options.alpha()) {
        continue;
      }
      Optional<Finding> f = world.finding(t.findingId());
      if (f.isPresent() && f.get().isValidated()) {
        significant.add(t);
      }
    }
    significant.sort(
        Comparator.comparing((Ledger.TestEntry t) -> !relevant(t.dataset(), t.x(), t.y()))
            .thenComparing(t -> -(t.rEquivalent() == null ? 0 : t.rEquivalent()))
            .thenComparing(Ledger.TestEntry::findingId));
    return significant;
  }

  /**
   * The follow-ups of one validated screening finding: confounding and robustness for every one;
   * for those about the objective, non-linearity (both sides numeric) and subgroups (when a
   * stratifier exists) too.
   */
  private void followUps(List<Unit> out, DatasetView v, Ledger.TestEntry t, int rank) {
    boolean rel = relevant(t.dataset(), t.x(), t.y());
    double base = (rel ? 500 : 100) - rank / 1000.0;
    add(out, followUp(Work.CONFOUNDING, t, "", rel, base + 40));
    add(out, followUp(Work.ROBUSTNESS, t, "", rel, base + 30));
    if (literatureAvailable) {
      add(out, followUp(Work.EVIDENCE, t, "", rel, base + 35));
    }
    if (!rel) {
      return;
    }
    boolean numeric =
        v.column(t.x()).map(Profile.Column::numeric).orElse(false)
            && v.column(t.y()).map(Profile.Column::numeric).orElse(false);
    if (numeric) {
      add(out, followUp(Work.NONLINEARITY, t, "", true, base + 20));
    }
    String by = stratifier(v, t.x(), t.y());
    if (by != null) {
      add(out, followUp(Work.SUBGROUPS, t, by, true, base + 10));
    }
  }

  private static Unit followUp(
      Work work, Ledger.TestEntry t, String by, boolean relevant, double priority) {
    return new Unit(
        work, t.dataset(), t.x(), t.y(), by, t.findingId(), describe(t), relevant, priority);
  }

  void add(List<Unit> out, Unit u) {
    if (!tried.contains(u.key())) {
      out.add(u);
    }
  }

  /**
   * The variable to split a subgroup analysis by: a binary or categorical column with at most 5
   * levels other than the pair, one the objective names first, else the first in the file.
   */
  String stratifier(DatasetView v, String x, String y) {
    List<Profile.Column> options = new ArrayList<>();
    for (Profile.Column c : v.profile().columns()) {
      if (c.grouping() && c.levels().size() <= 5 && !c.name().equals(x) && !c.name().equals(y)) {
        options.add(c);
      }
    }
    return options.stream()
        .max(
            Comparator.comparingDouble(
                (Profile.Column c) -> question.score(v.dataset().name(), c.name())))
        .filter(c -> question.score(v.dataset().name(), c.name()) > 0)
        .or(() -> options.stream().findFirst())
        .map(Profile.Column::name)
        .orElse(null);
  }

  static String describe(Ledger.TestEntry t) {
    return t.findingId()
        + " ("
        + t.x()
        + " ~ "
        + t.y()
        + (t.effect() == null ? "" : ", " + t.measure() + " = " + Fmt.num(t.effect()))
        + ")";
  }

  /**
   * The query of the background search on the objective: the words for the outcome (its dictionary
   * description without qualifiers, or its name), else the objective; {@code null} once it was
   * searched.
   */
  String literatureQuery() {
    String q = objective;
    for (DatasetView v : views.values()) {
      String outcome = outcome(v.dataset().name());
      if (outcome != null) {
        List<String> phrases =
            VariableTerms.phrases(
                outcome, description(v.dataset().name(), outcome), options.synonyms());
        if (!phrases.isEmpty()) {
          q = phrases.getFirst();
        }
        break;
      }
    }
    return tried.contains("literature|" + q.toLowerCase(java.util.Locale.ROOT)) ? null : q;
  }

  /** A column's description: the data dictionary's, else the profile's, else empty. */
  String description(String dataset, String column) {
    DatasetView v = views.get(dataset);
    if (v == null) {
      return "";
    }
    String d = v.dataset().dictionary().getOrDefault(column, "");
    if (d.isEmpty() && v.profile() != null) {
      d = v.profile().column(column).map(Profile.Column::description).orElse("");
    }
    return d;
  }
}
