package io.kosmos.core.internal.stats;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A research question as the {@link QuestionReader} read it: its shape, the columns it names and
 * the role of each (outcome, exposure, adjuster, moderator, mediator), the rows it asks about (a
 * year, a subgroup) and the words that named nothing. The offline planner tests the asked-about
 * relation first, the report says how the question was read, and the validator weighs findings
 * about the named variables higher.
 *
 * @param objective the question as given
 * @param shape what kind of answer it asks for
 * @param outcome the outcome, or {@code null} when the question names none
 * @param exposures the variables whose relation with the outcome is asked about
 * @param adjusters variables to hold fixed ("controlling for W")
 * @param moderators variables the relation may differ by ("does it differ by W")
 * @param mediators variables the relation may run through ("through M")
 * @param others variables the question names with no role
 * @param restrictions the rows the question is about
 * @param unmatched phrases of the question that named no column
 * @param match the column scores, for ranking work by relevance
 */
public record Question(
    String objective,
    Shape shape,
    Role outcome,
    List<Role> exposures,
    List<Role> adjusters,
    List<Role> moderators,
    List<Role> mediators,
    List<Role> others,
    List<Restriction> restrictions,
    List<String> unmatched,
    ObjectiveMatcher.Match match) {

  /** What kind of answer a question asks for. */
  public enum Shape {
    /** "What drives Y?": the outcome's predictors, strongest first. */
    DRIVERS,
    /** "How is X related to Y?", "Does X predict Y?": one relation, yes or no and how much. */
    RELATION,
    /** "What is the effect of X on Y?": one relation, adjusted for what could confound it. */
    EFFECT,
    /** "Does Y differ by X?": a comparison of groups. */
    DIFFERENCE,
    /** Nothing recognisable: every pair is explored. */
    EXPLORE;

    /** The shape as people read it. */
    public String words() {
      return switch (this) {
        case DRIVERS -> "what drives the outcome";
        case RELATION -> "a relation between named variables";
        case EFFECT -> "the effect of one variable on another";
        case DIFFERENCE -> "a difference between groups";
        case EXPLORE -> "no recognisable question: every pair is explored";
      };
    }
  }

  /**
   * A column the question names, with the words that named it.
   *
   * @param dataset the dataset
   * @param column the column
   * @param phrase the words of the question
   * @param via how the words met the column: its name, its description, a synonym
   */
  public record Role(String dataset, String column, String phrase, String via) {}

  /**
   * The rows a question is about.
   *
   * @param dataset the dataset, or empty when the column is not known yet (a year before the data
   *     is reshaped)
   * @param column the column that selects them, or empty for "the time column", found in the
   *     sandbox
   * @param phrase the words of the question ("in 1985", "among those ever incarcerated")
   * @param op {@code eq}, {@code ge}, {@code le}, {@code between}, {@code level} (a level named by
   *     words, found in the sandbox), {@code yes} or {@code no} (the true or false level of a
   *     binary column)
   * @param values the value(s) or the level's words
   */
  public record Restriction(
      String dataset, String column, String phrase, String op, List<String> values) {

    /** Whether the restriction applies to a dataset. */
    public boolean appliesTo(String ds) {
      return dataset.isEmpty() || dataset.equals(ds);
    }

    /** The restriction as the sandbox helper reads it (a Python dict literal's content). */
    public Map<String, Object> spec() {
      return Map.of("column", column, "op", op, "values", values, "phrase", phrase);
    }
  }

  /** Copies the lists. */
  public Question {
    exposures = List.copyOf(exposures);
    adjusters = List.copyOf(adjusters);
    moderators = List.copyOf(moderators);
    mediators = List.copyOf(mediators);
    others = List.copyOf(others);
    restrictions = List.copyOf(restrictions);
    unmatched = List.copyOf(unmatched);
  }

  /** The outcome of a dataset, or {@code null}. */
  public String outcome(String dataset) {
    if (outcome != null && outcome.dataset().equals(dataset)) {
      return outcome.column();
    }
    return shape == Shape.EXPLORE || outcome != null ? null : match.outcome(dataset);
  }

  /** The columns of one role in a dataset. */
  public static List<String> columns(List<Role> roles, String dataset) {
    return roles.stream().filter(r -> r.dataset().equals(dataset)).map(Role::column).toList();
  }

  /** The exposures of a dataset. */
  public List<String> exposures(String dataset) {
    return columns(exposures, dataset);
  }

  /** The restrictions that apply to a dataset. */
  public List<Restriction> restrictions(String dataset) {
    return restrictions.stream().filter(r -> r.appliesTo(dataset)).toList();
  }

  /** Whether the question asks about one relation (an exposure and an outcome). */
  public boolean asksRelation() {
    return outcome != null && !exposures.isEmpty();
  }

  /** Whether the question matched no column at all. */
  public boolean matchedNothing() {
    return outcome == null && exposures.isEmpty() && others.isEmpty() && match.matchedNothing();
  }

  /** Every column the question names, in any role. */
  public Set<String> named(String dataset) {
    Set<String> out = new LinkedHashSet<>();
    if (outcome != null && outcome.dataset().equals(dataset)) {
      out.add(outcome.column());
    }
    for (List<Role> roles : List.of(exposures, adjusters, moderators, mediators, others)) {
      out.addAll(columns(roles, dataset));
    }
    return out;
  }

  /** Whether a column is named by the question or matched its words. */
  public boolean relevant(String dataset, String column) {
    return named(dataset).contains(column) || match.relevant(dataset, column);
  }

  /**
   * How high a column ranks for the question: the outcome, then exposures, moderators, mediators,
   * adjusters, then the others it matched, by their word score.
   */
  public double score(String dataset, String column) {
    double base = match.score(dataset, column);
    if (outcome != null && outcome.dataset().equals(dataset) && outcome.column().equals(column)) {
      return base + 50;
    }
    if (columns(exposures, dataset).contains(column)) {
      return base + 40;
    }
    if (columns(moderators, dataset).contains(column)
        || columns(mediators, dataset).contains(column)) {
      return base + 30;
    }
    if (columns(adjusters, dataset).contains(column)) {
      return base + 20;
    }
    return base;
  }

  /**
   * How the question was read, in sentences for the plan and the report: the shape, each role and
   * the words that named it, the rows it restricts to, and what named nothing.
   */
  public List<String> reading() {
    List<String> out = new ArrayList<>();
    if (matchedNothing()) {
      out.add("The objective matched no column of the data; every pair of variables is explored.");
      return out;
    }
    out.add("The question asks for " + shape.words() + ".");
    if (outcome != null) {
      out.add("Outcome: " + describe(outcome) + ".");
    }
    roleLine(out, "Exposure", exposures);
    roleLine(out, "Held fixed", adjusters);
    roleLine(out, "May differ by", moderators);
    roleLine(out, "May run through", mediators);
    roleLine(out, "Also named", others);
    for (Restriction r : restrictions) {
      out.add(
          "Rows: only those "
              + restrictionWords(r)
              + " (\""
              + r.phrase()
              + "\"), found in the sandbox.");
    }
    if (!unmatched.isEmpty()) {
      out.add(
          "Named no column (add it to the data dictionary or the synonyms to use it): "
              + String.join(", ", unmatched.stream().map(u -> "\"" + u + "\"").toList())
              + ".");
    }
    return out;
  }

  private static void roleLine(List<String> out, String label, List<Role> roles) {
    if (!roles.isEmpty()) {
      out.add(
          label + ": " + String.join("; ", roles.stream().map(Question::describe).toList()) + ".");
    }
  }

  private static String describe(Role r) {
    String words =
        r.phrase().equalsIgnoreCase(r.column())
            ? ""
            : " (\"" + r.phrase() + "\"" + (r.via().isEmpty() ? "" : ", by " + r.via()) + ")";
    return r.column() + " in " + r.dataset() + words;
  }

  static String restrictionWords(Restriction r) {
    String col = r.column().isEmpty() ? "the time column" : r.column();
    return switch (r.op()) {
      case "eq" -> "with " + col + " = " + r.values().getFirst();
      case "ge" -> "with " + col + " at least " + r.values().getFirst();
      case "le" -> "with " + col + " at most " + r.values().getFirst();
      case "between" ->
          "with " + col + " from " + r.values().getFirst() + " to " + r.values().getLast();
      case "yes" -> "for which " + col + " holds";
      case "no" -> "for which " + col + " does not hold";
      default -> "in the level of " + col + " named " + r.values().getFirst();
    };
  }

  /** A role's column in lower case, for comparisons that ignore case. */
  static String key(Role r) {
    return r.dataset() + "|" + r.column().toLowerCase(Locale.ROOT);
  }
}
