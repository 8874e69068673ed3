package io.kosmos.api;

import java.util.Objects;

/**
 * What a statement rests on: a notebook cell that produced it, or a passage of a paper. Every
 * statement of a {@link ResearchReport} carries at least one, and the report build checks that each
 * cites something that exists in the run.
 */
public sealed interface Citation permits Citation.NotebookCell, Citation.PaperPassage {

  /**
   * A short, stable label for the citation, for example {@code c2-t03#5} or {@code
   * doi:10.1000/xyz}.
   *
   * @return the label
   */
  String label();

  /**
   * A cell of an executed task notebook.
   *
   * @param taskId the task whose notebook it is
   * @param notebookPath the notebook's path relative to the artifacts directory, for example {@code
   *     cycles/2/tasks/c2-t03/notebook.ipynb}
   * @param cellIndex the cell's index in the notebook, from 0
   * @param codeSha256 the SHA-256 of the cell's source, so that the code can be checked
   */
  record NotebookCell(String taskId, String notebookPath, int cellIndex, String codeSha256)
      implements Citation {
    /** Checks the components. */
    public NotebookCell {
      Objects.requireNonNull(taskId, "taskId");
      Objects.requireNonNull(notebookPath, "notebookPath");
      if (cellIndex < 0) {
        throw new IllegalArgumentException("cellIndex must be 0 or more, was " + cellIndex);
      }
      Objects.requireNonNull(codeSha256, "codeSha256");
    }

    @Override
    public String label() {
      return taskId + "#" + cellIndex;
    }
  }

  /**
   * A passage of a paper.
   *
   * @param paperId the paper's identifier in the world model (see {@link Paper#id()})
   * @param passage the words relied on (a sentence of the abstract or the text), or empty
   */
  record PaperPassage(String paperId, String passage) implements Citation {
    /** Checks the components. */
    public PaperPassage {
      Objects.requireNonNull(paperId, "paperId");
      Objects.requireNonNull(passage, "passage");
    }

    @Override
    public String label() {
      return paperId;
    }
  }
}
