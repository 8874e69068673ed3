package io.kosmos.cli.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/** How {@link RunBenchmark} prints: the runs' figures side by side, the comparison, the targets. */
final class RunPrinter {

  /** Differences printed before the rest are counted. */
  private static final int MAX_DIFFERENCES = 40;

  private RunPrinter() {}

  static void figures(PrintWriter out, List<String> names, List<RunBenchmark.Job> jobs) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(row("wall time (run.json)", jobs, j -> seconds(j.figures().wallMs())));
    rows.add(row("wall time (measured by the benchmark)", jobs, j -> seconds(j.measuredMs())));
    rows.add(row("cycles", jobs, j -> Integer.toString(j.figures().cycles())));
    rows.add(
        row(
            "tasks (data analyses)",
            jobs,
            j -> j.figures().tasks() + " (" + j.figures().dataTasks() + ")"));
    rows.add(row("cells executed", jobs, j -> Integer.toString(j.figures().cells())));
    rows.add(row("task time (added up)", jobs, j -> seconds(j.figures().taskMs())));
    rows.add(
        row(
            "  time in cells",
            jobs,
            j -> seconds(j.figures().cellMs()) + " (" + percent(j.figures().cellShare()) + ")"));
    rows.add(row("  time opening sessions", jobs, j -> seconds(j.figures().sessionOpenMs())));
    rows.add(
        row(
            "  analysis outside cells (helpers, client, Java)",
            jobs,
            j -> {
              RunFigures f = j.figures();
              return f.analysisMs() < 0 ? "n/a" : seconds(Math.max(0, f.analysisMs() - f.cellMs()));
            }));
    rows.add(
        row(
            "  validation, incl. waiting for earlier tasks",
            jobs,
            j -> seconds(j.figures().intakeMs())));
    rows.add(
        row(
            "  not accounted for",
            jobs,
            j -> {
              RunFigures f = j.figures();
              if (f.analysisMs() < 0 || f.intakeMs() < 0 || f.sessionOpenMs() < 0) {
                return "n/a";
              }
              long other = f.taskMs() - f.sessionOpenMs() - Math.max(f.analysisMs(), f.cellMs());
              return seconds(Math.max(0, other - f.intakeMs()));
            }));
    rows.add(
        row("time waiting for a slot (added up)", jobs, j -> seconds(j.figures().slotWaitMs())));
    Set<String> phases = new LinkedHashSet<>();
    for (RunBenchmark.Job j : jobs) {
      phases.addAll(j.figures().phases().keySet());
    }
    for (String phase : phases) {
      rows.add(
          row(
              "phase: " + phase,
              jobs,
              j -> {
                Long v = j.figures().phases().get(phase);
                return v == null ? "n/a" : seconds(v);
              }));
    }
    rows.add(row("peak JVM heap (sampled)", jobs, j -> megabytes(j.peakHeapBytes())));
    rows.add(row("findings", jobs, j -> Integer.toString(j.figures().findings().size())));
    List<String> header = new ArrayList<>();
    header.add("figure");
    header.addAll(names);
    table(out, header, rows);
    out.println(
        "(task time is each task's result.json elapsed, added up; cells from the notebooks'"
            + " kosmos_elapsed_ms; a slot wait is a task's start less its cycle's first start;"
            + " n/a: the run did not record it)");
    out.flush();
  }

  static void comparison(PrintWriter out, FindingComparison c) {
    out.println();
    if (c.identical()) {
      out.printf(
          Locale.ROOT,
          "findings: IDENTICAL to the baseline (%d findings; ids and statistics to 3 significant"
              + " digits)%n",
          c.compared());
    } else {
      out.printf(
          Locale.ROOT,
          "findings: DIFFERENT from the baseline (%d compared, %d difference(s)):%n",
          c.compared(),
          c.differences().size());
      int shown = 0;
      for (String d : c.differences()) {
        if (shown++ == MAX_DIFFERENCES) {
          out.printf(Locale.ROOT, "  ... and %d more%n", c.differences().size() - MAX_DIFFERENCES);
          break;
        }
        out.println("  " + d);
      }
    }
    out.flush();
  }

  static void targets(PrintWriter out, List<List<String>> targets, String load) {
    out.println();
    table(out, List.of("target", "value", "result"), targets);
    long misses = targets.stream().filter(t -> t.get(2).equals("MISS")).count();
    out.printf(
        Locale.ROOT,
        "%s; load after: %s (timings on a loaded machine run long)%n",
        misses == 0 ? "all targets PASS" : misses + " target(s) MISS",
        load);
    out.flush();
  }

  private static List<String> row(
      String name, List<RunBenchmark.Job> jobs, Function<RunBenchmark.Job, String> value) {
    List<String> row = new ArrayList<>();
    row.add(name);
    for (RunBenchmark.Job j : jobs) {
      row.add(value.apply(j));
    }
    return row;
  }

  private static void table(PrintWriter out, List<String> header, List<List<String>> rows) {
    int[] width = new int[header.size()];
    for (int c = 0; c < header.size(); c++) {
      width[c] = header.get(c).length();
      for (List<String> r : rows) {
        width[c] = Math.max(width[c], r.get(c).length());
      }
    }
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    for (int i = 0; i < all.size(); i++) {
      StringBuilder line = new StringBuilder();
      List<String> r = all.get(i);
      for (int c = 0; c < r.size(); c++) {
        String cell = r.get(c);
        String pad = " ".repeat(width[c] - cell.length());
        line.append(c == 0 ? cell + pad : pad + cell).append("  ");
      }
      out.println(line.toString().stripTrailing());
      if (i == 0) {
        int total = 0;
        for (int w : width) {
          total += w + 2;
        }
        out.println("-".repeat(total - 2));
      }
    }
  }

  static String seconds(long ms) {
    return ms < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
  }

  static String ms(double ms) {
    return ms >= 100
        ? String.format(Locale.ROOT, "%.0f ms", ms)
        : String.format(Locale.ROOT, "%.2f ms", ms);
  }

  static String megabytes(long bytes) {
    return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%d MB", bytes >> 20);
  }

  static String percent(double share) {
    return share < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f%%", 100 * share);
  }
}
