package io.kosmos.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kosmos.api.ArtifactException;
import io.kosmos.api.ResearchWorkflow;
import io.kosmos.api.RunStatus;
import io.kosmos.core.fixtures.Fixtures;
import io.kosmos.core.http.TransportOptions;
import io.kosmos.core.literature.LiteratureChain;
import io.kosmos.core.literature.OpenAlexSource;
import io.kosmos.core.literature.SemanticScholarSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose literature comes from online sources served by local servers: Semantic Scholar
 * refuses for rate, OpenAlex answers, the report quotes the passages and says who answered after
 * whom, and the report is rebuilt, its citations checked, with the servers gone.
 */
class LiteratureRunTest {

  @TempDir Path tmp;
  private MockWebServer s2;
  private MockWebServer openAlex;

  @BeforeEach
  void servers() throws Exception {
    s2 = new MockWebServer();
    s2.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return new MockResponse.Builder()
                .code(429)
                .setHeader("Retry-After", "600")
                .body("{\"message\": \"Too Many Requests\"}")
                .build();
          }
        });
    s2.start();
    openAlex = new MockWebServer();
    openAlex.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            String q = request.getUrl().queryParameter("search");
            String n = q.substring(q.lastIndexOf(' ') + 1);
            return new MockResponse.Builder()
                .setHeader("Content-Type", "application/json")
                .body(
                    """
                    {"results": [{"id": "https://openalex.org/W%s", "doi": "https://doi.org/10.1000/kosmos.%s",
                      "display_name": "Body mass and progression, part %s", "publication_year": 2021,
                      "authorships": [{"author": {"display_name": "A. Author"}}],
                      "abstract_inverted_index": {"BMI": [0], "predicts": [1], "progression.": [2]}}]}
                    """
                        .formatted(n, n, n))
                .build();
          }
        });
    openAlex.start();
  }

  @AfterEach
  void stop() {
    s2.close();
    openAlex.close();
  }

  private LiteratureChain chain() {
    TransportOptions transport =
        TransportOptions.builder().maxRetries(0).requestsPerMinute(0).build();
    return LiteratureChain.builder()
        .source(
            SemanticScholarSource.builder()
                .baseUrl(s2.url("/").toString())
                .transport(transport)
                .build())
        .source(
            OpenAlexSource.builder()
                .baseUrl(openAlex.url("/").toString())
                .transport(transport)
                .build())
        .build();
  }

  @Test
  void theReportQuotesWhatTheFallbackSourceReturnedAndNeedsNoNetworkToBeRebuilt() throws Exception {
    Path data = Fixtures.dataset(tmp.resolve("data"));
    Path dir = tmp.resolve("run");
    try (ResearchWorkflow wf =
        Fixtures.builder(
                dir,
                data,
                Fixtures.executor(Duration.ZERO),
                Fixtures.Options.defaults().withLiterature())
            .literatureSource(chain())
            .build()) {
      assertThat(wf.run(2, 4).status()).isEqualTo(RunStatus.COMPLETED);
    }
    String report = Files.readString(dir.resolve("report/report.md"));
    assertThat(report)
        .contains(
            "doi:10.1000/kosmos.1](https://doi.org/10.1000/kosmos.1), abstract: “BMI predicts progression.”")
        .contains(
            "Literature: 2 search(es) through semantic-scholar > openalex; openalex answered 2")
        .contains("semantic-scholar: rate limited ×1");
    assertThat(Files.readString(dir.resolve("report/report.html")))
        .contains(
            "<q class=\"passage\" title=\"BMI predicts progression.\">BMI predicts progression.</q>");
    int s2Requests = s2.getRequestCount();
    assertThat(s2Requests).as("rested after its first refusal").isEqualTo(1);
    int openAlexRequests = openAlex.getRequestCount();

    s2.close();
    openAlex.close();
    Files.delete(dir.resolve("report/report.md"));
    try (ResearchWorkflow again =
        Fixtures.builder(
                dir,
                data,
                Fixtures.executor(Duration.ZERO),
                Fixtures.Options.defaults().withLiterature())
            .literatureSource(chain())
            .build()) {
      again.report();
    }
    assertThat(Files.readString(dir.resolve("report/report.md")))
        .contains("“BMI predicts progression.”");
    assertThat(openAlexRequests).isEqualTo(2);

    // The check is real: a cached text that no longer holds the quote fails the report.
    List<Path> papers;
    try (Stream<Path> files = Files.list(dir.resolve("literature/papers"))) {
      papers = files.toList();
    }
    for (Path p : papers) {
      Files.writeString(
          p, Files.readString(p).replace("BMI predicts progression.", "BMI predicts nothing."));
    }
    try (ResearchWorkflow tampered =
        Fixtures.builder(
                dir,
                data,
                Fixtures.executor(Duration.ZERO),
                Fixtures.Options.defaults().withLiterature())
            .build()) {
      assertThatThrownBy(tampered::report)
          .isInstanceOf(ArtifactException.class)
          .hasMessageContaining(
              "the quote \"BMI predicts progression.\" does not occur in the text of doi:10.1000/kosmos.");
    }
  }
}
