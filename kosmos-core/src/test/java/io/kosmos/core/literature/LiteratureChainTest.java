package io.kosmos.core.literature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kosmos.api.LiteratureException;
import io.kosmos.api.LiteratureSource;
import io.kosmos.api.Paper;
import io.kosmos.api.Passage;
import io.kosmos.core.http.TransportOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link LiteratureChain}: real sources against local servers that refuse (429 with and without
 * Retry-After, 5xx, timeouts, malformed bodies), and the next source answering.
 */
class LiteratureChainTest {

  private MockWebServer s2;
  private MockWebServer openAlex;
  private final List<Duration> sleeps = new ArrayList<>();
  private final MutableClock clock = new MutableClock();

  @BeforeEach
  void start() throws Exception {
    s2 = new MockWebServer();
    s2.start();
    openAlex = new MockWebServer();
    openAlex.start();
  }

  @AfterEach
  void stop() {
    s2.close();
    openAlex.close();
  }

  private TransportOptions transport() {
    return TransportOptions.builder()
        .sleeper(sleeps::add)
        .maxRetries(1)
        .maxRetryAfter(Duration.ofSeconds(10))
        .backoff(Duration.ofMillis(100), Duration.ofSeconds(1))
        .jitter(false)
        .requestsPerMinute(0)
        .callTimeout(Duration.ofMillis(500))
        .build();
  }

  private LiteratureChain chain() {
    return LiteratureChain.builder()
        .source(SemanticScholarSource.builder().baseUrl(url(s2)).transport(transport()).build())
        .source(OpenAlexSource.builder().baseUrl(url(openAlex)).transport(transport()).build())
        .cooldown(Duration.ofMinutes(2))
        .clock(clock)
        .build();
  }

  private static String url(MockWebServer server) {
    HttpUrl u = server.url("/");
    return u.toString();
  }

  private void openAlexAnswers() {
    openAlex.enqueue(
        new MockResponse.Builder()
            .setHeader("Content-Type", "application/json")
            .body(
                """
                {"results": [{"id": "https://openalex.org/W1", "doi": "https://doi.org/10.1/bmi",
                  "display_name": "BMI and progression", "publication_year": 2020,
                  "authorships": [{"author": {"display_name": "A. Author"}}],
                  "abstract_inverted_index": {"Higher": [0], "BMI": [1], "speeds": [2], "progression.": [3]}}]}
                """)
            .build());
  }

  private static MockResponse status(int code, String retryAfter) {
    MockResponse.Builder b = new MockResponse.Builder().code(code).body("refused");
    if (retryAfter != null) {
      b.setHeader("Retry-After", retryAfter);
    }
    return b.build();
  }

  @Test
  void rateLimitedWithoutRetryAfterFallsBackToTheNextSource() {
    s2.enqueue(status(429, null));
    s2.enqueue(status(429, null));
    openAlexAnswers();

    LiteratureChain.Answer<Passage> answer = chain().answer("bmi progression", 5);

    assertThat(answer.answeredBy()).isEqualTo("openalex");
    assertThat(answer.fellBack()).isTrue();
    assertThat(answer.results())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.text()).isEqualTo("Higher BMI speeds progression.");
              assertThat(p.locator()).isEqualTo("abstract");
              assertThat(p.paper().source()).isEqualTo("openalex");
            });
    assertThat(answer.attempts())
        .extracting(LiteratureChain.Attempt::source, LiteratureChain.Attempt::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("semantic-scholar", LiteratureChain.Outcome.FAILED),
            org.assertj.core.groups.Tuple.tuple("openalex", LiteratureChain.Outcome.ANSWERED));
    assertThat(answer.attempts().getFirst().reason())
        .isEqualTo(LiteratureException.Reason.RATE_LIMITED);
    assertThat(s2.getRequestCount()).isEqualTo(2); // one retry, then the next source
  }

  @Test
  void aRetryAfterLongerThanTheSourceWaitsFallsBackAtOnceAndRestsTheSource() throws Exception {
    s2.enqueue(status(429, "600"));
    openAlexAnswers();
    openAlexAnswers();
    LiteratureChain chain = chain();

    assertThat(chain.answer("bmi progression", 5).answeredBy()).isEqualTo("openalex");
    assertThat(s2.getRequestCount()).isEqualTo(1);
    assertThat(sleeps).isEmpty();

    // Semantic Scholar asked for 10 minutes: within them it is not asked again.
    clock.advance(Duration.ofMinutes(5));
    LiteratureChain.Answer<Passage> second = chain.answer("bmi outcome", 5);
    assertThat(second.attempts().getFirst().outcome()).isEqualTo(LiteratureChain.Outcome.SKIPPED);
    assertThat(second.attempts().getFirst().detail()).contains("rate limited");
    assertThat(s2.getRequestCount()).isEqualTo(1);

    clock.advance(Duration.ofMinutes(6));
    s2.enqueue(
        new MockResponse.Builder()
            .setHeader("Content-Type", "application/json")
            .body("{\"total\": 0}")
            .build());
    openAlexAnswers();
    LiteratureChain.Answer<Passage> third = chain.answer("bmi later", 5);
    assertThat(third.attempts().getFirst().outcome()).isEqualTo(LiteratureChain.Outcome.EMPTY);
    assertThat(third.answeredBy()).isEqualTo("openalex");
  }

  @Test
  void serverErrorsAndMalformedAnswersFallBack() {
    s2.enqueue(status(503, null));
    s2.enqueue(status(502, null));
    openAlexAnswers();
    assertThat(chain().answer("q", 5).attempts().getFirst().reason())
        .isEqualTo(LiteratureException.Reason.SERVER_ERROR);

    s2.enqueue(new MockResponse.Builder().body("{not json").build());
    openAlexAnswers();
    LiteratureChain.Answer<Passage> malformed = chain().answer("q", 5);
    assertThat(malformed.attempts().getFirst().reason())
        .isEqualTo(LiteratureException.Reason.MALFORMED);
    assertThat(malformed.answeredBy()).isEqualTo("openalex");
  }

  @Test
  void aTimeoutFallsBack() {
    s2.enqueue(new MockResponse.Builder().body("{}").headersDelay(2, TimeUnit.SECONDS).build());
    s2.enqueue(new MockResponse.Builder().body("{}").headersDelay(2, TimeUnit.SECONDS).build());
    openAlexAnswers();

    LiteratureChain.Answer<Passage> answer = chain().answer("q", 5);

    assertThat(answer.attempts().getFirst().reason()).isEqualTo(LiteratureException.Reason.TIMEOUT);
    assertThat(answer.answeredBy()).isEqualTo("openalex");
  }

  @Test
  void everySourceFailingIsOneExceptionThatNamesThemAll() {
    s2.enqueue(status(500, null));
    s2.enqueue(status(500, null));
    openAlex.enqueue(status(400, null));

    assertThatThrownBy(() -> chain().answer("bmi", 5))
        .isInstanceOf(LiteratureException.class)
        .hasMessageContaining("no literature source could answer 'bmi'")
        .hasMessageContaining("semantic-scholar: ")
        .hasMessageContaining("openalex: ");
  }

  @Test
  void nothingFoundAnywhereIsAnEmptyAnswerNotAFailure() {
    LiteratureChain chain =
        LiteratureChain.builder()
            .source(fixed("a", List.of()))
            .source(fixed("b", List.of()))
            .build();

    LiteratureChain.Answer<Passage> answer = chain.answer("q", 3);

    assertThat(answer.results()).isEmpty();
    assertThat(answer.answeredBy()).isNull();
    assertThat(answer.attempts()).hasSize(2);
  }

  @Test
  void theFirstSourceWithResultsAnswersAndTheRestAreNotAsked() {
    Paper p = new Paper("x:1", null, "T", List.of(), null, "An abstract.", null, "a");
    LiteratureSource never =
        new LiteratureSource() {
          @Override
          public List<Paper> search(String query, int limit) {
            throw new AssertionError("asked");
          }

          @Override
          public String name() {
            return "never";
          }
        };
    LiteratureChain chain =
        LiteratureChain.builder().source(fixed("a", List.of(p))).source(never).build();

    assertThat(chain.search("q", 3)).containsExactly(p);
    assertThat(chain.name()).isEqualTo("a > never");
  }

  @Test
  void builderChecksItsOptions() {
    assertThatThrownBy(() -> LiteratureChain.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("source(...)");
    assertThatThrownBy(
            () ->
                LiteratureChain.builder()
                    .source(fixed("a", List.of()))
                    .source(fixed("a", List.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'a'");
    assertThatThrownBy(() -> LiteratureChain.builder().cooldown(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cooldown")
        .hasMessageEndingWith("PT-1S");
    assertThatThrownBy(
            () -> LiteratureChain.builder().cooldown(Duration.ZERO).cooldown(Duration.ZERO))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cooldown was already set; set each option once");
  }

  private static LiteratureSource fixed(String name, List<Paper> papers) {
    return new LiteratureSource() {
      @Override
      public List<Paper> search(String query, int limit) {
        return papers;
      }

      @Override
      public String name() {
        return name;
      }
    };
  }

  /** A clock tests move by hand. */
  static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-03-01T10:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
