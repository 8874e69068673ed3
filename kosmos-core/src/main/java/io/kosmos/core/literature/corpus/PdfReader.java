package io.kosmos.core.literature.corpus;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * Reads a PDF's text with PDFBox, page by page: each page is a section ({@code page 3}), its
 * paragraphs as PDFBox detects them, lines joined and hyphenation at line ends undone. The document
 * information's title and author are the file's own metadata; a DOI printed near the start of the
 * first page is taken as the paper's.
 */
final class PdfReader {

  static final Pattern DOI = Pattern.compile("\\b(10\\.\\d{4,9}/[^\\s\"<>]+[^\\s\"<>.,;)\\]])");

  private PdfReader() {}

  static Extracted read(Path file) throws CorpusFileException {
    try (PDDocument doc = Loader.loadPDF(file.toFile())) {
      Extracted.Builder b = new Extracted.Builder();
      PDFTextStripper stripper = new PDFTextStripper();
      stripper.setParagraphEnd("\n\n");
      stripper.setLineSeparator("\n");
      int pages = doc.getNumberOfPages();
      for (int page = 1; page <= pages; page++) {
        stripper.setStartPage(page);
        stripper.setEndPage(page);
        b.section("page " + page, Paragraphs.of(stripper.getText(doc)));
      }
      Extracted text = b.build();
      if (text.text().isBlank()) {
        throw new CorpusFileException(
            "has no text layer ("
                + pages
                + " page(s), no text): a scanned PDF needs OCR first, for example with ocrmypdf");
      }
      PDDocumentInformation info = doc.getDocumentInformation();
      String title = blankToNull(info.getTitle());
      List<String> authors = new ArrayList<>();
      String author = blankToNull(info.getAuthor());
      if (author != null) {
        for (String a : author.split("\\s*(;|\\band\\b)\\s*")) {
          if (!a.isBlank()) {
            authors.add(a.strip());
          }
        }
      }
      String start = text.text().substring(0, Math.min(2500, text.text().length()));
      Matcher m = DOI.matcher(start);
      return new Extracted(
          text.text(),
          text.sections(),
          title,
          List.copyOf(authors),
          null,
          m.find() ? m.group(1) : null);
    } catch (InvalidPasswordException e) {
      throw new CorpusFileException(
          "is encrypted with a password; save an unprotected copy in the corpus", e);
    } catch (IOException e) {
      throw new CorpusFileException("cannot be read as a PDF: " + e.getMessage(), e);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
