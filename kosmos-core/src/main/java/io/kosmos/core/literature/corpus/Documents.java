package io.kosmos.core.literature.corpus;

import io.kosmos.api.Paper;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Which files of a corpus are papers and which are bibliographies, how each paper is read, and
 * which bibliography entry describes it.
 */
final class Documents {

  private Documents() {}

  /** Names of files that describe a folder rather than being papers in it. */
  private static final java.util.Set<String> NOT_PAPERS =
      java.util.Set.of("readme", "license", "licence", "changelog", "notice");

  /** Whether a file is a paper the corpus reads (a README, LICENSE or CHANGELOG is not). */
  static boolean isPaper(Path file) {
    String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (NOT_PAPERS.contains(stem(n))) {
      return false;
    }
    return n.endsWith(".pdf")
        || n.endsWith(".xml")
        || n.endsWith(".nxml")
        || n.endsWith(".md")
        || n.endsWith(".markdown")
        || n.endsWith(".txt");
  }

  /** Whether a file is a bibliography the corpus reads. */
  static boolean isBibliography(Path file) {
    String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".bib") || n.endsWith(".ris") || n.endsWith(".json");
  }

  static Extracted read(Path file) throws CorpusFileException {
    String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (n.endsWith(".pdf")) {
      return PdfReader.read(file);
    }
    if (n.endsWith(".xml") || n.endsWith(".nxml")) {
      return JatsReader.read(file);
    }
    if (n.endsWith(".md") || n.endsWith(".markdown")) {
      return TextReader.markdown(file);
    }
    return TextReader.plain(file);
  }

  static String stem(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot > 0 ? fileName.substring(0, dot) : fileName;
  }

  /**
   * The bibliography entry that describes a paper: one that links to the file, else one whose key
   * is the file's name, else the only entry of a bibliography named like the file, else one with
   * the paper's DOI, else one whose title opens the paper's text.
   */
  static @Nullable Reference match(String fileName, Extracted text, List<Reference> references) {
    String stem = stem(fileName);
    for (Reference r : references) {
      if (r.files().stream().anyMatch(f -> f.equalsIgnoreCase(fileName))) {
        return r;
      }
    }
    for (Reference r : references) {
      if (!r.key().isEmpty() && r.key().equalsIgnoreCase(stem)) {
        return r;
      }
    }
    List<Reference> sidecar =
        references.stream().filter(r -> stem(r.from()).equalsIgnoreCase(stem)).toList();
    if (sidecar.size() == 1) {
      return sidecar.getFirst();
    }
    String doi = Reference.normalDoi(text.doi());
    if (doi != null) {
      for (Reference r : references) {
        if (doi.equals(Reference.normalDoi(r.doi()))) {
          return r;
        }
      }
    }
    String opening =
        Reference.words(text.text().substring(0, Math.min(3000, text.text().length())));
    for (Reference r : references) {
      if (r.title() != null) {
        String title = Reference.words(r.title());
        if (title.split(" ").length >= 4 && opening.contains(title)) {
          return r;
        }
      }
    }
    return null;
  }

  /**
   * The paper a file is, from its bibliography entry first and its own metadata second.
   *
   * @param relative the file's path in the corpus, with {@code /}
   * @param file the file
   * @param text what was read from it
   * @param ref its bibliography entry, or {@code null}
   * @param takenIds ids other files already have: a second file with the same DOI gets a corpus id
   * @return the paper
   */
  static Paper paper(
      String relative,
      Path file,
      Extracted text,
      @Nullable Reference ref,
      java.util.Set<String> takenIds) {
    String name = file.getFileName().toString();
    String title = ref != null && ref.title() != null ? ref.title() : text.title();
    if (title == null || title.isBlank()) {
      // no metadata names it: the opening line, when it is short enough to be a title
      String opening = text.text().strip().split("\n", 2)[0].strip();
      title = !opening.isEmpty() && opening.length() <= 200 ? opening : stem(name);
    }
    List<String> authors = ref != null && !ref.authors().isEmpty() ? ref.authors() : text.authors();
    Integer year = ref != null && ref.year() != null ? ref.year() : text.year();
    String doi = ref != null && ref.doi() != null ? ref.doi() : text.doi();
    String normal = Reference.normalDoi(doi);
    String id = normal != null ? "doi:" + normal : null;
    if (id == null || takenIds.contains(id)) {
      id = "corpus:" + stem(relative).replaceAll("\\s+", "-");
    }
    String url =
        ref != null && ref.url() != null
            ? ref.url()
            : normal != null ? "https://doi.org/" + normal : file.toUri().toString();
    String abstractText = "";
    for (Extracted.Section s : text.sections()) {
      String l = s.locator().toLowerCase(Locale.ROOT);
      if (l.equals("abstract") || l.equals("section abstract")) {
        abstractText = text.text().substring(s.start(), s.end()).replaceAll("\\s+", " ");
        break;
      }
    }
    return new Paper(
        id,
        normal == null ? null : doi.strip(),
        title.replaceAll("\\s+", " ").strip(),
        authors,
        year,
        abstractText,
        url,
        PaperCorpus.NAME);
  }
}
