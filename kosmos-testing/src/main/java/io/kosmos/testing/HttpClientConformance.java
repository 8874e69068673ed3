package io.kosmos.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kosmos.api.Sleeper;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the conformance suites of HTTP clients share: a {@link MockWebServer} started before each
 * test and closed after it, a {@link Sleeper} that records the waits a client asks for instead of
 * sleeping (so that no test sleeps), and helpers to read what the client sent. Extend {@link
 * LanguageModelConformance} or {@link LiteratureSourceConformance}, not this class.
 */
public abstract class HttpClientConformance {

  /** Reads and writes JSON in fixtures and request checks. */
  protected static final ObjectMapper MAPPER = new ObjectMapper();

  /** The server the client talks to, new for each test. */
  protected MockWebServer server;

  /** Every wait the client asked for. */
  protected final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  /** Records waits instead of sleeping. */
  protected final Sleeper sleeper = sleeps::add;

  HttpClientConformance() {}

  @BeforeEach
  void startServer() throws IOException {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  /**
   * Takes the next request the server received, failing if there is none.
   *
   * @return the request
   * @throws InterruptedException if interrupted
   */
  protected RecordedRequest take() throws InterruptedException {
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request).as("a request reached the server").isNotNull();
    return request;
  }

  /**
   * Reads a request's JSON body.
   *
   * @param request the request
   * @return the body
   * @throws IOException if it is not JSON
   */
  protected static JsonNode body(RecordedRequest request) throws IOException {
    return MAPPER.readTree(request.getBody().utf8());
  }

  /**
   * Quotes a string as a JSON string literal, for fixtures.
   *
   * @param text the text
   * @return the literal, quotes included
   */
  protected static String q(String text) {
    try {
      return MAPPER.writeValueAsString(text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
