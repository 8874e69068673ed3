package io.kosmos.core.internal.literature;

import io.kosmos.api.ArtifactException;
import io.kosmos.api.Paper;
import io.kosmos.api.Passage;
import io.kosmos.core.internal.artifacts.AtomicFiles;
import io.kosmos.core.internal.artifacts.Hashing;
import io.kosmos.core.internal.artifacts.Json;
import io.kosmos.core.literature.LiteratureChain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The run's literature cache on disk, under {@code literature/} of the artifacts directory: one
 * file per search ({@code searches/<kind>-<hash>.json}: the query, which source answered, what each
 * source did, what came back) and one per paper read ({@code papers/<id>-<hash>.json}: the paper
 * and every span of its text the run retrieved). A resumed run, {@code kosmos report} and the
 * report's citation check read these files and never the network.
 */
public final class LiteratureFiles {

  /** The folder of the cache, relative to the artifacts directory. */
  public static final String DIR = "literature";

  /**
   * A span of a paper's text the run retrieved.
   *
   * @param locator where it is ({@code abstract}, {@code page 3}, ...)
   * @param start its first character's offset in the text the locator names
   * @param end the offset just past its last character
   * @param text the text
   */
  public record Span(String locator, int start, int end, String text) {}

  /**
   * A paper the run read, with every span of its text it retrieved.
   *
   * @param formatVersion the file format's version
   * @param paper the paper
   * @param spans the spans, in the order they were retrieved, without repeats
   */
  public record PaperFile(int formatVersion, Paper paper, List<Span> spans) {
    /** Copies the list. */
    public PaperFile {
      spans = spans == null ? List.of() : List.copyOf(spans);
    }
  }

  /**
   * A passage a search returned, by reference to its paper's file.
   *
   * @param paperId the paper
   * @param locator where the passage is
   * @param start its first character's offset
   * @param end the offset just past its last character
   */
  public record PassageRef(String paperId, String locator, int start, int end) {}

  /**
   * One search of the run.
   *
   * @param formatVersion the file format's version
   * @param kind {@code passages}, {@code papers} or {@code read}
   * @param query the query (the paper id for {@code read})
   * @param limit the most results asked for
   * @param chain the sources in the order asked
   * @param answeredBy the source that answered, or {@code null} if none did
   * @param attempts what each source did
   * @param passages the passages returned ({@code passages} and {@code read})
   * @param paperIds the papers returned, in order
   * @param at when the search was made
   */
  public record SearchFile(
      int formatVersion,
      String kind,
      String query,
      int limit,
      String chain,
      String answeredBy,
      List<LiteratureChain.Attempt> attempts,
      List<PassageRef> passages,
      List<String> paperIds,
      Instant at) {
    /** Copies the lists. */
    public SearchFile {
      attempts = attempts == null ? List.of() : List.copyOf(attempts);
      passages = passages == null ? List.of() : List.copyOf(passages);
      paperIds = paperIds == null ? List.of() : List.copyOf(paperIds);
    }
  }

  private final Path dir;

  /**
   * The cache of a run.
   *
   * @param root the artifacts directory
   */
  public LiteratureFiles(Path root) {
    this.dir = root.resolve(DIR);
  }

  Path searchFile(String kind, String query, int limit, String chain) {
    String key = Hashing.sha256(kind + "\n" + limit + "\n" + chain + "\n" + query).substring(0, 20);
    return dir.resolve("searches").resolve(kind + "-" + key + ".json");
  }

  Path paperFile(String paperId) {
    String safe = paperId.replaceAll("[^A-Za-z0-9._-]", "_");
    if (safe.length() > 60) {
      safe = safe.substring(0, 60);
    }
    return dir.resolve("papers")
        .resolve(safe + "-" + Hashing.sha256(paperId).substring(0, 10) + ".json");
  }

  SearchFile readSearch(Path file) {
    return Json.read(file, SearchFile.class);
  }

  void writeSearch(Path file, SearchFile search) {
    Json.write(file, search, AtomicFiles.Durability.REBUILDABLE);
  }

  /**
   * The file of a paper, if the run read it.
   *
   * @param paperId the paper
   * @return the file's content, or {@code null}
   */
  public PaperFile readPaper(String paperId) {
    Path file = paperFile(paperId);
    return Files.exists(file) ? Json.read(file, PaperFile.class) : null;
  }

  void writePaper(PaperFile paper) {
    Json.write(paperFile(paper.paper().id()), paper, AtomicFiles.Durability.REBUILDABLE);
  }

  /**
   * Every search of the run, oldest first.
   *
   * @return the searches
   * @throws ArtifactException if a file cannot be read
   */
  public List<SearchFile> searches() {
    Path folder = dir.resolve("searches");
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    List<SearchFile> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        out.add(readSearch(f));
      }
    } catch (IOException e) {
      throw new ArtifactException("cannot list " + folder + ": " + e.getMessage(), e);
    }
    out.sort(java.util.Comparator.comparing(s -> s.at() == null ? Instant.EPOCH : s.at()));
    return out;
  }

  /** A span of a passage. */
  static Span span(Passage p) {
    return new Span(p.locator(), p.start(), p.end(), p.text());
  }
}
