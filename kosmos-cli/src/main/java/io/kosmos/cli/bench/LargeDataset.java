package io.kosmos.cli.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The larger dataset of {@code kosmos bench run}: a generated cohort of (by default) 50,000 rows
 * and 30 columns, the same bytes for the same row count on every machine (a fixed seed), with a few
 * effects planted so that the offline scientist has something to find and follow up: {@code
 * response} rises with {@code dose} and falls with {@code age}, depends on {@code bmi} non-linearly
 * (a U shape), differs by {@code site}, and {@code dose} acts more strongly for {@code treated}
 * rows (an interaction); {@code exposure} is confounded with {@code age}. The other columns are
 * noise, some of them correlated with one another.
 */
public final class LargeDataset {

  /** The objective the benchmark gives with this dataset. */
  public static final String OBJECTIVE = "What drives the response in this cohort?";

  /** Columns of the generated file. */
  public static final int COLUMNS = 30;

  private static final long SEED = 20_261_207L;
  private static final String[] SITES = {"north", "south", "east", "west"};
  private static final String[] SMOKING = {"never", "former", "current"};

  private LargeDataset() {}

  /**
   * Writes the dataset as CSV.
   *
   * @param file where to write it
   * @param rows how many rows
   * @return {@code file}
   * @throws UncheckedIOException if it cannot be written
   */
  public static Path write(Path file, int rows) {
    if (rows < 100) {
      throw new IllegalArgumentException("the larger dataset needs 100 rows or more, not " + rows);
    }
    SplittableRandom random = new SplittableRandom(SEED);
    List<String> header = new ArrayList<>();
    header.addAll(
        List.of(
            "age",
            "sex",
            "bmi",
            "dose",
            "treated",
            "site",
            "smoking",
            "exposure",
            "visits",
            "income"));
    for (int i = 1; header.size() < COLUMNS - 1; i++) {
      header.add("marker_" + i);
    }
    header.add("response");
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(String.join(",", header));
      w.write('\n');
      StringBuilder line = new StringBuilder(512);
      int markers = COLUMNS - 11;
      double[] m = new double[markers];
      for (int r = 0; r < rows; r++) {
        double age = 20 + 60 * random.nextDouble();
        int sex = random.nextInt(2);
        double bmi = 18 + 22 * random.nextDouble();
        double dose = Math.round(random.nextDouble() * 100) / 10.0;
        int treated = random.nextInt(2);
        int site = random.nextInt(SITES.length);
        int smoking = random.nextInt(SMOKING.length);
        double exposure = 0.05 * age + gaussian(random);
        int visits = (int) Math.floor(-StrictMath.log(1 - random.nextDouble()) * 3);
        double income = StrictMath.exp(10 + 0.5 * gaussian(random));
        double shared = gaussian(random);
        for (int k = 0; k < markers; k++) {
          m[k] = (k % 3 == 0 ? 0.6 * shared : 0) + gaussian(random);
        }
        double response =
            0.30 * dose
                - 0.04 * age
                + 0.02 * (bmi - 29) * (bmi - 29)
                + (site == 1 ? 0.8 : 0)
                + 0.25 * dose * treated
                + 1.5 * gaussian(random);
        line.setLength(0);
        line.append(fmt(age, 1)).append(',').append(sex == 0 ? "female" : "male").append(',');
        line.append(fmt(bmi, 1)).append(',').append(fmt(dose, 1)).append(',').append(treated);
        line.append(',').append(SITES[site]).append(',').append(SMOKING[smoking]).append(',');
        line.append(fmt(exposure, 3)).append(',').append(visits).append(',');
        line.append(fmt(income, 0));
        for (double v : m) {
          line.append(',').append(fmt(v, 3));
        }
        line.append(',').append(fmt(response, 3)).append('\n');
        w.write(line.toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the larger dataset to " + file, e);
    }
    return file;
  }

  private static double gaussian(SplittableRandom random) {
    // Box-Muller, so the bytes do not depend on the JDK's nextGaussian algorithm
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    return StrictMath.sqrt(-2 * StrictMath.log(u)) * StrictMath.cos(2 * Math.PI * v);
  }

  private static String fmt(double v, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }
}
