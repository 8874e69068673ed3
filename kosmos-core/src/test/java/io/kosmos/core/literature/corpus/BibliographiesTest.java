package io.kosmos.core.literature.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The bibliography readers on entries as reference managers write them. */
class BibliographiesTest {

  @Test
  void bibtexFieldsInBracesQuotesNumbersAndConcatenations() {
    List<Reference> refs =
        Bibliographies.bibtex(
            """
            @string{jdr = "Journal of Diabetes Research"}
            @Article{key1,
              title = "A {\\'E}tude of \\textit{insulin} -- resistance",
              author = {van der Berg, Anna and Bob O'Neil},
              journal = jdr # " (online)",
              year = {2017}, doi = "10.1/ABC"
            }
            @book(key2, title = {Second}, year = 1999)
            @misc{broken, title = {never closed
            """,
            "refs.bib");
    assertThat(refs).hasSize(2);
    Reference a = refs.getFirst();
    assertThat(a.key()).isEqualTo("key1");
    assertThat(a.title()).isEqualTo("A Étude of insulin – resistance");
    assertThat(a.authors()).containsExactly("Anna van der Berg", "Bob O'Neil");
    assertThat(a.year()).isEqualTo(2017);
    assertThat(a.doi()).isEqualTo("10.1/ABC");
    assertThat(refs.get(1).title()).isEqualTo("Second");
    assertThat(refs.get(1).year()).isEqualTo(1999);
  }

  @Test
  void risEntriesAndTheirFileLinks() {
    List<Reference> refs =
        Bibliographies.ris(
            "TY  - JOUR\nID  - r1\nAU  - Doe, Ann\nA1  - Roe, Ben\nT1  - First\nPY  - 2011///\n"
                + "L1  - file:///C:/papers/first.pdf\nER  - \nTY  - JOUR\nTI  - Second\nER  -\n",
            "x.ris");
    assertThat(refs).hasSize(2);
    assertThat(refs.getFirst().authors()).containsExactly("Ann Doe", "Ben Roe");
    assertThat(refs.getFirst().files()).containsExactly("first.pdf");
    assertThat(refs.getFirst().year()).isEqualTo(2011);
    assertThat(refs.get(1).title()).isEqualTo("Second");
  }

  @Test
  void cslJsonItemsInAnArrayOrAnObject() throws Exception {
    assertThat(
            Bibliographies.cslJson(
                "{\"items\": [{\"id\": \"a\", \"title\": \"T\", \"issued\": {\"raw\": \"May 2003\"},"
                    + " \"author\": [{\"literal\": \"WHO\"}]}]}",
                "c.json"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.year()).isEqualTo(2003);
              assertThat(r.authors()).containsExactly("WHO");
            });
    assertThat(Bibliographies.cslJson("{\"name\": \"package.json\"}", "package.json")).isEmpty();
  }
}
