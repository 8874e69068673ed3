package io.kosmos.core.literature.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kosmos.api.Paper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.Term;

/**
 * Brings a corpus's index up to date with its folder. A manifest beside the index ({@code
 * manifest.json}) records each file's size and modification time and the paper it became; only
 * files that are new or changed are read again, and files that are gone are removed. A change to
 * any bibliography file re-reads every paper, since an entry may describe any of them. Files that
 * cannot be read are recorded with the reason, and tried again only once they change.
 */
final class CorpusUpdate {

  static final int FORMAT = 1;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Path folder;
  private final Path indexDir;
  private final CorpusIndex index;

  CorpusUpdate(Path folder, Path indexDir, CorpusIndex index) {
    this.folder = folder;
    this.indexDir = indexDir;
    this.index = index;
  }

  /** A file of the folder with what identifies its version. */
  private record Scanned(String relative, Path path, String stamp) {}

  /** What the manifest says of a paper file. */
  private record Known(String stamp, String paperId, String problem) {}

  PaperCorpus.IndexReport run() throws IOException {
    long started = System.nanoTime();
    List<Scanned> papers = new ArrayList<>();
    List<Scanned> bibliographies = new ArrayList<>();
    scan(papers, bibliographies);
    JsonNode manifest = readManifest();
    Map<String, Known> known = known(manifest);
    Map<String, String> bibStamps = new TreeMap<>();
    bibliographies.forEach(s -> bibStamps.put(s.relative(), s.stamp()));
    boolean rereadAll =
        manifest == null || !bibStamps.equals(stamps(manifest.path("bibliographies")));
    List<String> problems = new ArrayList<>();
    List<Reference> references = references(bibliographies, problems);
    int added = 0;
    int updated = 0;
    int unchanged = 0;
    Map<String, Known> now = new TreeMap<>();
    Set<String> present = new HashSet<>();
    Set<String> takenIds = new HashSet<>();
    for (Scanned s : papers) {
      Known k = known.get(s.relative());
      if (!rereadAll && k != null && k.stamp().equals(s.stamp()) && k.paperId() != null) {
        takenIds.add(k.paperId()); // a changed file must not take the id of one that stays
      }
    }
    try (IndexWriter writer = index.writer()) {
      if (manifest == null) {
        writer.deleteAll();
      }
      for (Scanned s : papers) {
        present.add(s.relative());
        Known k = known.get(s.relative());
        if (!rereadAll && k != null && k.stamp().equals(s.stamp())) {
          now.put(s.relative(), k);
          unchanged++;
          continue;
        }
        writer.deleteDocuments(new Term(CorpusIndex.FILE, s.relative()));
        Known result = add(writer, s, references, takenIds);
        now.put(s.relative(), result);
        if (k == null) {
          added++;
        } else {
          updated++;
        }
      }
      int removed = 0;
      for (String gone : known.keySet()) {
        if (!present.contains(gone)) {
          writer.deleteDocuments(new Term(CorpusIndex.FILE, gone));
          removed++;
        }
      }
      writer.commit();
      writeManifest(now, bibStamps);
      index.refresh();
      now.forEach(
          (file, k) -> {
            if (k.problem() != null) {
              problems.add(file + " " + k.problem());
            }
          });
      int indexed = (int) now.values().stream().filter(k -> k.paperId() != null).count();
      return new PaperCorpus.IndexReport(
          indexed,
          added,
          updated,
          removed,
          unchanged,
          problems,
          java.time.Duration.ofNanos(System.nanoTime() - started));
    }
  }

  private Known add(IndexWriter writer, Scanned s, List<Reference> references, Set<String> taken)
      throws IOException {
    Extracted text;
    try {
      text = Documents.read(s.path());
    } catch (CorpusFileException e) {
      return new Known(s.stamp(), null, e.getMessage());
    } catch (RuntimeException e) {
      // PDFBox and the XML parser throw unchecked exceptions on some broken files
      return new Known(s.stamp(), null, "cannot be read: " + e);
    }
    String name = s.path().getFileName().toString();
    Paper paper =
        Documents.paper(
            s.relative(), s.path(), text, Documents.match(name, text, references), taken);
    taken.add(paper.id());
    writer.addDocument(CorpusIndex.paperDocument(s.relative(), paper));
    for (Extracted.Section section : text.sections()) {
      for (int[] span : Paragraphs.passages(text.text(), section.start(), section.end())) {
        writer.addDocument(
            CorpusIndex.passageDocument(
                s.relative(),
                paper,
                section.locator(),
                span[0],
                span[1],
                text.text().substring(span[0], span[1])));
      }
    }
    return new Known(s.stamp(), paper.id(), null);
  }

  private List<Reference> references(List<Scanned> bibliographies, List<String> problems) {
    List<Reference> out = new ArrayList<>();
    for (Scanned s : bibliographies) {
      String name = s.path().getFileName().toString();
      try {
        String text = Files.readString(s.path(), StandardCharsets.UTF_8);
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".bib")) {
          out.addAll(Bibliographies.bibtex(text, name));
        } else if (lower.endsWith(".ris")) {
          out.addAll(Bibliographies.ris(text, name));
        } else {
          out.addAll(Bibliographies.cslJson(text, name));
        }
      } catch (IOException | RuntimeException e) {
        problems.add(
            s.relative() + " is not a bibliography that can be read (" + e.getMessage() + ")");
      }
    }
    return out;
  }

  private void scan(List<Scanned> papers, List<Scanned> bibliographies) throws IOException {
    Path indexAbs = indexDir.toAbsolutePath().normalize();
    Files.walkFileTree(
        folder,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            boolean hidden = !dir.equals(folder) && dir.getFileName().toString().startsWith(".");
            return hidden || dir.toAbsolutePath().normalize().equals(indexAbs)
                ? FileVisitResult.SKIP_SUBTREE
                : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (!attrs.isRegularFile() || file.getFileName().toString().startsWith(".")) {
              return FileVisitResult.CONTINUE;
            }
            String rel = folder.relativize(file).toString().replace('\\', '/');
            Scanned s =
                new Scanned(rel, file, attrs.size() + ":" + attrs.lastModifiedTime().toMillis());
            if (Documents.isPaper(file)) {
              papers.add(s);
            } else if (Documents.isBibliography(file)) {
              bibliographies.add(s);
            }
            return FileVisitResult.CONTINUE;
          }
        });
    papers.sort(java.util.Comparator.comparing(Scanned::relative));
    bibliographies.sort(java.util.Comparator.comparing(Scanned::relative));
  }

  private JsonNode readManifest() {
    Path file = indexDir.resolve("manifest.json");
    if (!Files.exists(file)) {
      return null;
    }
    try {
      JsonNode m = MAPPER.readTree(file.toFile());
      return m != null && m.path("format").asInt() == FORMAT ? m : null;
    } catch (IOException e) {
      return null; // a manifest that cannot be read means a full re-index, not a failure
    }
  }

  private static Map<String, Known> known(JsonNode manifest) {
    Map<String, Known> out = new TreeMap<>();
    if (manifest == null) {
      return out;
    }
    manifest
        .path("papers")
        .fields()
        .forEachRemaining(
            e ->
                out.put(
                    e.getKey(),
                    new Known(
                        e.getValue().path("stamp").asText(),
                        e.getValue().hasNonNull("paperId")
                            ? e.getValue().get("paperId").asText()
                            : null,
                        e.getValue().hasNonNull("problem")
                            ? e.getValue().get("problem").asText()
                            : null)));
    return out;
  }

  private static Map<String, String> stamps(JsonNode node) {
    Map<String, String> out = new TreeMap<>();
    node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  private void writeManifest(Map<String, Known> papers, Map<String, String> bibliographies)
      throws IOException {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("folder", folder.toAbsolutePath().normalize().toString());
    ObjectNode p = root.putObject("papers");
    papers.forEach(
        (file, k) -> {
          ObjectNode o = p.putObject(file);
          o.put("stamp", k.stamp());
          o.put("paperId", k.paperId());
          o.put("problem", k.problem());
        });
    ObjectNode b = root.putObject("bibliographies");
    bibliographies.forEach(b::put);
    Path tmp = indexDir.resolve("manifest.json.tmp");
    Files.write(tmp, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    Files.move(
        tmp,
        indexDir.resolve("manifest.json"),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }
}
