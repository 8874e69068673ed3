package io.kosmos.core.literature.corpus;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a document reader got out of one file: the paper's text, cut into located sections (pages of
 * a PDF, sections of JATS or Markdown, paragraphs of plain text), and whatever metadata the file
 * itself carries. The text is the canonical text of the paper: every offset of its passages, and
 * every quote a run takes from it, refers to it.
 *
 * @param text the whole text, sections separated by a blank line
 * @param sections the sections, in reading order, as spans of the text
 * @param title the title the file names, or {@code null}
 * @param authors the authors the file names
 * @param year the year the file names, or {@code null}
 * @param doi the DOI the file names, or {@code null}
 */
record Extracted(
    String text,
    List<Section> sections,
    @Nullable String title,
    List<String> authors,
    @Nullable Integer year,
    @Nullable String doi) {

  /**
   * A located span of the text.
   *
   * @param locator where it is: {@code page 3}, {@code section Results}, {@code paragraph 2}
   * @param start its first character
   * @param end just past its last character
   */
  record Section(String locator, int start, int end) {}

  /** Builds the text section by section. */
  static final class Builder {
    private final StringBuilder text = new StringBuilder();
    private final List<Section> sections = new ArrayList<>();
    String title;
    List<String> authors = List.of();
    Integer year;
    String doi;

    /** Adds a section of paragraphs (already cleaned); an empty one is left out. */
    Builder section(String locator, List<String> paragraphs) {
      List<String> kept = paragraphs.stream().map(String::strip).filter(p -> !p.isEmpty()).toList();
      if (kept.isEmpty()) {
        return this;
      }
      if (!text.isEmpty()) {
        text.append("\n\n");
      }
      int start = text.length();
      text.append(String.join("\n\n", kept));
      sections.add(new Section(locator, start, text.length()));
      return this;
    }

    Extracted build() {
      return new Extracted(text.toString(), List.copyOf(sections), title, authors, year, doi);
    }
  }
}
