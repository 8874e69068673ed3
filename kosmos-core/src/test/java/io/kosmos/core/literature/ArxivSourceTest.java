package io.kosmos.core.literature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kosmos.api.LiteratureException;
import io.kosmos.api.LiteratureSource;
import io.kosmos.api.Paper;
import io.kosmos.api.Sleeper;
import io.kosmos.core.http.TransportOptions;
import io.kosmos.testing.LiteratureSourceConformance;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/**
 * {@link ArxivSource} against fixtures in the Atom format of the arXiv API User's Manual ({@code
 * GET /api/query}: a {@code feed} with {@code opensearch:totalResults} and one {@code entry} per
 * paper holding {@code id}, {@code published}, {@code title}, {@code summary}, {@code author/name},
 * {@code link rel="alternate"} and, when known, {@code arxiv:doi}; errors come as an entry whose id
 * is {@code http://arxiv.org/api/errors#...}).
 */
class ArxivSourceTest extends LiteratureSourceConformance {

  @Override
  protected LiteratureSource newSource(HttpUrl server, Sleeper sleeper, int maxRetries) {
    return ArxivSource.builder()
        .baseUrl(server.toString())
        .transport(
            TransportOptions.builder()
                .sleeper(sleeper)
                .maxRetries(maxRetries)
                .backoff(Duration.ofMillis(100), Duration.ofSeconds(1))
                .jitter(false)
                .requestsPerMinute(0)
                .build())
        .build();
  }

  private static MockResponse atom(String entries, int total) {
    return new MockResponse.Builder()
        .setHeader("Content-Type", "application/atom+xml; charset=utf-8")
        .body(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
              <link href="http://arxiv.org/api/query?search_query%%3Dall%%3Aglucose&amp;id_list%%3D&amp;start%%3D0&amp;max_results%%3D2" rel="self" type="application/atom+xml"/>
              <title type="html">ArXiv Query: search_query=all:glucose AND all:variability&amp;id_list=&amp;start=0&amp;max_results=2</title>
              <id>http://arxiv.org/api/cHxbiOdZaP56ODnBPIenZhzg5f8</id>
              <updated>2025-11-04T00:00:00-05:00</updated>
              <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">%d</opensearch:totalResults>
              <opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">0</opensearch:startIndex>
              <opensearch:itemsPerPage xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">2</opensearch:itemsPerPage>
            %s
            </feed>
            """
                .formatted(total, entries))
        .build();
  }

  @Override
  protected void enqueueResults() {
    server.enqueue(
        atom(
            """
              <entry>
                <id>http://arxiv.org/abs/2511.02824v2</id>
                <published>2025-11-04T18:00:00Z</published>
                <updated>2025-11-05T18:00:00Z</updated>
                <title>Kosmos: An AI Scientist for
                  Autonomous Discovery</title>
                <summary>  Data-driven scientific discovery requires
                  iterative cycles.  </summary>
                <author><name>Ludovico Mitchener</name></author>
                <author><name>Angela Yiu</name></author>
                <link href="http://arxiv.org/abs/2511.02824v2" rel="alternate" type="text/html"/>
                <link title="pdf" href="http://arxiv.org/pdf/2511.02824v2" rel="related" type="application/pdf"/>
                <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="cs.AI" scheme="http://arxiv.org/schemas/atom"/>
                <category term="cs.AI" scheme="http://arxiv.org/schemas/atom"/>
              </entry>
              <entry>
                <id>http://arxiv.org/abs/hep-ex/0307015v1</id>
                <published>2003-07-07T13:46:39-04:00</published>
                <updated>2003-07-07T13:46:39-04:00</updated>
                <title>Multi-Electron Production at High Transverse Momenta in ep Collisions at HERA</title>
                <summary>Multi-electron production is studied.</summary>
                <author><name>H1 Collaboration</name></author>
                <arxiv:doi xmlns:arxiv="http://arxiv.org/schemas/atom">10.1140/epjc/s2003-01326-x</arxiv:doi>
                <arxiv:journal_ref xmlns:arxiv="http://arxiv.org/schemas/atom">Eur.Phys.J. C31 (2003) 17-29</arxiv:journal_ref>
                <link href="http://arxiv.org/abs/hep-ex/0307015v1" rel="alternate" type="text/html"/>
                <category term="hep-ex" scheme="http://arxiv.org/schemas/atom"/>
              </entry>
            """,
            2));
  }

  @Override
  protected List<Paper> expectedPapers() {
    return List.of(
        new Paper(
            "arxiv:2511.02824",
            null,
            "Kosmos: An AI Scientist for Autonomous Discovery",
            List.of("Ludovico Mitchener", "Angela Yiu"),
            2025,
            "Data-driven scientific discovery requires iterative cycles.",
            "http://arxiv.org/abs/2511.02824v2",
            "arxiv"),
        new Paper(
            "doi:10.1140/epjc/s2003-01326-x",
            "10.1140/epjc/s2003-01326-x",
            "Multi-Electron Production at High Transverse Momenta in ep Collisions at HERA",
            List.of("H1 Collaboration"),
            2003,
            "Multi-electron production is studied.",
            "http://arxiv.org/abs/hep-ex/0307015v1",
            "arxiv"));
  }

  @Override
  protected void enqueueNoResults() {
    server.enqueue(atom("", 0));
  }

  @Override
  protected MockResponse malformed() {
    return new MockResponse.Builder()
        .body("<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>")
        .build();
  }

  @Override
  protected void assertSearchRequest(RecordedRequest request) {
    assertThat(request.getUrl().encodedPath()).isEqualTo("/api/query");
    assertThat(request.getUrl().queryParameter("search_query"))
        .isEqualTo("all:glucose AND all:variability");
    assertThat(request.getUrl().queryParameter("start")).isEqualTo("0");
    assertThat(request.getUrl().queryParameter("max_results")).isEqualTo("2");
  }

  @Test
  void apiErrorsAreReported() {
    server.enqueue(
        atom(
            """
              <entry>
                <id>http://arxiv.org/api/errors#incorrect_id_format_for_1234.12345</id>
                <title>Error</title>
                <summary>incorrect id format for 1234.12345</summary>
                <updated>2007-10-12T00:00:00-04:00</updated>
                <link href="http://arxiv.org/api/errors#incorrect_id_format_for_1234.12345" rel="alternate" type="text/html"/>
                <author><name>arXiv api core</name></author>
              </entry>
            """,
            1));

    assertThatThrownBy(() -> source().search(QUERY, 2))
        .isInstanceOf(LiteratureException.class)
        .hasMessageContaining("incorrect id format");
  }

  @Test
  void aDocumentThatIsNotAtomIsMalformed() {
    server.enqueue(
        new MockResponse.Builder().body("<html><body>maintenance</body></html>").build());
    assertThatThrownBy(() -> source().search(QUERY, 2)).hasMessageContaining("not an Atom feed");
  }

  @Test
  void externalEntitiesAreNeverResolved() {
    server.enqueue(
        new MockResponse.Builder()
            .body(
                """
                <?xml version="1.0"?>
                <!DOCTYPE feed [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <feed xmlns="http://www.w3.org/2005/Atom">
                  <entry><id>http://arxiv.org/abs/1234.5678v1</id><title>&xxe;</title>
                  <summary>s</summary></entry>
                </feed>
                """)
            .build());

    // Either the parser refuses the document, or it leaves the entity unexpanded: never the file.
    try {
      List<Paper> papers = source().search(QUERY, 2);
      assertThat(papers).allSatisfy(p -> assertThat(p.title()).doesNotContain("root:"));
    } catch (LiteratureException e) {
      assertThat(e.getMessage()).doesNotContain("root:");
    }
  }

  @Test
  void queryWordsBecomeRequiredTerms() {
    assertThat(ArxivSource.searchQuery("  single-cell RNA, ageing! "))
        .isEqualTo("all:single-cell AND all:RNA AND all:ageing");
    assertThat(ArxivSource.searchQuery("!!")).isEmpty();
  }
}
