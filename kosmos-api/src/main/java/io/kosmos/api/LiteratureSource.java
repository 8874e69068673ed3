package io.kosmos.api;

import java.util.List;

/**
 * A database of papers a literature task can search, for example Semantic Scholar, arXiv or PubMed.
 * Implementations are thread-safe and retry transient failures themselves.
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
   * The source's name, for example {@code semantic-scholar}.
   *
   * @return the name
   */
  String name();
}
