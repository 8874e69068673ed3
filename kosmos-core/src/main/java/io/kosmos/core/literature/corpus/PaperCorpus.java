package io.kosmos.core.literature.corpus;

import io.kosmos.api.InvalidInputException;
import io.kosmos.api.LiteratureSource;
import io.kosmos.api.Paper;
import io.kosmos.api.Passage;
import io.kosmos.core.internal.artifacts.Hashing;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.lucene.store.LockObtainFailedException;
import org.jspecify.annotations.Nullable;

/**
 * A folder of the user's own papers as a {@link LiteratureSource}: PDFs (read with Apache PDFBox),
 * JATS XML, Markdown and plain text, described by optional BibTeX, RIS or CSL-JSON files in the
 * same folder, and indexed with Apache Lucene (BM25 over passages). A search returns passages:
 * their paper, locator ({@code page 3}, {@code section Results}, {@code abstract}, {@code paragraph
 * 2}), character offsets in the paper's extracted text, and text. No network is used.
 *
 * <pre>{@code
 * try (PaperCorpus corpus = PaperCorpus.open(Path.of("papers"))) {
 *     for (Passage p : corpus.passages("body mass index progression", 5)) {
 *         System.out.println(p.paper().id() + " (" + p.locator() + "): " + p.text());
 *     }
 * }
 * }</pre>
 *
 * <p>The index is kept in a user cache by default ({@code $XDG_CACHE_HOME/kosmos/corpus/<hash of
 * the folder>}, else {@code ~/.cache/kosmos/corpus/...}), or where {@link Builder#indexDir} says,
 * for example beside a run. Opening a corpus brings the index up to date: only files added or
 * changed since the last time are read (see {@link #lastIndex()}); a change to a bibliography file
 * re-reads every paper. Files that cannot be read (a scanned PDF without text, malformed XML) are
 * listed in the index report with the reason and left out. Files named README, LICENSE or CHANGELOG
 * (any extension) describe the folder and are not read as papers.
 *
 * <p>A paper's id is {@code doi:<doi>} when its bibliography entry or the file gives a DOI, else
 * {@code corpus:<path in the folder, without extension>}. A bibliography entry describes a file
 * when it links to it ({@code file} in BibTeX, {@code L1} in RIS), when its key is the file's name,
 * when it is the only entry of a bibliography named like the file ({@code smith2020.bib} beside
 * {@code smith2020.pdf}), when it has the DOI printed in the file, or when its title opens the
 * file's text. Thread-safe; close it to release the index.
 */
public final class PaperCorpus implements LiteratureSource, Closeable {

  /** The source's name, as it appears in a chain and in {@code --literature}. */
  public static final String NAME = "corpus";

  /**
   * What bringing the index up to date did.
   *
   * @param papers papers in the index now
   * @param added files read for the first time
   * @param updated files read again because they (or a bibliography) changed
   * @param removed files gone from the folder, removed from the index
   * @param unchanged files left as they were indexed
   * @param problems files that could not be read, each with the reason
   * @param took how long it took
   */
  public record IndexReport(
      int papers,
      int added,
      int updated,
      int removed,
      int unchanged,
      List<String> problems,
      Duration took) {
    /** Copies the list. */
    public IndexReport {
      problems = List.copyOf(problems);
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%d paper(s) in the index; files: %d new, %d changed, %d removed, %d unchanged;"
              + " %d could not be read",
          papers,
          added,
          updated,
          removed,
          unchanged,
          problems.size());
    }
  }

  private final Path folder;
  private final Path indexDir;
  private final CorpusIndex index;
  private volatile IndexReport lastIndex;

  private PaperCorpus(Path folder, Path indexDir) throws IOException {
    this.folder = folder;
    this.indexDir = indexDir;
    Files.createDirectories(indexDir);
    this.index = new CorpusIndex(indexDir);
  }

  /**
   * Opens a corpus with its index in the user cache, bringing the index up to date.
   *
   * @param folder the folder of papers
   * @return the corpus
   * @throws InvalidInputException if the folder does not exist, holds no paper, or its index is
   *     being written by another process
   */
  public static PaperCorpus open(Path folder) {
    return builder(folder).build();
  }

  /**
   * Starts a builder.
   *
   * @param folder the folder of papers
   * @return the builder
   */
  public static Builder builder(Path folder) {
    return new Builder(Objects.requireNonNull(folder, "folder"));
  }

  /**
   * Where the index of a folder is kept by default: {@code kosmos/corpus/<hash>} under {@code
   * XDG_CACHE_HOME}, else under {@code ~/.cache}.
   *
   * @param folder the folder of papers
   * @param env the environment
   * @return the index directory
   */
  public static Path defaultIndexDir(Path folder, Map<String, String> env) {
    String xdg = env.get("XDG_CACHE_HOME");
    Path cache =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    String key = Hashing.sha256(folder.toAbsolutePath().normalize().toString()).substring(0, 16);
    return cache.resolve("kosmos").resolve("corpus").resolve(key);
  }

  /**
   * Brings the index up to date with the folder now.
   *
   * @return what changed
   * @throws InvalidInputException if the index is being written by another process
   */
  public synchronized IndexReport index() {
    try {
      IndexReport report = new CorpusUpdate(folder, indexDir, index).run();
      lastIndex = report;
      return report;
    } catch (LockObtainFailedException e) {
      throw new InvalidInputException(
          "the index of the corpus "
              + folder
              + " at "
              + indexDir
              + " is being written by another process (kosmos papers index, or another run);"
              + " wait for it to finish and try again",
          e);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "the index of the corpus "
              + folder
              + " at "
              + indexDir
              + " cannot be written: "
              + e.getMessage(),
          e);
    }
  }

  /**
   * What the last {@link #index()} (the one made when the corpus was opened, at first) did.
   *
   * @return the report
   */
  public IndexReport lastIndex() {
    return lastIndex;
  }

  /**
   * The folder of papers.
   *
   * @return the folder
   */
  public Path folder() {
    return folder;
  }

  /**
   * Where the index is.
   *
   * @return the index directory
   */
  public Path indexDir() {
    return indexDir;
  }

  /**
   * Every paper of the corpus, by id.
   *
   * @return the papers
   */
  public List<Paper> papers() {
    return index.papers();
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * The passages that match a query best (BM25). The query's words are analysed as English (case,
   * plurals and common endings do not matter, very common words are ignored); words in double
   * quotes must match as a phrase. A blank query finds nothing.
   */
  @Override
  public List<Passage> passages(String query, int limit) {
    Objects.requireNonNull(query, "query");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be 1 or more, was " + limit);
    }
    return index.search(query, limit);
  }

  /** The papers of the passages that match best, each once, best first. */
  @Override
  public List<Paper> search(String query, int limit) {
    Objects.requireNonNull(query, "query");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be 1 or more, was " + limit);
    }
    Map<String, Paper> papers = new LinkedHashMap<>();
    for (Passage p : index.search(query, Math.max(limit * 5, 20))) {
      papers.putIfAbsent(p.paper().id(), p.paper());
      if (papers.size() == limit) {
        break;
      }
    }
    return new ArrayList<>(papers.values());
  }

  /** Every passage of a paper of the corpus, in reading order. */
  @Override
  public List<Passage> read(String paperId) {
    return index.paperPassages(Objects.requireNonNull(paperId, "paperId"));
  }

  @Override
  public void close() {
    try {
      index.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return "PaperCorpus{" + folder + ", index " + indexDir + "}";
  }

  /**
   * Builds a {@link PaperCorpus}. Default: the index in the user cache ({@link #defaultIndexDir}).
   */
  public static final class Builder {
    private final Path folder;
    private @Nullable Path indexDir;

    private Builder(Path folder) {
      this.folder = folder;
    }

    /**
     * Sets where the index is kept, for example beside a run.
     *
     * @param dir a directory, created if needed; it may be inside the folder of papers
     * @return this builder
     */
    public Builder indexDir(Path dir) {
      if (indexDir != null) {
        throw new IllegalStateException("indexDir was already set; set each option once");
      }
      this.indexDir = Objects.requireNonNull(dir, "indexDir");
      return this;
    }

    /**
     * Opens the corpus and brings its index up to date.
     *
     * @return the corpus
     * @throws InvalidInputException if the folder does not exist or is not a folder, holds no paper
     *     (PDF, JATS XML, Markdown or text), or its index is being written by another process
     */
    public PaperCorpus build() {
      if (!Files.isDirectory(folder)) {
        throw new InvalidInputException(
            folder
                + (Files.exists(folder) ? " is not a folder" : " does not exist")
                + ": give the folder that holds your papers (PDF, JATS XML, Markdown or text)");
      }
      Path abs = folder.toAbsolutePath().normalize();
      Path dir = indexDir != null ? indexDir : defaultIndexDir(abs, System.getenv());
      PaperCorpus corpus;
      try {
        corpus = new PaperCorpus(abs, dir.toAbsolutePath().normalize());
      } catch (IOException e) {
        throw new InvalidInputException(
            "the index of the corpus "
                + folder
                + " cannot be opened at "
                + dir
                + ": "
                + e.getMessage(),
            e);
      }
      try {
        IndexReport report = corpus.index();
        if (report.papers() == 0) {
          throw new InvalidInputException(
              folder
                  + " holds no paper Kosmos can read"
                  + (report.problems().isEmpty()
                      ? ": it has no PDF, JATS XML (.xml, .nxml), Markdown (.md) or text (.txt) file"
                      : ": " + String.join("; ", report.problems())));
        }
        return corpus;
      } catch (RuntimeException e) {
        corpus.close();
        throw e;
      }
    }
  }
}
