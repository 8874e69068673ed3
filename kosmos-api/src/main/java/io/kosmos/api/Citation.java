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
   * A passage of a paper: the words relied on, where they are, and their hash. The report accepts
   * it only when the quote occurs in the text the run retrieved for the paper (cached in the run's
   * {@code literature/} folder), under the same locator.
   *
   * @param paperId the paper's identifier in the world model (see {@link Paper#id()})
   * @param locator where in the paper the quote is, as the source names it: {@code abstract},
   *     {@code title}, {@code page 3}, {@code section Results}; empty when unknown
   * @param quote the words relied on, exactly as they are in the paper's text
   * @param quoteSha256 the SHA-256 of the quote's UTF-8 bytes, in lower-case hex, so that an edited
   *     quote can be told from the one retrieved
   */
  record PaperPassage(String paperId, String locator, String quote, String quoteSha256)
      implements Citation {
    /** Checks the components. */
    public PaperPassage {
      Objects.requireNonNull(paperId, "paperId");
      Objects.requireNonNull(locator, "locator");
      Objects.requireNonNull(quote, "quote");
      Objects.requireNonNull(quoteSha256, "quoteSha256");
      if (quote.isBlank()) {
        throw new IllegalArgumentException("quote must not be blank, was '" + quote + "'");
      }
    }

    /**
     * A passage citation with the hash of its quote.
     *
     * @param paperId the paper's identifier
     * @param locator where the quote is, or empty
     * @param quote the words relied on, not blank
     * @return the citation
     */
    public static PaperPassage of(String paperId, String locator, String quote) {
      return new PaperPassage(paperId, locator, quote, sha256(quote));
    }

    /**
     * The SHA-256 of a quote, as {@link #quoteSha256()} holds it.
     *
     * @param quote the quote
     * @return lower-case hex
     */
    public static String sha256(String quote) {
      try {
        byte[] hash =
            java.security.MessageDigest.getInstance("SHA-256")
                .digest(quote.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return java.util.HexFormat.of().formatHex(hash);
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException("the JDK has no SHA-256", e);
      }
    }

    @Override
    public String label() {
      return paperId;
    }
  }
}
