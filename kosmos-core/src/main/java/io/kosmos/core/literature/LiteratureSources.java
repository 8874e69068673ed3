package io.kosmos.core.literature;

import io.kosmos.api.LiteratureSource;
import java.util.List;
import java.util.Map;

/** Where literature sources come from. */
public final class LiteratureSources {

  private LiteratureSources() {}

  /**
   * Semantic Scholar, arXiv and PubMed, with the optional keys of the process environment.
   *
   * @return the three sources
   */
  public static List<LiteratureSource> fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * Semantic Scholar ({@code SEMANTIC_SCHOLAR_API_KEY}), arXiv, and PubMed ({@code NCBI_API_KEY},
   * {@code NCBI_EMAIL}), each variable optional.
   *
   * @param env the environment
   * @return the three sources
   */
  public static List<LiteratureSource> fromEnvironment(Map<String, String> env) {
    return List.of(
        SemanticScholarSource.fromEnvironment(env),
        ArxivSource.builder().build(),
        PubMedSource.fromEnvironment(env));
  }
}
