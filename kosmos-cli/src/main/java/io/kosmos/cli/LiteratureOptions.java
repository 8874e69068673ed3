package io.kosmos.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The literature options of the commands that run research ({@code kosmos run}, {@code kosmos
 * resume}): a folder of the user's own papers, and which sources to search in which order. Mix it
 * into a command with {@code @Mixin LiteratureOptions literature;}.
 */
final class LiteratureOptions {

  @Option(
      names = "--papers",
      paramLabel = "DIR",
      description =
          "A folder of your own papers (PDF, JATS XML, Markdown, text, with optional BibTeX, RIS or"
              + " CSL-JSON), indexed with Lucene and searched first. The index is kept in"
              + " ~/.cache/kosmos and updated when files change.")
  Path papers;

  @Option(
      names = "--literature",
      paramLabel = "ORDER",
      description =
          "off, or the sources to search in order, separated by commas: corpus, semantic-scholar,"
              + " openalex, pubmed, arxiv, crossref. A source that fails or finds nothing passes"
              + " the search to the next. Default: KOSMOS_LITERATURE, else corpus (with --papers)"
              + " then every online source.")
  String literature;

  /**
   * The choice these options make, before the environment's default is applied.
   *
   * @return the choice
   */
  LiteratureChoice choice() {
    return new LiteratureChoice(papers, literature);
  }
}
