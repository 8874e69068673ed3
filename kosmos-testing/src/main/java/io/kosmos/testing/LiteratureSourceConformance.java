package io.kosmos.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kosmos.api.LiteratureException;
import io.kosmos.api.LiteratureSource;
import io.kosmos.api.Paper;
import io.kosmos.api.Passage;
import io.kosmos.api.Sleeper;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every HTTP {@link LiteratureSource} must have, run against a {@link MockWebServer}
 * answering in the source's documented format: results mapped to papers, empty and blank queries,
 * Retry-After (with and without), retries of server errors, client errors and malformed bodies, the
 * kind of each failure, and passages from abstracts. A source's test extends this class and
 * supplies the fixtures; no test sleeps for real.
 */
public abstract class LiteratureSourceConformance extends HttpClientConformance {

  /** Creates the suite; the subclass supplies the fixtures. */
  protected LiteratureSourceConformance() {}

  /** The query of the tests. */
  protected static final String QUERY = "glucose variability";

  /**
   * Builds the source under test: base URL from the server, this sleeper, no jitter, no rate limit,
   * a 100 ms backoff base.
   *
   * @param server the server's root URL
   * @param sleeper the sleeper
   * @param maxRetries the retries
   * @return the source
   */
  protected abstract LiteratureSource newSource(HttpUrl server, Sleeper sleeper, int maxRetries);

  /** Enqueues the answers to a search for {@link #QUERY} that finds {@link #expectedPapers()}. */
  protected abstract void enqueueResults();

  /**
   * What the search of {@link #enqueueResults()} returns, in order.
   *
   * @return the papers
   */
  protected abstract List<Paper> expectedPapers();

  /** Enqueues the answers to a search that finds nothing. */
  protected abstract void enqueueNoResults();

  /**
   * A successful answer with a malformed body, to the source's first request.
   *
   * @return the response
   */
  protected abstract MockResponse malformed();

  /**
   * Checks the source's first request for {@link #QUERY} with limit 2.
   *
   * @param request the request
   */
  protected abstract void assertSearchRequest(RecordedRequest request);

  /**
   * The source with 2 retries.
   *
   * @return the source
   */
  protected LiteratureSource source() {
    return newSource(server.url("/"), sleeper, 2);
  }

  @Test
  void searchResultsMapToPapers() throws Exception {
    enqueueResults();

    List<Paper> papers = source().search(QUERY, 2);

    assertThat(papers).isEqualTo(expectedPapers());
    assertThat(papers).allSatisfy(p -> assertThat(p.source()).isEqualTo(source().name()));
    assertSearchRequest(take());
    assertThat(sleeps).isEmpty();
  }

  @Test
  void emptyResultIsAnEmptyList() {
    enqueueNoResults();
    assertThat(source().search("zzqxv nothing", 5)).isEmpty();
  }

  @Test
  void blankQueryAsksNothing() {
    assertThat(source().search("  ", 5)).isEmpty();
    assertThat(server.getRequestCount()).isZero();
    assertThatThrownBy(() -> source().search(QUERY, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rateLimitWithRetryAfterIsWaitedForThenSucceeds() {
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .setHeader("Retry-After", "5")
            .body("{\"message\": \"Too Many Requests\"}")
            .build());
    enqueueResults();

    assertThat(source().search(QUERY, 2)).isEqualTo(expectedPapers());
    assertThat(sleeps).containsExactly(Duration.ofSeconds(5));
  }

  @Test
  void rateLimitWithoutRetryAfterBacksOffThenSucceeds() {
    server.enqueue(new MockResponse.Builder().code(429).body("Too Many Requests").build());
    enqueueResults();

    assertThat(source().search(QUERY, 2)).isEqualTo(expectedPapers());
    assertThat(sleeps).containsExactly(Duration.ofMillis(100));
  }

  @Test
  void rateLimitThatPersistsIsARateLimitedFailure() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(
          new MockResponse.Builder()
              .code(429)
              .setHeader("Retry-After", "7")
              .body("slow down")
              .build());
    }

    assertThatThrownBy(() -> source().search(QUERY, 2))
        .isInstanceOfSatisfying(
            LiteratureException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(LiteratureException.Reason.RATE_LIMITED);
              assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
            })
        .hasMessageContaining("429");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void passagesAreTheAbstractsOrTitlesOfThePapersFound() {
    enqueueResults();

    List<Passage> passages = source().passages(QUERY, 2);

    List<Paper> papers = expectedPapers();
    assertThat(passages).hasSize(papers.size());
    for (int i = 0; i < papers.size(); i++) {
      Paper p = papers.get(i);
      Passage passage = passages.get(i);
      assertThat(passage.paper()).isEqualTo(p);
      String text = p.abstractText().isBlank() ? p.title() : p.abstractText();
      assertThat(passage.locator()).isEqualTo(p.abstractText().isBlank() ? "title" : "abstract");
      assertThat(passage.text()).isEqualTo(text);
      assertThat(passage.end() - passage.start()).isEqualTo(text.length());
    }
  }

  @Test
  void serverErrorsThatPersistEndInALiteratureException() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse.Builder().code(503).body("Service Unavailable").build());
    }

    assertThatThrownBy(() -> source().search(QUERY, 2))
        .isInstanceOf(LiteratureException.class)
        .hasMessageContaining("503")
        .hasMessageContaining("3 attempts")
        .hasMessageContaining(QUERY)
        .satisfies(
            e ->
                assertThat(((LiteratureException) e).reason())
                    .isEqualTo(LiteratureException.Reason.SERVER_ERROR));
    assertThat(sleeps).hasSize(2);
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void clientErrorsAreNotRetried() {
    server.enqueue(new MockResponse.Builder().code(400).body("bad query").build());

    assertThatThrownBy(() -> source().search(QUERY, 2))
        .isInstanceOf(LiteratureException.class)
        .hasMessageContaining("400")
        .hasMessageContaining("bad query");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void malformedBodyIsALiteratureException() {
    server.enqueue(malformed());

    assertThatThrownBy(() -> source().search(QUERY, 2))
        .isInstanceOf(LiteratureException.class)
        .hasMessageContaining("malformed")
        .satisfies(
            e ->
                assertThat(((LiteratureException) e).reason())
                    .isEqualTo(LiteratureException.Reason.MALFORMED));
  }

  @Test
  void toStringShowsNoKey() {
    assertThat(source().toString()).doesNotContain("secret");
  }
}
