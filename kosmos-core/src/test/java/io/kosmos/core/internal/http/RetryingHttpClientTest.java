package io.kosmos.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

class RetryingHttpClientTest {

  private static final RetryPolicy NO_RETRY =
      new RetryPolicy(0, Duration.ZERO, Duration.ZERO, false, Duration.ZERO);

  @Test
  void neverHasMoreExchangesInFlightThanAllowed() throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    CountDownLatch started = new CountDownLatch(2);
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
              int now = inFlight.incrementAndGet();
              most.accumulateAndGet(now, Math::max);
              started.countDown();
              // Hold the first two until both arrived, so that a broken limit would show.
              started.await(200, TimeUnit.MILLISECONDS);
              inFlight.decrementAndGet();
              return new MockResponse.Builder().body("ok").build();
            }
          });
      server.start();
      RetryingHttpClient client =
          new RetryingHttpClient(
              new OkHttpClient(), NO_RETRY, d -> {}, Clock.systemUTC(), 2, 0, "test");
      ExecutorService pool = Executors.newFixedThreadPool(6);
      try {
        List<Future<HttpOutcome>> futures = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
          futures.add(
              pool.submit(
                  () -> client.execute(new Request.Builder().url(server.url("/")).build(), null)));
        }
        for (Future<HttpOutcome> f : futures) {
          assertThat(f.get().isSuccessful()).isTrue();
        }
      } finally {
        pool.shutdownNow();
      }
    }
    assertThat(most.get()).isLessThanOrEqualTo(2);
  }

  @Test
  void connectionFailuresAreRetriedThenReported() throws Exception {
    MockWebServer server = new MockWebServer();
    server.start();
    var url = server.url("/");
    server.close();
    List<Duration> sleeps = new ArrayList<>();
    RetryingHttpClient client =
        new RetryingHttpClient(
            new OkHttpClient.Builder().connectTimeout(Duration.ofMillis(500)).build(),
            new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(40), false, Duration.ZERO),
            sleeps::add,
            Clock.systemUTC(),
            0,
            0,
            "test");

    HttpOutcome outcome = client.execute(new Request.Builder().url(url).build(), null);

    assertThat(outcome.failed()).isTrue();
    assertThat(outcome.attempts()).isEqualTo(3);
    assertThat(sleeps).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20));
  }
}
