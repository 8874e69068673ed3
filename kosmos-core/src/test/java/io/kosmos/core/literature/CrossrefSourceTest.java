package io.kosmos.core.literature;

import static org.assertj.core.api.Assertions.assertThat;

import io.kosmos.api.LiteratureSource;
import io.kosmos.api.Paper;
import io.kosmos.api.Sleeper;
import io.kosmos.core.http.TransportOptions;
import io.kosmos.testing.LiteratureSourceConformance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/**
 * {@link CrossrefSource} against fixtures in the format of the Crossref REST API documentation
 * ({@code GET /works?query=}: {@code status}, {@code message-type: work-list}, {@code
 * message.items} with {@code DOI}, {@code title} (a list), {@code author} ({@code given}/{@code
 * family} or {@code name}), {@code issued.date-parts}, a JATS {@code abstract} and {@code URL}; the
 * rate limit in {@code X-Rate-Limit-Limit} and {@code X-Rate-Limit-Interval}).
 */
class CrossrefSourceTest extends LiteratureSourceConformance {

  @Override
  protected LiteratureSource newSource(HttpUrl server, Sleeper sleeper, int maxRetries) {
    return CrossrefSource.builder()
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
        .setHeader("X-Rate-Limit-Limit", "50")
        .setHeader("X-Rate-Limit-Interval", "1s")
        .body(body)
        .build();
  }

  @Override
  protected void enqueueResults() {
    server.enqueue(
        json(
            """
            {"status": "ok", "message-type": "work-list", "message-version": "1.0.0",
             "message": {"items-per-page": 2, "total-results": 2, "items": [
              {"DOI": "10.2337/dc10-1234",
               "title": ["Glucose variability and <i>complications</i>"],
               "author": [{"given": "Ada", "family": "Lovelace", "sequence": "first"},
                          {"name": "The DCCT Group", "sequence": "additional"}],
               "issued": {"date-parts": [[2011, 3]]},
               "abstract": "<jats:title>Abstract</jats:title><jats:p>Glucose variability predicts complications &amp; more.</jats:p>",
               "URL": "https://doi.org/10.2337/dc10-1234"},
              {"DOI": "10.1000/NO-ABSTRACT",
               "title": ["A paper without an abstract"],
               "issued": {"date-parts": [[null]]}}
             ]}}
            """));
  }

  @Override
  protected List<Paper> expectedPapers() {
    return List.of(
        new Paper(
            "doi:10.2337/dc10-1234",
            "10.2337/dc10-1234",
            "Glucose variability and complications",
            List.of("Ada Lovelace", "The DCCT Group"),
            2011,
            "Glucose variability predicts complications & more.",
            "https://doi.org/10.2337/dc10-1234",
            "crossref"),
        new Paper(
            "doi:10.1000/no-abstract",
            "10.1000/NO-ABSTRACT",
            "A paper without an abstract",
            List.of(),
            null,
            "",
            "https://doi.org/10.1000/NO-ABSTRACT",
            "crossref"));
  }

  @Override
  protected void enqueueNoResults() {
    server.enqueue(
        json(
            "{\"status\": \"ok\", \"message-type\": \"work-list\", \"message\": {\"total-results\":"
                + " 0, \"items\": []}}"));
  }

  @Override
  protected MockResponse malformed() {
    return json("{\"status\": \"failed\", \"message\": [\"query is bad\"]}");
  }

  @Override
  protected void assertSearchRequest(RecordedRequest request) {
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/works");
    assertThat(request.getUrl().queryParameter("query")).isEqualTo(QUERY);
    assertThat(request.getUrl().queryParameter("rows")).isEqualTo("2");
    assertThat(request.getUrl().queryParameter("select")).contains("abstract", "DOI");
    assertThat(request.getHeaders().get("User-Agent")).doesNotContain("mailto");
  }

  @Test
  void contactAddressGoesInTheQueryAndTheUserAgent() throws Exception {
    LiteratureSource source =
        CrossrefSource.fromEnvironment(
            Map.of(
                "KOSMOS_CONTACT_EMAIL",
                "me@example.org",
                "CROSSREF_BASE_URL",
                server.url("/").toString()));
    enqueueNoResults();

    source.search(QUERY, 3);

    RecordedRequest request = take();
    assertThat(request.getUrl().queryParameter("mailto")).isEqualTo("me@example.org");
    assertThat(request.getHeaders().get("User-Agent")).contains("mailto:me@example.org");
  }

  @Test
  void theAdvertisedRateLimitSlowsTheNextRequests() {
    // A frozen clock: the limiter's bucket never refills, so every request past the advertised
    // allowance shows as a wait the sleeper records.
    Clock frozen = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    LiteratureSource source =
        CrossrefSource.builder()
            .baseUrl(server.url("/").toString())
            .transport(
                TransportOptions.builder()
                    .sleeper(sleeper)
                    .clock(frozen)
                    .requestsPerMinute(0)
                    .build())
            .build();
    for (int i = 0; i < 4; i++) {
      server.enqueue(
          new MockResponse.Builder()
              .setHeader("X-Rate-Limit-Limit", "2")
              .setHeader("X-Rate-Limit-Interval", "60s")
              .body("{\"status\": \"ok\", \"message\": {\"items\": []}}")
              .build());
    }

    source.search("a", 1); // learns: 2 a minute
    source.search("b", 1); // a new, full bucket of 2
    source.search("c", 1);
    assertThat(sleeps).isEmpty();
    source.search("d", 1); // the bucket is empty: half a minute to the next permit

    assertThat(sleeps).containsExactly(Duration.ofSeconds(30));
  }

  @Test
  void advertisedLimitsAreReadAsRequestsAMinute() {
    assertThat(CrossrefSource.advertisedPerMinute("50", "1s")).isEqualTo(3000);
    assertThat(CrossrefSource.advertisedPerMinute("3000", "60s")).isEqualTo(3000);
    assertThat(CrossrefSource.advertisedPerMinute("5", "1m")).isEqualTo(5);
    assertThat(CrossrefSource.advertisedPerMinute(null, "1s")).isZero();
    assertThat(CrossrefSource.advertisedPerMinute("x", "1s")).isZero();
    assertThat(CrossrefSource.advertisedPerMinute("5", "soon")).isZero();
  }
}
