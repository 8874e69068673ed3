package io.kosmos.core.literature.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kosmos.api.InvalidInputException;
import io.kosmos.api.Paper;
import io.kosmos.api.Passage;
import io.kosmos.core.fixtures.TestPapers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PaperCorpus} on a corpus the test writes: PDFs made with PDFBox, a JATS article, Markdown
 * and text, described by BibTeX, RIS and CSL-JSON files, with known passages.
 */
class PaperCorpusTest {

  @TempDir Path tmp;
  Path papers;
  Path index;

  static final String BMI_SENTENCE =
      "Higher body mass index was associated with faster disease progression over one year.";

  @BeforeEach
  void writeCorpus() {
    papers = tmp.resolve("papers");
    index = tmp.resolve("index");
    TestPapers.pdf(
        papers.resolve("smith2019.pdf"),
        "An unhelpful title from the PDF producer",
        List.of(
            List.of(
                "Obesity and the course of type 2 diabetes: a cohort study",
                "We followed 812 adults with type 2 diabetes for one year and measured their weight,"
                    + " blood pressure and serum lipids at baseline."),
            List.of(
                "Results. "
                    + BMI_SENTENCE
                    + " The association held after adjustment for age and sex.",
                "Blood pressure showed a weaker association with progres-\nsion in the same cohort.")));
    TestPapers.jats(
        papers.resolve("jats/okafor2021.xml"),
        "10.5555/TRIG.2021.7",
        "Serum triglycerides and glycaemic deterioration",
        2021,
        "Triglycerides predict worsening glycaemia.",
        "Methods",
        "We measured fasting triglycerides in 1,204 patients.",
        "Results",
        "Each doubling of serum triglycerides was associated with a 12&nbsp;% higher rate of progression.");
    TestPapers.write(
        papers.resolve("notes/hdl-note.md"),
        """
        ---
        title: HDL cholesterol in a small clinic
        authors: [R. Mendez, L. Chen]
        year: 2018
        ---
        # HDL cholesterol in a small clinic

        An opening paragraph about the clinic.

        ## Findings

        Patients with **higher** HDL cholesterol progressed more slowly than those with low HDL.
        """);
    TestPapers.write(
        papers.resolve("plain.txt"),
        "A plain note on sex differences\n\nWomen and men progressed at similar rates in our registry.\n");
    TestPapers.write(
        papers.resolve("refs.bib"),
        """
        @comment{exported by a reference manager}
        @article{smith2019,
          author = {Smith, Jane and M{\\"u}ller, Karl},
          title = {{Obesity} and the course of type 2 diabetes: a cohort study},
          journal = {Diabetes Research},
          year = 2019,
          doi = {10.5555/OBESITY.2019.3},
          file = {Full Text:files/12/smith2019.pdf:application/pdf}
        }
        """);
  }

  private PaperCorpus open() {
    return PaperCorpus.builder(papers).indexDir(index).build();
  }

  @Test
  void searchReturnsLocatedPassagesOfEachKindOfFile() {
    try (PaperCorpus corpus = open()) {
      assertThat(corpus.lastIndex().papers()).isEqualTo(4);
      assertThat(corpus.lastIndex().added()).isEqualTo(4);
      assertThat(corpus.lastIndex().problems()).isEmpty();

      Passage bmi = corpus.passages("body mass index progression", 3).getFirst();
      assertThat(bmi.paper().id()).isEqualTo("doi:10.5555/obesity.2019.3");
      assertThat(bmi.paper().title())
          .isEqualTo("Obesity and the course of type 2 diabetes: a cohort study");
      assertThat(bmi.paper().authors()).containsExactly("Jane Smith", "Karl Müller");
      assertThat(bmi.paper().year()).isEqualTo(2019);
      assertThat(bmi.paper().source()).isEqualTo("corpus");
      assertThat(bmi.locator()).isEqualTo("page 2");
      assertThat(bmi.text()).contains(BMI_SENTENCE);
      assertThat(bmi.end() - bmi.start()).isEqualTo(bmi.text().length());

      Passage trig = corpus.passages("triglycerides progression", 1).getFirst();
      assertThat(trig.paper().id()).isEqualTo("doi:10.5555/trig.2021.7");
      assertThat(trig.paper().authors()).containsExactly("Ngozi Okafor", "Per Lindqvist");
      assertThat(trig.locator()).isEqualTo("section Results");
      assertThat(trig.text()).contains("12\u00a0% higher rate of progression");
      assertThat(trig.paper().abstractText())
          .isEqualTo("Triglycerides predict worsening glycaemia.");

      Passage hdl =
          corpus.passages("HDL cholesterol", 5).stream()
              .filter(p -> p.locator().equals("section Findings"))
              .findFirst()
              .orElseThrow();
      assertThat(hdl.paper().id()).isEqualTo("corpus:notes/hdl-note");
      assertThat(hdl.paper().year()).isEqualTo(2018);
      assertThat(hdl.text())
          .isEqualTo(
              "Patients with higher HDL cholesterol progressed more slowly than those with low HDL.");

      assertThat(corpus.passages("women men registry", 1).getFirst().locator())
          .isEqualTo("paragraph 2");
      assertThat(corpus.passages("mitochondria", 5)).isEmpty();
      assertThat(corpus.passages("   ", 5)).isEmpty();
      assertThat(corpus.passages("the of and", 5)).as("only stop words").isEmpty();
    }
  }

  @Test
  void aWordBrokenAtALineEndIsJoinedAgain() {
    try (PaperCorpus corpus = open()) {
      assertThat(corpus.passages("blood pressure", 5))
          .anySatisfy(
              p ->
                  assertThat(p.text())
                      .contains("weaker association with progression in the same cohort"));
    }
  }

  @Test
  void quotedWordsMustMatchAsAPhrase() {
    try (PaperCorpus corpus = open()) {
      assertThat(corpus.passages("\"slowly than\"", 5))
          .singleElement()
          .satisfies(p -> assertThat(p.paper().id()).isEqualTo("corpus:notes/hdl-note"));
      assertThat(corpus.passages("\"than slowly\"", 5)).isEmpty();
    }
  }

  @Test
  void readReturnsAPapersPassagesInReadingOrderWithOffsetsThatTile() {
    try (PaperCorpus corpus = open()) {
      List<Passage> text = corpus.read("doi:10.5555/obesity.2019.3");
      assertThat(text).extracting(Passage::locator).containsExactly("page 1", "page 2");
      for (int i = 1; i < text.size(); i++) {
        assertThat(text.get(i).start()).isGreaterThan(text.get(i - 1).end());
      }
      assertThat(corpus.read("doi:10.9/unknown")).isEmpty();
      assertThat(corpus.search("triglycerides", 5))
          .extracting(Paper::id)
          .first()
          .isEqualTo("doi:10.5555/trig.2021.7");
      assertThat(corpus.papers()).hasSize(4);
    }
  }

  @Test
  void reindexingReadsOnlyWhatChanged() throws Exception {
    open().close();
    try (PaperCorpus again = open()) {
      assertThat(again.lastIndex().unchanged()).isEqualTo(4);
      assertThat(again.lastIndex().added() + again.lastIndex().updated()).isZero();
    }

    TestPapers.write(
        papers.resolve("plain.txt"), "A plain note\n\nWomen progressed faster than men.\n");
    Files.setLastModifiedTime(
        papers.resolve("plain.txt"), FileTime.from(Instant.now().plusSeconds(5)));
    Files.delete(papers.resolve("notes/hdl-note.md"));
    TestPapers.write(papers.resolve("new.md"), "# Glucose\n\nFasting glucose rose with age.\n");
    try (PaperCorpus changed = open()) {
      PaperCorpus.IndexReport r = changed.lastIndex();
      assertThat(r.added()).isEqualTo(1);
      assertThat(r.updated()).isEqualTo(1);
      assertThat(r.removed()).isEqualTo(1);
      assertThat(r.unchanged()).isEqualTo(2);
      assertThat(r.papers()).isEqualTo(4);
      assertThat(changed.passages("women faster", 1).getFirst().text()).contains("faster than men");
      assertThat(changed.passages("HDL", 5)).isEmpty();
    }

    // A bibliography that changes may describe any paper: everything is read again.
    TestPapers.write(
        papers.resolve("more.ris"),
        """
        TY  - JOUR
        AU  - Doe, Ann
        TI  - Glucose and age
        PY  - 2015
        DO  - 10.5555/GLU.2015
        L1  - file:///home/someone/papers/new.md
        ER  -
        """);
    try (PaperCorpus withRis = open()) {
      assertThat(withRis.lastIndex().updated()).isEqualTo(4);
      Paper glucose = withRis.passages("fasting glucose", 1).getFirst().paper();
      assertThat(glucose.id()).isEqualTo("doi:10.5555/glu.2015");
      assertThat(glucose.authors()).containsExactly("Ann Doe");
      assertThat(glucose.year()).isEqualTo(2015);
    }
  }

  @Test
  void cslJsonDescribesThePaperWhoseNameIsItsId() {
    TestPapers.write(
        papers.resolve("zotero.json"),
        """
        [{"id": "plain", "type": "article-journal", "title": "Sex and progression in a registry",
          "author": [{"family": "Ito", "given": "Yuki"}], "issued": {"date-parts": [[2020, 5]]},
          "DOI": "10.5555/SEX.2020"}]
        """);
    try (PaperCorpus corpus = open()) {
      Paper p = corpus.passages("women men", 1).getFirst().paper();
      assertThat(p.id()).isEqualTo("doi:10.5555/sex.2020");
      assertThat(p.title()).isEqualTo("Sex and progression in a registry");
      assertThat(p.authors()).containsExactly("Yuki Ito");
    }
  }

  @Test
  void filesThatCannotBeReadAreReportedAndTheRestIndexed() {
    TestPapers.pdfWithoutText(papers.resolve("scanned.pdf"));
    TestPapers.write(papers.resolve("broken.xml"), "<article><front>unclosed");
    TestPapers.write(papers.resolve("other.xml"), "<rss><channel/></rss>");
    TestPapers.write(papers.resolve("bad.json"), "{ not json");
    try (PaperCorpus corpus = open()) {
      assertThat(corpus.lastIndex().papers()).isEqualTo(4);
      assertThat(corpus.lastIndex().problems())
          .anySatisfy(
              p -> assertThat(p).startsWith("scanned.pdf has no text layer").contains("OCR"))
          .anySatisfy(p -> assertThat(p).startsWith("broken.xml is not well-formed XML"))
          .anySatisfy(p -> assertThat(p).startsWith("other.xml is XML but not a JATS article"))
          .anySatisfy(
              p -> assertThat(p).startsWith("bad.json is not a bibliography that can be read"));
      assertThat(corpus.lastIndex().toString())
          .isEqualTo(
              "4 paper(s) in the index; files: 7 new, 0 changed, 0 removed, 0 unchanged;"
                  + " 4 could not be read");
    }
  }

  @Test
  void aFolderWithoutPapersIsTheUsersMistake() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    assertThatThrownBy(() -> PaperCorpus.builder(empty).indexDir(tmp.resolve("i2")).build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("holds no paper Kosmos can read");
    assertThatThrownBy(() -> PaperCorpus.builder(tmp.resolve("nope")).indexDir(index).build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> PaperCorpus.builder(papers).indexDir(index).indexDir(index))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("indexDir was already set; set each option once");
  }

  @Test
  void anIndexBeingWrittenElsewhereIsSaidPlainly() throws Exception {
    Files.createDirectories(index);
    try (FSDirectory dir = FSDirectory.open(index);
        IndexWriter other = new IndexWriter(dir, new IndexWriterConfig())) {
      assertThatThrownBy(this::open)
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("is being written by another process");
    }
  }

  @Test
  void theDefaultIndexIsInTheUsersCache() {
    Path dir = PaperCorpus.defaultIndexDir(papers, java.util.Map.of("XDG_CACHE_HOME", "/c"));
    assertThat(dir.toString()).startsWith("/c/kosmos/corpus/");
    assertThat(dir)
        .isEqualTo(PaperCorpus.defaultIndexDir(papers, java.util.Map.of("XDG_CACHE_HOME", "/c")));
  }
}
