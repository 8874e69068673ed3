package io.kosmos.api;

import java.util.Objects;

/**
 * A span of a paper's text that a {@link LiteratureSource} returned for a query: the abstract of a
 * paper found online, or a paragraph of a page or section of a paper in a local corpus.
 *
 * @param paper the paper
 * @param locator where the span is, for example {@code abstract}, {@code page 3} or {@code section
 *     Results}
 * @param start the offset of the span's first character in the text the locator names (0 for an
 *     abstract; in the paper's extracted text for a corpus paper)
 * @param end the offset just past its last character
 * @param text the span's text
 */
public record Passage(Paper paper, String locator, int start, int end, String text) {

  /** Checks the components. */
  public Passage {
    Objects.requireNonNull(paper, "paper");
    Objects.requireNonNull(locator, "locator");
    Objects.requireNonNull(text, "text");
    if (start < 0 || end < start) {
      throw new IllegalArgumentException(
          "start and end must satisfy 0 <= start <= end, were " + start + " and " + end);
    }
  }

  /**
   * A citation of the whole passage.
   *
   * @return the citation
   */
  public Citation.PaperPassage citation() {
    return Citation.PaperPassage.of(paper.id(), locator, text);
  }

  /**
   * A citation of words of the passage.
   *
   * @param quote words that occur in {@link #text()} exactly as given
   * @return the citation
   * @throws IllegalArgumentException if the quote is not in the passage
   */
  public Citation.PaperPassage citation(String quote) {
    if (quote.isBlank() || !text.contains(quote)) {
      throw new IllegalArgumentException(
          "the quote is not in the passage of " + paper.id() + " (" + locator + "): " + quote);
    }
    return Citation.PaperPassage.of(paper.id(), locator, quote);
  }
}
