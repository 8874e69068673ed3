package io.kosmos.core.internal.report;

import io.kosmos.api.ArtifactException;
import io.kosmos.api.Citation;
import io.kosmos.api.Estimate;
import io.kosmos.api.Finding;
import io.kosmos.api.Paper;
import io.kosmos.api.Statistics;
import io.kosmos.api.WorldModel;
import io.kosmos.core.internal.artifacts.Layout;
import io.kosmos.core.internal.notebook.NotebookReader;
import io.kosmos.core.internal.numbers.PrintedNumbers;
import io.kosmos.core.internal.numbers.StatementNumbers;
import io.kosmos.core.internal.stats.ResultLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Whether a report writer's statement is held by what it cites: every result number in it (not a
 * setting such as "q = 0.05", the "95" of "95% CI", or a count of tests) must be one of its cited
 * findings' statistics (effect, CI, p, adjusted p, n, further numbers and estimates) or a number a
 * cited finding's cell printed, within its printed precision; and every paper it names by DOI or
 * arXiv id must be one the run retrieved. A statement that is not held is removed from the report
 * and listed with the reason, like one that cites a finding the run does not have.
 */
final class StatementSupport {

  private static final Pattern DOI =
      Pattern.compile("\\b(10\\.\\d{4,9}/[^\\s\"'<>()\\[\\]{},;]+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern ARXIV =
      Pattern.compile("\\barxiv:\\s*(\\d{4}\\.\\d{4,5})", Pattern.CASE_INSENSITIVE);

  private final WorldModel world;
  private final Layout layout;
  private final Set<String> retrieved = new HashSet<>();
  private final Map<String, List<NotebookReader.SavedCell>> notebooks = new HashMap<>();

  StatementSupport(WorldModel world, Layout layout) {
    this.world = world;
    this.layout = layout;
    for (Paper p : world.papers()) {
      add(p.id());
      add(p.doi());
      add(p.url());
    }
  }

  private void add(@Nullable String s) {
    if (s != null && !s.isBlank()) {
      retrieved.add(s.toLowerCase(Locale.ROOT));
    }
  }

  /**
   * Why a statement is not held by the findings it cites, or {@code null} when it is.
   *
   * @param text the statement
   * @param findings the findings it cites (all exist)
   * @return the reason, or {@code null}
   */
  @Nullable String problem(String text, List<Finding> findings) {
    List<String> reasons = new ArrayList<>();
    List<String> papers = unretrieved(text);
    if (!papers.isEmpty()) {
      reasons.add("names paper(s) the run did not retrieve: " + String.join(", ", papers));
    }
    List<String> numbers = unheld(text, findings);
    if (!numbers.isEmpty()) {
      reasons.add(
          "states "
              + String.join(", ", numbers)
              + ", which no cited finding holds (its statistics or its cells' output)");
    }
    return reasons.isEmpty() ? null : String.join("; ", reasons);
  }

  private List<String> unretrieved(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = DOI.matcher(text);
    while (m.find()) {
      String doi = m.group(1).replaceAll("[.:]+$", "");
      if (!known(doi)) {
        out.add("doi:" + doi);
      }
    }
    Matcher a = ARXIV.matcher(text);
    while (a.find()) {
      if (!known(a.group(1))) {
        out.add("arXiv:" + a.group(1));
      }
    }
    return out;
  }

  private boolean known(String id) {
    String needle = id.toLowerCase(Locale.ROOT);
    for (String r : retrieved) {
      if (r.equals(needle) || r.endsWith(":" + needle) || r.endsWith("/" + needle)) {
        return true;
      }
    }
    return false;
  }

  private List<String> unheld(String text, List<Finding> findings) {
    List<StatementNumbers.Token> tokens = new ArrayList<>();
    for (StatementNumbers.Token t : StatementNumbers.of(withoutIds(text))) {
      if (t.kind() == StatementNumbers.Kind.DATA || t.kind() == StatementNumbers.Kind.ADJUSTED_P) {
        tokens.add(t);
      }
    }
    if (tokens.isEmpty()) {
      return List.of();
    }
    List<Double> exact = new ArrayList<>();
    List<PrintedNumbers.Printed> printed = new ArrayList<>();
    for (Finding f : findings) {
      numbers(f.statistics(), exact);
      for (Citation c : f.citations()) {
        if (c instanceof Citation.NotebookCell cell) {
          String out = output(cell);
          printed.addAll(PrintedNumbers.scan(out));
          ResultLine.parse(out).ifPresent(j -> PrintedNumbers.json(j, exact));
        } else if (c instanceof Citation.PaperPassage passage) {
          // a paper's year ("Smith et al. (2025)") and the numbers of the passage it quotes are
          // held by the paper the finding cites
          printed.addAll(PrintedNumbers.scan(passage.quote()));
          world
              .paper(passage.paperId())
              .map(Paper::year)
              .ifPresent(y -> exact.add(y.doubleValue()));
        }
      }
    }
    List<String> unheld = new ArrayList<>();
    for (StatementNumbers.Token t : tokens) {
      PrintedNumbers.Printed p = t.printed();
      boolean held =
          exact.stream().anyMatch(v -> p.matchesExact(v) || p.matchesExact(-v))
              || printed.stream()
                  .anyMatch(
                      q ->
                          p.matchesPrinted(q)
                              || Math.abs(Math.abs(p.value()) - Math.abs(q.value()))
                                  < p.halfUlp() + q.halfUlp());
      if (!held) {
        unheld.add(p.text() + (p.percent() ? "%" : ""));
      }
    }
    return unheld;
  }

  /**
   * A statement without the run's ids (F-c1-t02-1, H-c2-t01-3) and papers' ids (DOIs, arXiv ids),
   * whose digits are no numbers.
   */
  private static String withoutIds(String text) {
    String out = DOI.matcher(text).replaceAll("DOI");
    out = ARXIV.matcher(out).replaceAll("ARXIV");
    return out.replaceAll("\\b[FH]-[A-Za-z0-9-]+", "ID");
  }

  private static void numbers(@Nullable Statistics s, List<Double> into) {
    if (s == null) {
      return;
    }
    for (Double d :
        new Double[] {
          s.statistic(), s.pValue(), s.adjustedP(), s.effectSize(), s.ciLow(), s.ciHigh()
        }) {
      if (d != null) {
        into.add(d);
      }
    }
    if (s.n() != null) {
      into.add(s.n().doubleValue());
    }
    into.addAll(s.extra().values());
    for (Estimate e : s.estimates()) {
      for (Double d : new Double[] {e.effectSize(), e.ciLow(), e.ciHigh(), e.pValue()}) {
        if (d != null) {
          into.add(d);
        }
      }
      if (e.n() != null) {
        into.add(e.n().doubleValue());
      }
    }
  }

  /** What a cited cell printed, as saved in its notebook; empty when it cannot be read. */
  private String output(Citation.NotebookCell cell) {
    List<NotebookReader.SavedCell> saved =
        notebooks.computeIfAbsent(
            cell.notebookPath(),
            p -> {
              Path file = layout.resolve(p);
              try {
                return file.startsWith(layout.root()) && Files.exists(file)
                    ? NotebookReader.cells(file)
                    : List.of();
              } catch (ArtifactException e) {
                return List.of();
              }
            });
    return cell.cellIndex() < saved.size() ? saved.get(cell.cellIndex()).text() : "";
  }
}
