package io.kosmos.core.internal.report;

import io.kosmos.api.ArtifactException;
import io.kosmos.api.Citation;
import io.kosmos.api.WorldModel;
import io.kosmos.core.internal.artifacts.Hashing;
import io.kosmos.core.internal.artifacts.Layout;
import io.kosmos.core.internal.literature.CachedTexts;
import io.kosmos.core.internal.notebook.NotebookReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that a citation points at something that exists in the run: a notebook cell (the file is
 * there, under the artifacts directory, the cell exists, is code, and its source has the cited
 * SHA-256) or a passage of a paper of the world model (the quote, with its SHA-256, occurs under
 * its locator in the text the run retrieved and cached under {@code literature/}). The report build
 * fails on any statement that does not pass.
 */
public final class CitationChecker {

  private final Layout layout;
  private final WorldModel world;
  private final Map<String, Object> notebooks = new HashMap<>();
  private final CachedTexts texts;

  /**
   * Creates a checker.
   *
   * @param layout the run's layout
   * @param world the world model
   */
  public CitationChecker(Layout layout, WorldModel world) {
    this.layout = layout;
    this.world = world;
    this.texts = new CachedTexts(layout.root());
  }

  /**
   * Checks a citation.
   *
   * @param citation the citation
   * @return what is wrong with it, or {@code null} if it is sound
   */
  public String problem(Citation citation) {
    return switch (citation) {
      case Citation.PaperPassage p ->
          world.paper(p.paperId()).isPresent()
              ? texts.problem(p)
              : "paper " + p.paperId() + " is not in the world model";
      case Citation.NotebookCell c -> cellProblem(c);
    };
  }

  /**
   * Checks a statement's citations.
   *
   * @param citations the citations
   * @return the problems, empty if every citation is sound and there is at least one
   */
  public List<String> problems(List<Citation> citations) {
    List<String> problems = new ArrayList<>();
    if (citations.isEmpty()) {
      problems.add("it cites nothing");
    }
    for (Citation c : citations) {
      String p = problem(c);
      if (p != null) {
        problems.add(p);
      }
    }
    return problems;
  }

  private String cellProblem(Citation.NotebookCell c) {
    Object cached = notebooks.computeIfAbsent(c.notebookPath(), this::load);
    if (cached instanceof String problem) {
      return problem;
    }
    @SuppressWarnings("unchecked")
    List<NotebookReader.SavedCell> cells = (List<NotebookReader.SavedCell>) cached;
    if (c.cellIndex() >= cells.size()) {
      return "cell " + c.cellIndex() + " of " + c.notebookPath() + " does not exist";
    }
    NotebookReader.SavedCell cell = cells.get(c.cellIndex());
    if (!cell.type().equals("code")) {
      return "cell " + c.cellIndex() + " of " + c.notebookPath() + " is not a code cell";
    }
    if (!Hashing.sha256(cell.source()).equals(c.codeSha256())) {
      return "the code of cell " + c.cellIndex() + " of " + c.notebookPath() + " has changed";
    }
    return null;
  }

  private Object load(String relative) {
    Path file = layout.resolve(relative);
    if (!file.startsWith(layout.root())) {
      return "notebook " + relative + " is outside the artifacts directory";
    }
    if (!Files.exists(file)) {
      return "notebook " + relative + " does not exist";
    }
    try {
      return NotebookReader.cells(file);
    } catch (ArtifactException e) {
      return "notebook " + relative + " cannot be read: " + e.getMessage();
    }
  }
}
