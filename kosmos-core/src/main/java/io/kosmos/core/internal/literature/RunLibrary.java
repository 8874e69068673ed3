package io.kosmos.core.internal.literature;

import io.kosmos.api.LiteratureSource;
import io.kosmos.api.Paper;
import io.kosmos.api.Passage;
import io.kosmos.core.internal.artifacts.Json;
import io.kosmos.core.literature.LiteratureChain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The literature of one run, as its literature tasks see it: the configured sources asked in order
 * as a {@link LiteratureChain}, and everything they return cached in the run's {@code literature/}
 * folder ({@link LiteratureFiles}). A search made before (same kind, query, limit and chain) is
 * answered from the cache, so a resumed run repeats no request; every paper returned is kept with
 * the spans of its text that came back (its title and abstract always), which the citation check
 * reads. Thread-safe: literature tasks of a cycle run at once.
 */
public final class RunLibrary implements LiteratureSource {

  private final LiteratureChain chain;
  private final LiteratureFiles files;
  private final Clock clock;
  private final Map<String, LiteratureFiles.PaperFile> papers = new HashMap<>();

  /**
   * What a run's literature tasks search: its sources as one cached chain, so that a resumed run
   * and the report's citation check read what was retrieved instead of asking the network again.
   *
   * @param root the run directory
   * @param sources the run's sources, in order
   * @param clock the run's clock
   * @return one library over the sources, or nothing when there are none
   */
  public static List<LiteratureSource> forRun(
      Path root, List<LiteratureSource> sources, Clock clock) {
    return sources.isEmpty() ? List.of() : List.of(new RunLibrary(root, sources, clock));
  }

  /**
   * Creates the library of a run.
   *
   * @param root the artifacts directory
   * @param sources the sources, in the order to ask them (one chain is used as it is)
   * @param clock the clock of the searches' timestamps
   */
  public RunLibrary(Path root, List<LiteratureSource> sources, Clock clock) {
    if (sources.size() == 1 && sources.getFirst() instanceof LiteratureChain c) {
      this.chain = c;
    } else {
      LiteratureChain.Builder b = LiteratureChain.builder();
      sources.forEach(b::source);
      this.chain = b.build();
    }
    this.files = new LiteratureFiles(root);
    this.clock = clock;
  }

  @Override
  public String name() {
    return chain.name();
  }

  @Override
  public List<Passage> passages(String query, int limit) {
    Path file = files.searchFile("passages", query, limit, chain.name());
    if (Files.exists(file)) {
      return resolve(files.readSearch(file));
    }
    LiteratureChain.Answer<Passage> answer = chain.answer(query, limit);
    List<LiteratureFiles.PassageRef> refs = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (Passage p : answer.results()) {
      keep(p.paper(), p);
      refs.add(new LiteratureFiles.PassageRef(p.paper().id(), p.locator(), p.start(), p.end()));
      ids.add(p.paper().id());
    }
    files.writeSearch(
        file,
        new LiteratureFiles.SearchFile(
            Json.FORMAT_VERSION,
            "passages",
            query,
            limit,
            chain.name(),
            answer.answeredBy(),
            answer.attempts(),
            refs,
            ids.stream().distinct().toList(),
            clock.instant()));
    return answer.results();
  }

  @Override
  public List<Paper> search(String query, int limit) {
    Path file = files.searchFile("papers", query, limit, chain.name());
    if (Files.exists(file)) {
      List<Paper> out = new ArrayList<>();
      for (String id : files.readSearch(file).paperIds()) {
        LiteratureFiles.PaperFile f = paperFile(id);
        if (f != null) {
          out.add(f.paper());
        }
      }
      return out;
    }
    LiteratureChain.Answer<Paper> answer = chain.papers(query, limit);
    for (Paper p : answer.results()) {
      keep(p, null);
    }
    files.writeSearch(
        file,
        new LiteratureFiles.SearchFile(
            Json.FORMAT_VERSION,
            "papers",
            query,
            limit,
            chain.name(),
            answer.answeredBy(),
            answer.attempts(),
            List.of(),
            answer.results().stream().map(Paper::id).toList(),
            clock.instant()));
    return answer.results();
  }

  @Override
  public List<Passage> read(String paperId) {
    Path file = files.searchFile("read", paperId, 0, chain.name());
    if (Files.exists(file)) {
      return resolve(files.readSearch(file));
    }
    List<Passage> text = chain.read(paperId);
    List<LiteratureFiles.PassageRef> refs = new ArrayList<>();
    for (Passage p : text) {
      keep(p.paper(), p);
      refs.add(new LiteratureFiles.PassageRef(p.paper().id(), p.locator(), p.start(), p.end()));
    }
    files.writeSearch(
        file,
        new LiteratureFiles.SearchFile(
            Json.FORMAT_VERSION,
            "read",
            paperId,
            0,
            chain.name(),
            text.isEmpty() ? null : text.getFirst().paper().source(),
            List.of(),
            refs,
            text.isEmpty() ? List.of() : List.of(paperId),
            clock.instant()));
    return text;
  }

  /** The passages a cached search returned, from the papers' files. */
  private List<Passage> resolve(LiteratureFiles.SearchFile search) {
    List<Passage> out = new ArrayList<>();
    for (LiteratureFiles.PassageRef ref : search.passages()) {
      LiteratureFiles.PaperFile f = paperFile(ref.paperId());
      if (f == null) {
        continue;
      }
      for (LiteratureFiles.Span s : f.spans()) {
        if (s.locator().equals(ref.locator()) && s.start() == ref.start() && s.end() == ref.end()) {
          out.add(new Passage(f.paper(), s.locator(), s.start(), s.end(), s.text()));
          break;
        }
      }
    }
    return out;
  }

  private synchronized LiteratureFiles.PaperFile paperFile(String id) {
    LiteratureFiles.PaperFile f = papers.get(id);
    if (f == null) {
      f = files.readPaper(id);
      if (f != null) {
        papers.put(id, f);
      }
    }
    return f;
  }

  /** Adds a paper's title and abstract, and a passage of it, to its file. */
  private synchronized void keep(Paper paper, Passage passage) {
    LiteratureFiles.PaperFile old = paperFile(paper.id());
    Map<String, LiteratureFiles.Span> spans = new LinkedHashMap<>();
    if (old != null) {
      old.spans().forEach(s -> spans.put(key(s), s));
    }
    List<LiteratureFiles.Span> added = new ArrayList<>();
    if (!paper.title().isBlank()) {
      added.add(new LiteratureFiles.Span("title", 0, paper.title().length(), paper.title()));
    }
    if (!paper.abstractText().isBlank()) {
      String a = paper.abstractText();
      added.add(new LiteratureFiles.Span("abstract", 0, a.length(), a));
    }
    if (passage != null) {
      added.add(LiteratureFiles.span(passage));
    }
    boolean changed = old == null;
    for (LiteratureFiles.Span s : added) {
      changed |= spans.putIfAbsent(key(s), s) == null;
    }
    if (changed) {
      LiteratureFiles.PaperFile updated =
          new LiteratureFiles.PaperFile(
              Json.FORMAT_VERSION, old != null ? old.paper() : paper, List.copyOf(spans.values()));
      files.writePaper(updated);
      papers.put(paper.id(), updated);
    }
  }

  private static String key(LiteratureFiles.Span s) {
    return s.locator() + "|" + s.start() + "|" + s.end() + "|" + s.text().hashCode();
  }

  @Override
  public String toString() {
    return "RunLibrary{" + chain.name() + "}";
  }
}
