package io.kosmos.core.literature.corpus;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a bibliography file of the corpus (BibTeX, RIS or CSL-JSON): what it says about a
 * paper, and the file names it links to.
 *
 * @param key the citation key or id, or empty
 * @param title the title, or {@code null}
 * @param authors the authors, as "Given Family"
 * @param year the year, or {@code null}
 * @param doi the DOI, or {@code null}
 * @param url the URL, or {@code null}
 * @param files names of the files the entry links to (base names)
 * @param from the bibliography file it came from
 */
record Reference(
    String key,
    @Nullable String title,
    List<String> authors,
    @Nullable Integer year,
    @Nullable String doi,
    @Nullable String url,
    List<String> files,
    String from) {

  /** A name written "Family, Given" turned into "Given Family". */
  static String givenFirst(String name) {
    String n = name.strip();
    int comma = n.indexOf(',');
    if (comma > 0 && comma < n.length() - 1) {
      return (n.substring(comma + 1).strip() + " " + n.substring(0, comma).strip()).strip();
    }
    return n;
  }

  /** The base name of a path or link, as a file of the corpus would be named. */
  static String baseName(String link) {
    String l = link.strip();
    if (l.startsWith("file://")) {
      l = l.substring(7);
    }
    int slash = Math.max(l.lastIndexOf('/'), l.lastIndexOf('\\'));
    return l.substring(slash + 1);
  }

  /** A DOI without its resolver prefix, in lower case, for comparisons. */
  static @Nullable String normalDoi(@Nullable String doi) {
    if (doi == null || doi.isBlank()) {
      return null;
    }
    return doi.strip()
        .replaceFirst("(?i)^(https?://(dx\\.)?doi\\.org/|doi:)", "")
        .toLowerCase(Locale.ROOT);
  }

  /** Words of a title in lower case, for comparing it with a document's opening text. */
  static String words(String text) {
    return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
  }
}
