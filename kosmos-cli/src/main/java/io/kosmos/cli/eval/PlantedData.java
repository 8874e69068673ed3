package io.kosmos.cli.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Synthetic data with effects of known size, for measuring the offline scientist: an outcome with
 * six direct causes, a variable associated with the outcome only through a common cause (a planted
 * confounder), pure-noise columns of every kind, and an identifier.
 *
 * <p>The model (all causes independent, standardized): {@code outcome = 0.5 x1 + 0.3 x2 + 0.2 x3 +
 * 0.4 z + 0.25 g + c_effect + e}, with {@code g} binary (coded so that it has unit variance),
 * {@code c} a three-level category with effects -0.3, 0, +0.3 (a correlation ratio of about 0.245),
 * and {@code e} normal noise making the outcome's variance 1. So the correlation of each numeric
 * cause with the outcome is its coefficient. {@code a = 0.6 z + 0.8 e_a}: {@code a} is associated
 * with the outcome (r = 0.24) only through {@code z}, and independent of it given {@code z}. Noise:
 * {@code n1}, {@code n2} normal, {@code n3} log-normal (skewed), {@code n4} binary, {@code n5} a
 * four-level category, all independent of everything; {@code id} is a row number, which the profile
 * sets aside.
 */
public final class PlantedData {

  /** The outcome column. */
  public static final String OUTCOME = "outcome";

  /** The objective the evaluation gives the scientist. */
  public static final String OBJECTIVE = "What drives the outcome?";

  /**
   * A planted effect.
   *
   * @param x the cause
   * @param y the effect
   * @param r its size as a correlation
   * @param signed whether it has a direction (positive), as opposed to a categorical effect
   */
  public record Effect(String x, String y, double r, boolean signed) {}

  /** The direct effects, each a planted association of |r| at least 0.2. */
  public static final List<Effect> EFFECTS =
      List.of(
          new Effect("x1", OUTCOME, 0.5, true),
          new Effect("x2", OUTCOME, 0.3, true),
          new Effect("x3", OUTCOME, 0.2, true),
          new Effect("z", OUTCOME, 0.4, true),
          new Effect("g", OUTCOME, 0.25, true),
          new Effect("c", OUTCOME, 0.245, false),
          new Effect("z", "a", 0.6, true));

  /** The confounded pair: associated only through {@code z}. */
  public static final Effect CONFOUNDED = new Effect("a", OUTCOME, 0.24, true);

  /** The confounder of {@link #CONFOUNDED}. */
  public static final String CONFOUNDER = "z";

  /** Columns with no link to anything. */
  public static final Set<String> NOISE = Set.of("n1", "n2", "n3", "n4", "n5");

  private PlantedData() {}

  /**
   * Writes a dataset.
   *
   * @param file the CSV file to write
   * @param n rows
   * @param seed the random seed
   * @return the file
   */
  public static Path write(Path file, int n, long seed) {
    Random r = new Random(seed);
    StringBuilder sb = new StringBuilder("id,x1,x2,x3,z,a,g,c,n1,n2,n3,n4,n5," + OUTCOME + "\n");
    String[] levels = {"A", "B", "C"};
    double[] cEffect = {-0.3, 0, 0.3};
    String[] noiseLevels = {"p", "q", "r", "s"};
    double explained = 0.25 + 0.09 + 0.04 + 0.16 + 0.0625 + 0.06;
    double sigma = Math.sqrt(1 - explained);
    for (int i = 0; i < n; i++) {
      double x1 = r.nextGaussian();
      double x2 = r.nextGaussian();
      double x3 = r.nextGaussian();
      double z = r.nextGaussian();
      double a = 0.6 * z + 0.8 * r.nextGaussian();
      int g = r.nextBoolean() ? 1 : 0;
      int c = r.nextInt(3);
      double y =
          0.5 * x1
              + 0.3 * x2
              + 0.2 * x3
              + 0.4 * z
              + 0.25 * (2 * g - 1)
              + cEffect[c]
              + sigma * r.nextGaussian();
      sb.append(i + 1)
          .append(',')
          .append(f(x1))
          .append(',')
          .append(f(x2))
          .append(',')
          .append(f(x3))
          .append(',')
          .append(f(z))
          .append(',')
          .append(f(a))
          .append(',')
          .append(g)
          .append(',')
          .append(levels[c])
          .append(',')
          .append(f(r.nextGaussian()))
          .append(',')
          .append(f(r.nextGaussian()))
          .append(',')
          .append(f(Math.exp(r.nextGaussian())))
          .append(',')
          .append(r.nextBoolean() ? 1 : 0)
          .append(',')
          .append(noiseLevels[r.nextInt(4)])
          .append(',')
          .append(f(10 + 2 * y))
          .append('\n');
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, sb.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** A data dictionary for the planted data. */
  public static Map<String, String> dictionary() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("id", "row number");
    d.put(OUTCOME, "the outcome of interest");
    return d;
  }

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.6f", v);
  }

  /** The pair as an unordered key. */
  static String key(String x, String y) {
    return x.compareTo(y) <= 0 ? x + "|" + y : y + "|" + x;
  }

  /** Whether two variables are associated in the data-generating model (directly or via z). */
  static boolean associated(String x, String y) {
    String k = key(x, y);
    for (Effect e : EFFECTS) {
      if (key(e.x(), e.y()).equals(k)) {
        return true;
      }
    }
    return key(CONFOUNDED.x(), CONFOUNDED.y()).equals(k);
  }

  /** Whether {@code x} is a direct cause of {@code y} (or the reverse). */
  static boolean direct(String x, String y) {
    String k = key(x, y);
    for (Effect e : EFFECTS) {
      if (key(e.x(), e.y()).equals(k)) {
        return true;
      }
    }
    return false;
  }
}
