/**
 * The test kit: {@link io.kosmos.testing.MockExecutor} and the conformance suites that an
 * implementation of an extension interface extends.
 *
 * <p>The suites are JUnit 5 classes with AssertJ assertions; the model and literature suites answer
 * from an OkHttp {@code MockWebServer} and read requests as JSON with Jackson. Their protected
 * methods show types of all four, so an implementer's test module reads them too.
 */
module io.kosmos.testing {
  requires transitive io.kosmos.api;
  requires transitive org.junit.jupiter.api;
  requires transitive org.assertj.core;
  requires transitive mockwebserver3;
  requires transitive okhttp3;
  requires transitive com.fasterxml.jackson.databind;
  requires okio;

  exports io.kosmos.testing;
}
