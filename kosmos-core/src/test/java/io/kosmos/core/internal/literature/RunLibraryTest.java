package io.kosmos.core.internal.literature;

import static org.assertj.core.api.Assertions.assertThat;

import io.kosmos.api.Citation;
import io.kosmos.api.LiteratureException;
import io.kosmos.api.LiteratureSource;
import io.kosmos.api.Paper;
import io.kosmos.api.Passage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RunLibrary} caches what the sources return under {@code literature/}, so that a resumed
 * run asks nothing again, and {@link CachedTexts} checks paper citations against that cache.
 */
class RunLibraryTest {

  @TempDir Path run;

  private static final Paper PAPER =
      new Paper(
          "doi:10.1/bmi",
          "10.1/bmi",
          "BMI and progression",
          List.of("A. Author"),
          2020,
          "We studied 900 adults. Higher BMI predicted faster progression of diabetes.",
          "https://doi.org/10.1/bmi",
          "counting");

  /** A source that counts its searches and can be made to fail. */
  static final class Counting implements LiteratureSource {
    final AtomicInteger searches = new AtomicInteger();
    boolean down;

    @Override
    public List<Paper> search(String query, int limit) {
      searches.incrementAndGet();
      if (down) {
        throw new LiteratureException(
            "unreachable", LiteratureException.Reason.UNREACHABLE, null, null);
      }
      return query.contains("nothing") ? List.of() : List.of(PAPER);
    }

    @Override
    public List<Passage> read(String paperId) {
      String page = "Page one text. Higher BMI predicted faster progression in every subgroup.";
      return List.of(new Passage(PAPER, "page 2", 1200, 1200 + page.length(), page));
    }

    @Override
    public String name() {
      return "counting";
    }
  }

  @Test
  void aSearchIsAnsweredFromTheRunDirectoryOnceItWasMade() throws Exception {
    Counting source = new Counting();
    RunLibrary library = new RunLibrary(run, List.of(source), Clock.systemUTC());

    List<Passage> first = library.passages("bmi progression", 5);
    source.down = true; // as in a resumed run with no network
    RunLibrary resumed = new RunLibrary(run, List.of(source), Clock.systemUTC());
    List<Passage> again = resumed.passages("bmi progression", 5);

    assertThat(source.searches).hasValue(1);
    assertThat(again).isEqualTo(first);
    // a search of papers was not made before: it asks the source, which is down now
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> resumed.search("bmi progression", 5))
        .isInstanceOf(LiteratureException.class);
    assertThat(source.searches).hasValue(2);
    assertThat(Files.list(run.resolve("literature/searches")).count()).isEqualTo(1);
  }

  @Test
  void papersAndReadsAreCachedToo() {
    Counting source = new Counting();
    RunLibrary library = new RunLibrary(run, List.of(source), Clock.systemUTC());
    assertThat(library.search("bmi", 3)).containsExactly(PAPER);
    assertThat(library.read(PAPER.id()))
        .singleElement()
        .extracting(Passage::locator)
        .isEqualTo("page 2");
    source.down = true;
    RunLibrary resumed = new RunLibrary(run, List.of(source), Clock.systemUTC());
    assertThat(resumed.search("bmi", 3)).containsExactly(PAPER);
    assertThat(resumed.read(PAPER.id())).singleElement().extracting(Passage::start).isEqualTo(1200);
  }

  @Test
  void citationsAreCheckedAgainstTheRetrievedText() {
    RunLibrary library = new RunLibrary(run, List.of(new Counting()), Clock.systemUTC());
    library.passages("bmi", 5);
    library.read(PAPER.id());
    CachedTexts texts = new CachedTexts(run);

    assertThat(
            texts.problem(
                Citation.PaperPassage.of(
                    PAPER.id(),
                    "abstract",
                    "Higher BMI predicted faster progression of diabetes.")))
        .isNull();
    assertThat(
            texts.problem(
                Citation.PaperPassage.of(
                    PAPER.id(), "abstract", "higher   BMI predicted faster progression")))
        .as("case and white space are forgiven")
        .isNull();
    assertThat(texts.problem(Citation.PaperPassage.of(PAPER.id(), "page 2", "in every subgroup")))
        .isNull();
    assertThat(texts.problem(Citation.PaperPassage.of(PAPER.id(), "title", "BMI and progression")))
        .isNull();
    assertThat(texts.problem(Citation.PaperPassage.of(PAPER.id(), "", "in every subgroup")))
        .isNull();

    assertThat(
            texts.problem(
                Citation.PaperPassage.of(
                    PAPER.id(), "abstract", "Lower BMI predicted slower progression")))
        .contains("does not occur in the text of doi:10.1/bmi");
    assertThat(texts.problem(Citation.PaperPassage.of(PAPER.id(), "page 3", "in every subgroup")))
        .contains("is in the page 2 of doi:10.1/bmi, not its page 3");
    assertThat(
            texts.problem(
                new Citation.PaperPassage(
                    PAPER.id(),
                    "abstract",
                    "Higher BMI predicted faster progression",
                    "0".repeat(64))))
        .contains("SHA-256 differs");
    assertThat(texts.problem(Citation.PaperPassage.of("doi:10.9/other", "abstract", "anything")))
        .contains("no text of paper doi:10.9/other was retrieved");
  }

  @Test
  void theSearchLogSaysWhoAnsweredAndWhoFellBack() {
    Counting down = new Counting();
    down.down = true;
    LiteratureSource up =
        new LiteratureSource() {
          @Override
          public List<Paper> search(String query, int limit) {
            return query.contains("nothing") ? List.of() : List.of(PAPER);
          }

          @Override
          public String name() {
            return "backup";
          }
        };
    RunLibrary library = new RunLibrary(run, List.of(down, up), Clock.systemUTC());
    library.passages("bmi", 5);
    library.passages("nothing here", 5);

    assertThat(SearchLog.summary(run))
        .startsWith("Literature: 2 search(es) through counting > backup; backup answered 1;")
        .contains("1 found nothing in any source")
        .contains(
            "Fallbacks: 1 search(es) answered by a later source because an earlier one failed"
                + " (counting: left out while resting after a failure ×1; counting: unreachable ×1)");
    assertThat(SearchLog.summary(run.resolve("elsewhere"))).isNull();
  }
}
