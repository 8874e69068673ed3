package io.kosmos.api;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A paper found by a {@link LiteratureSource}.
 *
 * @param id a stable identifier, preferably {@code doi:<doi>}, else the source's, for example
 *     {@code arxiv:2511.02824} or {@code pmid:123}
 * @param doi the DOI, or {@code null}
 * @param title the title
 * @param authors the authors, in order
 * @param year the publication year, or {@code null}
 * @param abstractText the abstract, or empty
 * @param url where to read it, or {@code null}
 * @param source the source that found it, for example {@code semantic-scholar}
 */
public record Paper(
    String id,
    @Nullable String doi,
    String title,
    List<String> authors,
    @Nullable Integer year,
    String abstractText,
    @Nullable String url,
    String source) {

  /** Checks the components and copies the list. */
  public Paper {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    authors = List.copyOf(authors);
    Objects.requireNonNull(abstractText, "abstractText");
    Objects.requireNonNull(source, "source");
  }
}
