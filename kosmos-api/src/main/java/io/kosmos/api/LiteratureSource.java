package io.kosmos.api;

import java.util.ArrayList;
import java.util.List;

/**
 * A database of papers a literature task can search: an online index such as Semantic Scholar,
 * OpenAlex, Crossref, arXiv or PubMed, or a local corpus of the user's own papers. Implementations
 * are thread-safe and retry transient failures themselves.
 */
public interface LiteratureSource {

  /**
   * Searches for papers.
   *
   * @param query the search terms
   * @param limit the most papers to return
   * @return papers, best match first
   * @throws LiteratureException if the source cannot answer after its retries
   */
  List<Paper> search(String query, int limit);

  /**
   * Searches for passages: spans of text that can be quoted. The default searches papers and
   * returns each one's abstract (or, without one, its title) as one passage; a source that holds
   * full texts returns the paragraphs that match best.
   *
   * @param query the search terms
   * @param limit the most passages to return
   * @return passages, best match first
   * @throws LiteratureException if the source cannot answer after its retries
   */
  default List<Passage> passages(String query, int limit) {
    List<Passage> out = new ArrayList<>();
    for (Paper paper : search(query, limit)) {
      if (!paper.abstractText().isBlank()) {
        String text = paper.abstractText();
        out.add(new Passage(paper, "abstract", 0, text.length(), text));
      } else if (!paper.title().isBlank()) {
        out.add(new Passage(paper, "title", 0, paper.title().length(), paper.title()));
      }
    }
    return out;
  }

  /**
   * Reads a paper this source returned: its text as passages in reading order (pages or sections of
   * a corpus paper). The default reads nothing, as online sources return only abstracts, which
   * {@link #passages} already gave.
   *
   * @param paperId the paper's {@link Paper#id()}
   * @return the paper's passages, or an empty list if the source holds no more text of it
   * @throws LiteratureException if the source cannot answer
   */
  default List<Passage> read(String paperId) {
    return List.of();
  }

  /**
   * The source's name, for example {@code semantic-scholar}.
   *
   * @return the name
   */
  String name();
}
