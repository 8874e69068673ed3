package io.kosmos.core.literature.corpus;

/** A file of the corpus that cannot be read as a paper; the message says why and what to do. */
final class CorpusFileException extends Exception {
  private static final long serialVersionUID = 1L;

  CorpusFileException(String message) {
    super(message);
  }

  CorpusFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
