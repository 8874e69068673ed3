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
 * {@link PubMedSource} against fixtures in the formats of NCBI's "Entrez Programming Utilities
 * Help": {@code esearch.fcgi?retmode=json} ({@code esearchresult} with {@code count} and {@code
 * idlist}) and {@code efetch.fcgi?db=pubmed&retmode=xml} (a {@code PubmedArticleSet} with its
 * DOCTYPE, {@code MedlineCitation/PMID}, {@code Article/ArticleTitle}, {@code
 * Abstract/AbstractText} with {@code Label}s, {@code AuthorList}, {@code JournalIssue/PubDate}, and
 * {@code PubmedData/ArticleIdList/ArticleId IdType="doi"}).
 */
class PubMedSourceTest extends LiteratureSourceConformance {

  @Override
  protected LiteratureSource newSource(HttpUrl server, Sleeper sleeper, int maxRetries) {
    return PubMedSource.builder()
        .baseUrl(server.newBuilder().encodedPath("/entrez/eutils").build().toString())
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

  private static MockResponse esearch(String... ids) {
    String list = ids.length == 0 ? "" : "\"" + String.join("\", \"", ids) + "\"";
    return new MockResponse.Builder()
        .setHeader("Content-Type", "application/json; charset=UTF-8")
        .body(
            """
            {"header": {"type": "esearch", "version": "0.3"},
             "esearchresult": {"count": "%d", "retmax": "%d", "retstart": "0",
                               "idlist": [%s], "translationset": [],
                               "querytranslation": "glucose[All Fields] AND variability[All Fields]"}}
            """
                .formatted(ids.length, ids.length, list))
        .build();
  }

  private static final String EFETCH =
      """
      <?xml version="1.0" ?>
      <!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">
      <PubmedArticleSet>
      <PubmedArticle>
        <MedlineCitation Status="MEDLINE" Owner="NLM">
          <PMID Version="1">31000002</PMID>
          <Article PubModel="Print">
            <Journal>
              <JournalIssue CitedMedium="Internet">
                <PubDate><MedlineDate>2019 Nov-Dec</MedlineDate></PubDate>
              </JournalIssue>
            </Journal>
            <ArticleTitle>Second by PMID, first by relevance.</ArticleTitle>
            <Abstract><AbstractText>Plain abstract.</AbstractText></Abstract>
            <AuthorList CompleteYN="Y">
              <Author ValidYN="Y"><CollectiveName>DCCT Research Group</CollectiveName></Author>
            </AuthorList>
          </Article>
        </MedlineCitation>
        <PubmedData>
          <ArticleIdList><ArticleId IdType="pubmed">31000002</ArticleId></ArticleIdList>
        </PubmedData>
      </PubmedArticle>
      <PubmedArticle>
        <MedlineCitation Status="MEDLINE" Owner="NLM">
          <PMID Version="1">31000001</PMID>
          <Article PubModel="Print-Electronic">
            <Journal>
              <JournalIssue CitedMedium="Internet">
                <Volume>42</Volume>
                <PubDate><Year>2020</Year><Month>Jan</Month></PubDate>
              </JournalIssue>
            </Journal>
            <ArticleTitle>Glucose variability and complications of &lt;i&gt;diabetes&lt;/i&gt;.</ArticleTitle>
            <Abstract>
              <AbstractText Label="BACKGROUND" NlmCategory="BACKGROUND">Variability matters.</AbstractText>
              <AbstractText Label="RESULTS" NlmCategory="RESULTS">It did.</AbstractText>
            </Abstract>
            <AuthorList CompleteYN="Y">
              <Author ValidYN="Y"><LastName>Smith</LastName><ForeName>Jane A</ForeName><Initials>JA</Initials></Author>
              <Author ValidYN="Y"><LastName>Doe</LastName><ForeName>John</ForeName><Initials>J</Initials></Author>
            </AuthorList>
            <ELocationID EIdType="doi" ValidYN="Y">10.2337/dc19-0001</ELocationID>
          </Article>
        </MedlineCitation>
        <PubmedData>
          <ArticleIdList>
            <ArticleId IdType="pubmed">31000001</ArticleId>
            <ArticleId IdType="doi">10.2337/DC19-0001</ArticleId>
          </ArticleIdList>
        </PubmedData>
      </PubmedArticle>
      </PubmedArticleSet>
      """;

  @Override
  protected void enqueueResults() {
    server.enqueue(esearch("31000002", "31000001"));
    server.enqueue(
        new MockResponse.Builder().setHeader("Content-Type", "text/xml").body(EFETCH).build());
  }

  @Override
  protected List<Paper> expectedPapers() {
    return List.of(
        new Paper(
            "pmid:31000002",
            null,
            "Second by PMID, first by relevance.",
            List.of("DCCT Research Group"),
            2019,
            "Plain abstract.",
            "https://pubmed.ncbi.nlm.nih.gov/31000002/",
            "pubmed"),
        new Paper(
            "doi:10.2337/dc19-0001",
            "10.2337/DC19-0001",
            "Glucose variability and complications of <i>diabetes</i>.",
            List.of("Jane A Smith", "John Doe"),
            2020,
            "BACKGROUND: Variability matters. RESULTS: It did.",
            "https://pubmed.ncbi.nlm.nih.gov/31000001/",
            "pubmed"));
  }

  @Override
  protected void enqueueNoResults() {
    server.enqueue(esearch());
  }

  @Override
  protected MockResponse malformed() {
    return new MockResponse.Builder().body("<html>Service busy</html>").build();
  }

  @Override
  protected void assertSearchRequest(RecordedRequest request) throws AssertionError {
    assertThat(request.getUrl().encodedPath()).isEqualTo("/entrez/eutils/esearch.fcgi");
    assertThat(request.getUrl().queryParameter("db")).isEqualTo("pubmed");
    assertThat(request.getUrl().queryParameter("term")).isEqualTo(QUERY);
    assertThat(request.getUrl().queryParameter("retmax")).isEqualTo("2");
    assertThat(request.getUrl().queryParameter("retmode")).isEqualTo("json");
    assertThat(request.getUrl().queryParameter("tool")).isEqualTo("kosmos-java");
    assertThat(request.getUrl().queryParameter("api_key")).isNull();
  }

  @Test
  void efetchAsksForTheFoundIds() throws Exception {
    enqueueResults();
    source().search(QUERY, 2);
    take();
    RecordedRequest fetch = take();
    assertThat(fetch.getUrl().encodedPath()).isEqualTo("/entrez/eutils/efetch.fcgi");
    assertThat(fetch.getUrl().queryParameter("id")).isEqualTo("31000002,31000001");
    assertThat(fetch.getUrl().queryParameter("retmode")).isEqualTo("xml");
  }

  @Test
  void apiKeyAndEmailAreSentAndTheKeyNeverShown() throws Exception {
    String key = "ncbi0123456789abcdef0123456789abcdef";
    PubMedSource source =
        PubMedSource.builder()
            .baseUrl(server.url("/").toString())
            .apiKey(key)
            .email("lab@example.org")
            .transport(TransportOptions.builder().maxRetries(0).build())
            .build();
    // NCBI's 429 body echoes the key.
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .body(
                "{\"error\":\"API rate limit exceeded\",\"api-key\":\""
                    + key
                    + "\",\"count\":\"11\",\"limit\":\"10\"}")
            .build());

    assertThatThrownBy(() -> source.search(QUERY, 2))
        .isInstanceOf(LiteratureException.class)
        .hasMessageContaining("rate")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(key));
    RecordedRequest request = take();
    assertThat(request.getUrl().queryParameter("api_key")).isEqualTo(key);
    assertThat(request.getUrl().queryParameter("email")).isEqualTo("lab@example.org");
    assertThat(source.toString()).doesNotContain(key);
  }

  @Test
  void esearchErrorsAreReported() {
    server.enqueue(
        new MockResponse.Builder()
            .body("{\"esearchresult\": {\"ERROR\": \"Invalid query\"}}")
            .build());
    assertThatThrownBy(() -> source().search(QUERY, 2)).hasMessageContaining("Invalid query");
  }

  @Test
  void malformedEfetchIsALiteratureException() {
    server.enqueue(esearch("1"));
    server.enqueue(new MockResponse.Builder().body("<PubmedArticleSet><PubmedArticle>").build());
    assertThatThrownBy(() -> source().search(QUERY, 2))
        .isInstanceOf(LiteratureException.class)
        .hasMessageContaining("not well-formed");
  }

  @Test
  void fromEnvironmentReadsTheOptionalKey() {
    assertThat(PubMedSource.fromEnvironment(Map.of("NCBI_API_KEY", "k0123456789")).toString())
        .contains("apiKey=set")
        .doesNotContain("k0123456789");
    assertThat(LiteratureSources.fromEnvironment(Map.of()))
        .extracting(LiteratureSource::name)
        .containsExactly("semantic-scholar", "openalex", "pubmed", "arxiv", "crossref");
  }
}
