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
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/**
 * {@link OpenAlexSource} against fixtures in the format of the OpenAlex API documentation, "Works"
 * ({@code GET /works?search=}: {@code meta}, {@code results} of works with {@code id}, {@code doi},
 * {@code display_name}, {@code publication_year}, {@code authorships[].author.display_name}, the
 * abstract as {@code abstract_inverted_index} and {@code primary_location.landing_page_url}).
 */
class OpenAlexSourceTest extends LiteratureSourceConformance {

  @Override
  protected LiteratureSource newSource(HttpUrl server, Sleeper sleeper, int maxRetries) {
    return OpenAlexSource.builder()
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
            {"meta": {"count": 2, "db_response_time_ms": 31, "page": 1, "per_page": 2},
             "results": [
              {"id": "https://openalex.org/W2741809807",
               "doi": "https://doi.org/10.7717/peerj.4375",
               "display_name": "The state of OA: a large-scale analysis",
               "publication_year": 2018,
               "authorships": [
                 {"author_position": "first", "author": {"id": "https://openalex.org/A1", "display_name": "Heather Piwowar"}},
                 {"author_position": "last", "author": {"id": "https://openalex.org/A2", "display_name": "Jason Priem"}}],
               "abstract_inverted_index": {"Despite": [0], "growing": [1], "interest": [2], "in": [3, 6], "Open": [4], "Access": [5], "practice.": [7]},
               "primary_location": {"landing_page_url": "https://peerj.com/articles/4375"}},
              {"id": "https://openalex.org/W123",
               "doi": null,
               "display_name": "Glucose variability without a DOI",
               "publication_year": null,
               "authorships": [],
               "abstract_inverted_index": null,
               "primary_location": null}
             ]}
            """));
  }

  @Override
  protected List<Paper> expectedPapers() {
    return List.of(
        new Paper(
            "doi:10.7717/peerj.4375",
            "10.7717/peerj.4375",
            "The state of OA: a large-scale analysis",
            List.of("Heather Piwowar", "Jason Priem"),
            2018,
            "Despite growing interest in Open Access in practice.",
            "https://peerj.com/articles/4375",
            "openalex"),
        new Paper(
            "openalex:W123",
            null,
            "Glucose variability without a DOI",
            List.of(),
            null,
            "",
            "https://openalex.org/W123",
            "openalex"));
  }

  @Override
  protected void enqueueNoResults() {
    server.enqueue(
        json("{\"meta\": {\"count\": 0, \"page\": 1, \"per_page\": 5}, \"results\": []}"));
  }

  @Override
  protected MockResponse malformed() {
    return json("{\"meta\": {\"count\": 1}, \"results\": {\"oops\": 1}}");
  }

  @Override
  protected void assertSearchRequest(RecordedRequest request) {
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/works");
    assertThat(request.getUrl().queryParameter("search")).isEqualTo(QUERY);
    assertThat(request.getUrl().queryParameter("per_page")).isEqualTo("2");
    assertThat(request.getUrl().queryParameter("select")).contains("abstract_inverted_index");
    assertThat(request.getUrl().queryParameter("mailto")).isNull();
    assertThat(request.getUrl().queryParameter("api_key")).isNull();
  }

  @Test
  void contactAddressAndKeyComeFromTheEnvironmentAndTheKeyIsNeverShown() throws Exception {
    String key = "oa-secret-0123456789";
    LiteratureSource source =
        OpenAlexSource.fromEnvironment(
            Map.of(
                "OPENALEX_API_KEY",
                key,
                "KOSMOS_CONTACT_EMAIL",
                "me@example.org",
                "OPENALEX_BASE_URL",
                server.url("/").toString()));
    enqueueNoResults();

    source.search(QUERY, 3);

    RecordedRequest request = take();
    assertThat(request.getUrl().queryParameter("mailto")).isEqualTo("me@example.org");
    assertThat(request.getUrl().queryParameter("api_key")).isEqualTo(key);
    assertThat(source.toString()).doesNotContain(key);
  }

  @Test
  void forbiddenIsOpenAlexsWayOfSayingRateLimited() {
    server.enqueue(
        new MockResponse.Builder().code(403).body("{\"error\": \"Rate limit exceeded\"}").build());
    LiteratureSource source = newSource(server.url("/"), sleeper, 0);

    assertThatThrownBy(() -> source.search(QUERY, 2))
        .isInstanceOfSatisfying(
            LiteratureException.class,
            e -> assertThat(e.reason()).isEqualTo(LiteratureException.Reason.RATE_LIMITED))
        .hasMessageContaining("OPENALEX_API_KEY");
  }

  @Test
  void abstractIsRebuiltFromTheInvertedIndexInWordOrder() throws Exception {
    var index = MAPPER.readTree("{\"b\": [1], \"a\": [0, 2], \"c\": [4], \"x\": [-1]}");
    assertThat(OpenAlexSource.abstractText(index)).isEqualTo("a b a c");
    assertThat(OpenAlexSource.abstractText(null)).isEmpty();
  }

  @Test
  void aBaseUrlVariableThatIsNotAUrlIsTheUsersMistake() {
    assertThatThrownBy(() -> OpenAlexSource.fromEnvironment(Map.of("OPENALEX_BASE_URL", "nope")))
        .isInstanceOf(io.kosmos.api.InvalidInputException.class)
        .hasMessageContaining("OPENALEX_BASE_URL")
        .hasMessageContaining("nope");
  }
}
