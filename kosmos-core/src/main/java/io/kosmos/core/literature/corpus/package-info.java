/**
 * A local corpus of the user's own papers as a literature source: {@link
 * io.kosmos.core.literature.corpus.PaperCorpus} reads a folder of PDFs, JATS XML, Markdown and
 * text, with BibTeX, RIS or CSL-JSON metadata, into a Lucene index of passages, and searches it
 * with BM25.
 */
@NullMarked
package io.kosmos.core.literature.corpus;

import org.jspecify.annotations.NullMarked;
