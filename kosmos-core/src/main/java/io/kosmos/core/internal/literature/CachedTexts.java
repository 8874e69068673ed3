package io.kosmos.core.internal.literature;

import io.kosmos.api.Citation;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Checks paper citations against the text the run retrieved (its {@code literature/papers/} files):
 * the quote's hash must be the one of its words, and the words must occur in a span of the paper's
 * text the run retrieved, under the citation's locator. Reads each paper's file once.
 */
public final class CachedTexts {

  private final LiteratureFiles files;
  private final Map<String, Optional<LiteratureFiles.PaperFile>> loaded = new HashMap<>();

  /**
   * A checker of a run's paper citations.
   *
   * @param root the artifacts directory
   */
  public CachedTexts(Path root) {
    this.files = new LiteratureFiles(root);
  }

  /**
   * The retrieved spans of a paper's text.
   *
   * @param paperId the paper
   * @return the spans, empty if the run retrieved none
   */
  public List<LiteratureFiles.Span> spans(String paperId) {
    return file(paperId).map(LiteratureFiles.PaperFile::spans).orElse(List.of());
  }

  private Optional<LiteratureFiles.PaperFile> file(String paperId) {
    return loaded.computeIfAbsent(paperId, id -> Optional.ofNullable(files.readPaper(id)));
  }

  /**
   * What is wrong with a paper citation.
   *
   * @param p the citation
   * @return the problem, or {@code null} if the quote is in the retrieved text under its locator
   */
  public @Nullable String problem(Citation.PaperPassage p) {
    if (!Citation.PaperPassage.sha256(p.quote()).equals(p.quoteSha256())) {
      return "the quote cited from "
          + p.paperId()
          + " is not the one retrieved: its SHA-256 differs from the one recorded";
    }
    List<LiteratureFiles.Span> spans = spans(p.paperId());
    if (spans.isEmpty()) {
      return "no text of paper "
          + p.paperId()
          + " was retrieved in this run (there is no file for it under "
          + LiteratureFiles.DIR
          + "/papers/)";
    }
    String other = null;
    for (LiteratureFiles.Span s : spans) {
      if (QuoteText.contains(s.text(), p.quote())) {
        if (p.locator().isEmpty() || s.locator().equals(p.locator())) {
          return null;
        }
        other = s.locator();
      }
    }
    String words = clip(p.quote());
    return other != null
        ? "the quote \""
            + words
            + "\" is in the "
            + other
            + " of "
            + p.paperId()
            + ", not its "
            + p.locator()
        : "the quote \""
            + words
            + "\" does not occur in the text of "
            + p.paperId()
            + " the run retrieved";
  }

  private static String clip(String s) {
    String t = s.replaceAll("\\s+", " ").strip();
    return t.length() <= 80 ? t : t.substring(0, 79) + "…";
  }
}
