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
 * {@link SemanticScholarSource} against fixtures in the format of the Semantic Scholar Academic
 * Graph API documentation, "Paper relevance search" ({@code GET /graph/v1/paper/search}: {@code
 * total}, {@code offset}, {@code next}, {@code data} of papers with the requested fields).
 */
class SemanticScholarSourceTest extends LiteratureSourceConformance {

  @Override
  protected LiteratureSource newSource(HttpUrl server, Sleeper sleeper, int maxRetries) {
    return SemanticScholarSource.builder()
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

  private static MockResponse json(String body) {
    return new MockResponse.Builder()
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  @Override
  protected void enqueueResults() {
    server.enqueue(
        json(
            """
            {"total": 15117, "offset": 0, "next": 2, "data": [
              {"paperId": "649def34f8be52c8b66281af98ae884c09aef38b",
               "externalIds": {"DOI": "10.18653/V1/N18-3011", "CorpusId": 19170988},
               "url": "https://www.semanticscholar.org/paper/649def34f8be52c8b66281af98ae884c09aef38b",
               "title": "Construction of the Literature Graph in Semantic Scholar",
               "abstract": "We describe a deployed scalable system.",
               "year": 2018,
               "authors": [{"authorId": "1741101", "name": "Waleed Ammar"},
                           {"authorId": "3458736", "name": "Dirk Groeneveld"}]},
              {"paperId": "0123456789abcdef0123456789abcdef01234567",
               "externalIds": {"ArXiv": "2511.02824", "CorpusId": 1},
               "url": "https://www.semanticscholar.org/paper/0123456789abcdef0123456789abcdef01234567",
               "title": "Kosmos: An AI Scientist",
               "abstract": null,
               "year": null,
               "authors": []}
            ]}
            """));
  }

  @Override
  protected List<Paper> expectedPapers() {
    return List.of(
        new Paper(
            "doi:10.18653/v1/n18-3011",
            "10.18653/V1/N18-3011",
            "Construction of the Literature Graph in Semantic Scholar",
            List.of("Waleed Ammar", "Dirk Groeneveld"),
            2018,
            "We describe a deployed scalable system.",
            "https://www.semanticscholar.org/paper/649def34f8be52c8b66281af98ae884c09aef38b",
            "semantic-scholar"),
        new Paper(
            "arxiv:2511.02824",
            null,
            "Kosmos: An AI Scientist",
            List.of(),
            null,
            "",
            "https://www.semanticscholar.org/paper/0123456789abcdef0123456789abcdef01234567",
            "semantic-scholar"));
  }

  @Override
  protected void enqueueNoResults() {
    // The API leaves "data" out when nothing matches.
    server.enqueue(json("{\"total\": 0, \"offset\": 0}"));
  }

  @Override
  protected MockResponse malformed() {
    return json("{\"total\": 3, \"data\": [");
  }

  @Override
  protected void assertSearchRequest(RecordedRequest request) {
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/graph/v1/paper/search");
    assertThat(request.getUrl().queryParameter("query")).isEqualTo(QUERY);
    assertThat(request.getUrl().queryParameter("limit")).isEqualTo("2");
    assertThat(request.getUrl().queryParameter("fields")).contains("externalIds", "abstract");
    assertThat(request.getHeaders().get("x-api-key")).isNull();
  }

  @Test
  void apiKeyIsSentAsAHeaderAndNeverShown() throws Exception {
    String key = "s2-secret-key-0123456789";
    LiteratureSource source =
        SemanticScholarSource.builder()
            .baseUrl(server.url("/").toString())
            .apiKey(key)
            .transport(TransportOptions.builder().maxRetries(0).build())
            .build();
    server.enqueue(
        new MockResponse.Builder()
            .code(403)
            .body("{\"message\": \"Forbidden " + key + "\"}")
            .build());

    assertThatThrownBy(() -> source.search(QUERY, 2))
        .isInstanceOf(LiteratureException.class)
        .hasMessageContaining("SEMANTIC_SCHOLAR_API_KEY")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(key));
    assertThat(take().getHeaders().get("x-api-key")).isEqualTo(key);
    assertThat(source.toString()).doesNotContain(key);
  }

  @Test
  void limitIsCappedAtTheApisMaximum() throws Exception {
    enqueueNoResults();
    source().search(QUERY, 500);
    assertThat(take().getUrl().queryParameter("limit")).isEqualTo("100");
  }
}
