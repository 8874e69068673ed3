package io.kosmos.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kosmos.api.InvalidInputException;
import io.kosmos.api.LiteratureSource;
import io.kosmos.core.literature.LiteratureChain;
import io.kosmos.core.literature.LiteratureSources;
import io.kosmos.core.literature.corpus.PaperCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Which literature a run searches: a folder of papers or none, and an order of sources or none
 * ({@code off}). A run keeps its choice in {@code literature/command-line.json}, so that {@code
 * kosmos resume} searches the same sources in the same order, and finds its earlier searches in the
 * run's cache instead of asking again.
 *
 * @param papers the folder of papers, or {@code null}
 * @param order the order as written ({@code off}, {@code corpus,openalex}), or {@code null} for the
 *     default
 */
record LiteratureChoice(Path papers, String order) {

  /** Where a run keeps its choice, relative to the run directory. */
  static final String FILE = "literature/command-line.json";

  /** The environment variable with the default order. */
  static final String ENV_ORDER = "KOSMOS_LITERATURE";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * This choice where it says nothing, the other's (for a resumed run: the command's options over
   * what the run was started with).
   */
  LiteratureChoice or(LiteratureChoice other) {
    return new LiteratureChoice(
        papers != null ? papers : other.papers, order != null ? order : other.order);
  }

  /** The names of the sources, in order: the option's, else the environment's, else the default. */
  List<String> names(Map<String, String> env) {
    String spec = order != null ? order : env.get(ENV_ORDER);
    if (spec == null || spec.isBlank()) {
      return LiteratureSources.defaultOrder(papers != null);
    }
    return LiteratureSources.order(spec);
  }

  /**
   * The sources of a run, opened: the corpus indexed (what changed since the last time), the chain
   * built. Prints what it searches.
   *
   * @param env the environment (keys, contact address, base URLs)
   * @param o where to print
   * @return the opened literature, to close after the run
   * @throws InvalidInputException if the folder of papers cannot be used, or the order names an
   *     unknown source or the corpus without a folder
   */
  Opened open(Map<String, String> env, Console o) {
    List<String> names = names(env);
    if (names.isEmpty()) {
      o.line("literature: off (no literature task is planned)");
      return new Opened(null, null);
    }
    PaperCorpus corpus = null;
    if (papers != null) {
      if (!names.contains(LiteratureSources.CORPUS)) {
        throw new InvalidInputException(
            "--papers was given but the literature order ("
                + String.join(",", names)
                + ") leaves the corpus out; add corpus to --literature, or leave --papers out");
      }
      corpus = PaperCorpus.open(papers);
      o.line("papers: " + corpus.folder() + ": " + corpus.lastIndex());
      for (String problem : corpus.lastIndex().problems()) {
        o.warning(problem);
      }
    }
    try {
      LiteratureChain chain = LiteratureSources.chain(names, env, corpus);
      o.line(
          "literature: "
              + chain.name()
              + " (each search asks them in this order; --literature off to search none)");
      return new Opened(chain, corpus);
    } catch (RuntimeException e) {
      if (corpus != null) {
        corpus.close();
      }
      throw e;
    }
  }

  /** The literature of a run, open; closing it closes the corpus's index. */
  record Opened(LiteratureChain chain, PaperCorpus corpus) implements AutoCloseable {
    List<LiteratureSource> sources() {
      return chain == null ? List.of() : List.of(chain);
    }

    @Override
    public void close() {
      if (corpus != null) {
        corpus.close();
      }
    }
  }

  /** Keeps the choice in the run directory. */
  void save(Path runDir) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("papers", papers == null ? null : papers.toAbsolutePath().normalize().toString());
    node.put("literature", order);
    try {
      Path file = runDir.resolve(FILE);
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.write(tmp, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(node));
      Files.move(
          tmp,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new InvalidInputException(
          "cannot write " + runDir.resolve(FILE) + ": " + e.getMessage(), e);
    }
  }

  /** The choice a run was started with, or none (the defaults) if it kept none. */
  static LiteratureChoice saved(Path runDir) {
    Path file = runDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return new LiteratureChoice(null, null);
    }
    try {
      JsonNode node = MAPPER.readTree(file.toFile());
      String papers = node.path("papers").isTextual() ? node.get("papers").asText() : null;
      String order = node.path("literature").isTextual() ? node.get("literature").asText() : null;
      return new LiteratureChoice(papers == null ? null : Path.of(papers), order);
    } catch (IOException e) {
      throw new InvalidInputException(file + " cannot be read: " + e.getMessage(), e);
    }
  }
}
