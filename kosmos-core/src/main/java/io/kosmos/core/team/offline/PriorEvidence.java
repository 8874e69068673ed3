package io.kosmos.core.team.offline;

import io.kosmos.api.Citation;
import io.kosmos.api.EffectDirection;
import io.kosmos.api.Finding;
import io.kosmos.api.FindingKind;
import io.kosmos.api.ReportStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The report's statements on the literature: for each validated association searched, the prior
 * evidence quoted for it, read as consistent with or in tension with what the data found (each
 * statement cites the data's finding and the literature finding, whose citation carries the quote);
 * the associations for which no passage named both variables, said plainly; the associations whose
 * search failed; and the background passages on the objective.
 */
final class PriorEvidence {

  private PriorEvidence() {}

  static List<ReportStatement> statements(RunFindings run) {
    Map<String, List<Finding>> byPair = new LinkedHashMap<>();
    List<Finding> background = new ArrayList<>();
    for (Finding f : run.all) {
      if (f.kind() != FindingKind.LITERATURE || !f.isValidated()) {
        continue;
      }
      if (f.variables().size() == 2) {
        byPair
            .computeIfAbsent(
                pairKey(f.variables().get(0), f.variables().get(1)), k -> new ArrayList<>())
            .add(f);
      } else {
        background.add(f);
      }
    }
    List<ReportStatement> out = new ArrayList<>();
    List<OfflineLiteratureAnalyst.EvidenceNote> none = new ArrayList<>();
    List<OfflineLiteratureAnalyst.EvidenceNote> failed = new ArrayList<>();
    for (OfflineLiteratureAnalyst.EvidenceNote note : notes(run)) {
      List<Finding> quoted = byPair.getOrDefault(pairKey(note.x(), note.y()), List.of());
      Optional<Finding> data = run.world.finding(note.finding());
      if (!note.failed().isEmpty()) {
        failed.add(note);
      } else if (quoted.isEmpty()) {
        none.add(note);
      } else {
        for (Finding lit : quoted) {
          out.add(evidence(run.world, note, lit, data.orElse(null)));
        }
      }
    }
    if (!none.isEmpty() && !findings(none).isEmpty()) {
      out.add(
          new ReportStatement(
              "No prior evidence found in the literature searched ("
                  + none.getFirst().searched()
                  + ") for "
                  + pairs(none)
                  + ": no passage retrieved names both variables.",
              findings(none)));
    }
    if (!failed.isEmpty() && !findings(failed).isEmpty()) {
      out.add(
          new ReportStatement(
              "The literature could not be searched for "
                  + pairs(failed)
                  + " ("
                  + clip(failed.getFirst().failed())
                  + "), so prior evidence on them is unknown.",
              findings(failed)));
    }
    for (Finding f : background) {
      out.add(new ReportStatement("Background on the objective: " + f.claim(), List.of(f.id())));
    }
    return out;
  }

  /** One quoted passage on an association, read against the data's direction. */
  private static ReportStatement evidence(
      io.kosmos.api.WorldModel world,
      OfflineLiteratureAnalyst.EvidenceNote note,
      Finding lit,
      Finding data) {
    EffectDirection dataDirection = data == null ? EffectDirection.UNSPECIFIED : data.direction();
    EvidenceReading.Relation relation = EvidenceReading.relation(dataDirection, lit.direction());
    String where =
        lit.citations().stream()
            .filter(c -> c instanceof Citation.PaperPassage)
            .map(c -> ((Citation.PaperPassage) c).locator())
            .findFirst()
            .orElse("");
    String stated =
        switch (lit.direction()) {
          case POSITIVE -> "a positive relation";
          case NEGATIVE -> "a negative relation";
          case NONE -> "no relation";
          case UNSPECIFIED -> "no direction";
        };
    String byline =
        lit.claim().substring(lit.claim().indexOf(": ") + 2, lit.claim().indexOf(" write "));
    String text =
        "Prior evidence "
            + relation.words
            + " the association of "
            + note.x()
            + " with "
            + note.y()
            + (data == null ? "" : " found here (" + direction(dataDirection) + ")")
            + ": "
            + byline
            + (where.isEmpty() ? "" : ", " + where)
            + ", states "
            + stated
            + ".";
    List<String> cites = new ArrayList<>();
    cites.add(lit.id());
    if (data != null) {
      cites.add(data.id());
    }
    return new ReportStatement(text, cites);
  }

  private static String clip(String s) {
    String t = s.replaceAll("\\s+", " ").strip();
    return t.length() <= 240 ? t : t.substring(0, 239) + "…";
  }

  private static String direction(EffectDirection d) {
    return switch (d) {
      case POSITIVE -> "positive";
      case NEGATIVE -> "negative";
      case NONE -> "none";
      case UNSPECIFIED -> "no direction";
    };
  }

  private static List<OfflineLiteratureAnalyst.EvidenceNote> notes(RunFindings run) {
    List<OfflineLiteratureAnalyst.EvidenceNote> out = new ArrayList<>();
    run.world
        .notes()
        .forEach(
            (k, v) -> {
              if (k.startsWith(OfflineLiteratureAnalyst.EVIDENCE_NOTE)) {
                OfflineLiteratureAnalyst.EvidenceNote n =
                    OfflineLiteratureAnalyst.EvidenceNote.parse(v);
                if (n != null) {
                  out.add(n);
                }
              }
            });
    // the associations about the objective first, then by the data finding's id
    out.sort(
        java.util.Comparator.comparing(
                (OfflineLiteratureAnalyst.EvidenceNote n) ->
                    !run.relevant(n.dataset(), n.x(), n.y()))
            .thenComparing(OfflineLiteratureAnalyst.EvidenceNote::finding));
    return out;
  }

  private static String pairKey(String a, String b) {
    String x = a.toLowerCase(Locale.ROOT);
    String y = b.toLowerCase(Locale.ROOT);
    return x.compareTo(y) <= 0 ? x + "|" + y : y + "|" + x;
  }

  private static String pairs(List<OfflineLiteratureAnalyst.EvidenceNote> notes) {
    return String.join(", ", notes.stream().map(n -> n.x() + " ~ " + n.y()).toList());
  }

  private static List<String> findings(List<OfflineLiteratureAnalyst.EvidenceNote> notes) {
    return notes.stream()
        .map(OfflineLiteratureAnalyst.EvidenceNote::finding)
        .filter(f -> !f.isEmpty())
        .toList();
  }
}
