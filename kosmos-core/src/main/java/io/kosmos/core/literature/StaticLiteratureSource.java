package io.kosmos.core.literature;

import io.kosmos.api.LiteratureSource;
import io.kosmos.api.Paper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link LiteratureSource} that holds a fixed list of papers in memory and searches it by
 * keyword, with no network: for tests, offline demos, and runs that should read only a curated set
 * of papers.
 *
 * <p>A paper matches when its title or abstract contains a word of the query (ignoring case and
 * very common words); papers are ranked by matches, a title match counting twice, then by their
 * order in the list.
 *
 * <pre>{@code
 * LiteratureSource papers = new StaticLiteratureSource("curated", List.of(paper1, paper2));
 * }</pre>
 */
public final class StaticLiteratureSource implements LiteratureSource {

  private static final Set<String> STOP_WORDS =
      Set.of(
          "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of",
          "on", "or", "that", "the", "to", "with", "what", "which", "how", "does", "do");

  private final String name;
  private final List<Paper> papers;

  /**
   * Creates the source.
   *
   * @param name its name, as {@link #name()} returns it
   * @param papers the papers it holds, in order
   */
  public StaticLiteratureSource(String name, List<Paper> papers) {
    this.name = Objects.requireNonNull(name, "name");
    this.papers = List.copyOf(papers);
  }

  @Override
  public List<Paper> search(String query, int limit) {
    Objects.requireNonNull(query, "query");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be 1 or more, was " + limit);
    }
    Set<String> words = words(query);
    if (words.isEmpty()) {
      return List.of();
    }
    record Scored(Paper paper, int score, int index) {}
    List<Scored> scored = new ArrayList<>();
    for (int i = 0; i < papers.size(); i++) {
      Paper p = papers.get(i);
      Set<String> title = words(p.title());
      Set<String> text = words(p.abstractText());
      int score = 0;
      for (String w : words) {
        score += (title.contains(w) ? 2 : 0) + (text.contains(w) ? 1 : 0);
      }
      if (score > 0) {
        scored.add(new Scored(p, score, i));
      }
    }
    scored.sort(Comparator.comparingInt(Scored::score).reversed().thenComparingInt(Scored::index));
    return scored.stream().limit(limit).map(Scored::paper).toList();
  }

  private static Set<String> words(String text) {
    Set<String> out = new HashSet<>();
    for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (w.length() > 1 && !STOP_WORDS.contains(w)) {
        out.add(w);
      }
    }
    return out;
  }

  /**
   * The papers it holds.
   *
   * @return the papers, in order
   */
  public List<Paper> papers() {
    return papers;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return "StaticLiteratureSource{" + name + ", " + papers.size() + " papers}";
  }
}
