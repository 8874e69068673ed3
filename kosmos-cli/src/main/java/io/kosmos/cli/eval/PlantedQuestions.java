package io.kosmos.cli.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Datasets with a question and a planted answer, for measuring whether the offline scientist
 * answers what it is asked: a binary outcome, a U-shaped effect a straight line misses, an effect
 * in one subgroup only, a confounder and a mediator, a semicolon and decimal-comma file, and a wide
 * panel (years as columns, after a preamble). Every dataset has 10% missing values in its exposure
 * and a noise column, and an identifier, a date, a free-text and a constant column that must never
 * be tested.
 *
 * <p>Each scenario knows its truth: which pairs are associated (directly or through another
 * variable), which are direct effects, which shape or subgroup claim is true, and what the answer
 * must say.
 */
public final class PlantedQuestions {

  /** Columns that must never be tested (set aside by the profile). */
  public static final Set<String> NEVER_TESTED =
      Set.of("record_id", "visit_date", "note", "site", "Country Code", "Indicator Code");

  /**
   * What the answer must say about the asked relation.
   *
   * @param direction {@code positive} or {@code negative} for the asked effect
   * @param shape whether the answer must name a non-linear (U-shaped) form
   * @param moderator the moderator the effect must differ by, or empty
   * @param mediator the mediator the effect must run through, or empty
   */
  public record Expected(String direction, boolean shape, String moderator, String mediator) {}

  /**
   * A planted dataset.
   *
   * @param name its name
   * @param question the objective the scientist is given
   * @param exposure the asked exposure
   * @param outcome the asked outcome
   * @param expected what the answer must say
   * @param associated pairs associated in the model (directly or through another variable)
   * @param direct pairs with a direct effect (what adjusted claims may say)
   * @param file the file name
   */
  public record Scenario(
      String name,
      String question,
      String exposure,
      String outcome,
      Expected expected,
      Set<String> associated,
      Set<String> direct,
      String file) {

    /** Whether a pair is associated in the model. */
    public boolean associated(String x, String y) {
      return associated.contains(PlantedData.key(x, y));
    }

    /** Whether a pair is a direct effect in the model. */
    public boolean direct(String x, String y) {
      return direct.contains(PlantedData.key(x, y));
    }
  }

  private static Set<String> pairs(String... xy) {
    Set<String> out = new java.util.HashSet<>();
    for (int i = 0; i < xy.length; i += 2) {
      out.add(PlantedData.key(xy[i], xy[i + 1]));
    }
    return out;
  }

  /** Every scenario, in the order the evaluation runs them. */
  public static final List<Scenario> SCENARIOS =
      List.of(
          new Scenario(
              "binary",
              "Is lactate related to readmission?",
              "lactate",
              "readmitted",
              new Expected("positive", false, "", ""),
              pairs("lactate", "readmitted", "frailty", "readmitted"),
              pairs("lactate", "readmitted", "frailty", "readmitted"),
              "binary.csv"),
          new Scenario(
              "ushape",
              "How does age relate to complications?",
              "age",
              "complication",
              new Expected("", true, "", ""),
              pairs("age", "complication", "dose", "complication"),
              pairs("age", "complication", "dose", "complication"),
              "ushape.csv"),
          new Scenario(
              "interaction",
              "Does the effect of treatment on recovery differ by type?",
              "treatment",
              "recovery",
              new Expected("positive", false, "type", ""),
              pairs("treatment", "recovery", "type", "recovery", "severity", "recovery"),
              pairs("treatment", "recovery", "type", "recovery", "severity", "recovery"),
              "interaction.csv"),
          new Scenario(
              "mediator",
              "Does exercise affect blood pressure through weight?",
              "exercise",
              "blood_pressure",
              new Expected("negative", false, "", "weight"),
              pairs(
                  "exercise",
                  "blood_pressure",
                  "exercise",
                  "weight",
                  "weight",
                  "blood_pressure",
                  "age",
                  "exercise",
                  "age",
                  "blood_pressure",
                  "age",
                  "weight"),
              pairs(
                  "exercise",
                  "blood_pressure",
                  "exercise",
                  "weight",
                  "weight",
                  "blood_pressure",
                  "age",
                  "exercise",
                  "age",
                  "blood_pressure"),
              "mediator.csv"),
          new Scenario(
              "semicolon",
              "Is rainfall related to crop yield?",
              "rainfall",
              "crop_yield",
              new Expected("positive", false, "", ""),
              pairs("rainfall", "crop_yield", "fertiliser", "crop_yield"),
              pairs("rainfall", "crop_yield", "fertiliser", "crop_yield"),
              "semicolon.csv"),
          new Scenario(
              "panel",
              "Is GDP related to life expectancy?",
              "GDP per capita",
              "Life expectancy",
              new Expected("positive", false, "", ""),
              pairs(
                  "GDP per capita",
                  "Life expectancy",
                  "year",
                  "GDP per capita",
                  "year",
                  "Life expectancy"),
              pairs("GDP per capita", "Life expectancy", "year", "GDP per capita"),
              "panel.csv"));

  private PlantedQuestions() {}

  /**
   * Writes a scenario's data.
   *
   * @param s the scenario
   * @param dir the folder
   * @param n rows (for the panel: countries are n / 20)
   * @param seed the seed
   * @return the file
   */
  public static Path write(Scenario s, Path dir, int n, long seed) {
    Random r = new Random(seed * 7919 + s.name().hashCode());
    String text =
        switch (s.name()) {
          case "binary" -> binary(r, n);
          case "ushape" -> ushape(r, n);
          case "interaction" -> interaction(r, n);
          case "mediator" -> mediator(r, n);
          case "semicolon" -> semicolon(r, n);
          default -> panel(r, Math.max(20, n / 20));
        };
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve(s.file());
      Files.writeString(file, text);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The columns every table but the panel has: id, date, note, site, and a noise column. */
  private static String extras(Random r, int i) {
    return String.format(
        Locale.ROOT,
        "%d,%s,\"%s\",%s,%s",
        100000 + i * 7,
        LocalDate.of(2020, 1, 1).plusDays(r.nextInt(900)),
        "patient seen on ward " + (1 + r.nextInt(9)) + " after referral number " + i,
        "north",
        missing(r) ? "" : f(r.nextGaussian()));
  }

  private static final String EXTRA_HEADER = "record_id,visit_date,note,site,noise";

  private static boolean missing(Random r) {
    return r.nextDouble() < 0.10;
  }

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

  private static int bernoulli(Random r, double logit) {
    return r.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }

  private static String binary(Random r, int n) {
    StringBuilder sb = new StringBuilder(EXTRA_HEADER + ",lactate,frailty,ward,readmitted\n");
    String[] wards = {"A", "B", "C"};
    for (int i = 0; i < n; i++) {
      double lactate = r.nextGaussian();
      int frailty = r.nextBoolean() ? 1 : 0;
      int y = bernoulli(r, -0.6 + 0.8 * lactate + 0.7 * frailty);
      sb.append(extras(r, i))
          .append(',')
          .append(missing(r) ? "" : f(lactate))
          .append(',')
          .append(frailty)
          .append(',')
          .append(wards[r.nextInt(3)])
          .append(',')
          .append(y)
          .append('\n');
    }
    return sb.toString();
  }

  private static String ushape(Random r, int n) {
    StringBuilder sb = new StringBuilder(EXTRA_HEADER + ",age,dose,smoker,complication\n");
    for (int i = 0; i < n; i++) {
      double age = 20 + 60 * r.nextDouble();
      double dose = r.nextGaussian();
      double z = (age - 50) / 15;
      int y = bernoulli(r, -1.4 + 1.6 * z * z + 0.5 * dose);
      sb.append(extras(r, i))
          .append(',')
          .append(missing(r) ? "" : f(age))
          .append(',')
          .append(f(dose))
          .append(',')
          .append(r.nextBoolean() ? "yes" : "no")
          .append(',')
          .append(y)
          .append('\n');
    }
    return sb.toString();
  }

  private static String interaction(Random r, int n) {
    StringBuilder sb = new StringBuilder(EXTRA_HEADER + ",treatment,type,severity,recovery\n");
    for (int i = 0; i < n; i++) {
      int treatment = r.nextBoolean() ? 1 : 0;
      String type = r.nextBoolean() ? "B" : "A";
      double severity = r.nextGaussian();
      double recovery =
          0.9 * treatment * (type.equals("B") ? 1 : 0) - 0.4 * severity + r.nextGaussian();
      sb.append(extras(r, i))
          .append(',')
          .append(missing(r) ? "" : Integer.toString(treatment))
          .append(',')
          .append(type)
          .append(',')
          .append(f(severity))
          .append(',')
          .append(f(recovery))
          .append('\n');
    }
    return sb.toString();
  }

  private static String mediator(Random r, int n) {
    StringBuilder sb = new StringBuilder(EXTRA_HEADER + ",age,exercise,weight,blood_pressure\n");
    for (int i = 0; i < n; i++) {
      double age = r.nextGaussian();
      double exercise = -0.4 * age + r.nextGaussian();
      double weight = -0.5 * exercise + r.nextGaussian();
      double bp = 0.4 * age + 0.5 * weight - 0.2 * exercise + r.nextGaussian();
      sb.append(extras(r, i))
          .append(',')
          .append(f(40 + 12 * age))
          .append(',')
          .append(missing(r) ? "" : f(3 + exercise))
          .append(',')
          .append(f(75 + 10 * weight))
          .append(',')
          .append(f(125 + 12 * bp))
          .append('\n');
    }
    return sb.toString();
  }

  private static String semicolon(Random r, int n) {
    StringBuilder sb =
        new StringBuilder(
            EXTRA_HEADER.replace(',', ';') + ";rainfall;fertiliser;soil;crop_yield\n");
    String[] soils = {"clay", "loam", "sand"};
    for (int i = 0; i < n; i++) {
      double rain = r.nextGaussian();
      double fert = r.nextGaussian();
      double yield = 0.45 * rain + 0.3 * fert + r.nextGaussian();
      String row =
          String.join(
              ";",
              Integer.toString(100000 + i * 7),
              LocalDate.of(2020, 1, 1).plusDays(r.nextInt(900)).toString(),
              "\"field visited after report number " + i + "\"",
              "north",
              missing(r) ? "" : comma(r.nextGaussian()),
              missing(r) ? "" : comma(600 + 120 * rain),
              comma(50 + 10 * fert),
              soils[r.nextInt(3)],
              comma(3.5 + 0.8 * yield));
      sb.append(row).append('\n');
    }
    return sb.toString();
  }

  private static String comma(double v) {
    return f(v).replace('.', ',');
  }

  /** A World-Bank-like file: a preamble, one row per country and indicator, a column per year. */
  private static String panel(Random r, int countries) {
    int first = 1995;
    int years = 20;
    StringBuilder sb =
        new StringBuilder(
            "\"Data Source\",\"Planted Development Indicators\",\n\n"
                + "\"Last Updated Date\",\"2026-01-01\",\n\n");
    sb.append("\"Country Name\",\"Country Code\",\"Indicator Name\",\"Indicator Code\"");
    for (int y = 0; y < years; y++) {
      sb.append(",\"").append(first + y).append('"');
    }
    sb.append(",\n");
    for (int c = 0; c < countries; c++) {
      String name = "Country " + (char) ('A' + c % 26) + (c / 26 + 1);
      String code = "C" + String.format(Locale.ROOT, "%03d", c);
      double level = r.nextGaussian();
      double base = 60 + 5 * r.nextGaussian();
      List<String> gdp = new ArrayList<>();
      List<String> life = new ArrayList<>();
      List<String> rain = new ArrayList<>();
      for (int y = 0; y < years; y++) {
        double g = level + 0.05 * y + 0.5 * r.nextGaussian();
        double l = base + 2.0 * g + r.nextGaussian();
        gdp.add(missing(r) ? "" : f(10 + 3 * g));
        life.add(f(l));
        rain.add(f(800 + 100 * r.nextGaussian()));
      }
      row(sb, name, code, "GDP per capita", "NY.GDP", gdp);
      row(sb, name, code, "Life expectancy", "SP.LE", life);
      row(sb, name, code, "Rainfall", "AG.RAIN", rain);
    }
    return sb.toString();
  }

  private static void row(
      StringBuilder sb, String name, String code, String ind, String indCode, List<String> v) {
    sb.append('"')
        .append(name)
        .append("\",\"")
        .append(code)
        .append("\",\"")
        .append(ind)
        .append("\",\"")
        .append(indCode)
        .append('"');
    for (String x : v) {
      sb.append(",\"").append(x).append('"');
    }
    sb.append(",\n");
  }
}
