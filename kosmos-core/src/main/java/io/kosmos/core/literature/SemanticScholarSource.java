package io.kosmos.core.literature;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kosmos.api.Paper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;

/**
 * Searches the Semantic Scholar Academic Graph API ({@code GET
 * /graph/v1/paper/search?query=&limit=&fields=}).
 *
 * <p>Papers get the id {@code doi:<doi>} when they have a DOI, else {@code arxiv:<id>}, else {@code
 * s2:<paperId>}. An API key ({@code SEMANTIC_SCHOLAR_API_KEY}) is optional; it is sent as {@code
 * x-api-key} and raises the default polite rate from 20 to 60 requests a minute. At most 100 papers
 * come back per search, as the API allows.
 *
 * <pre>{@code
 * LiteratureSource s2 = SemanticScholarSource.builder().apiKey(System.getenv("SEMANTIC_SCHOLAR_API_KEY")).build();
 * List<Paper> papers = s2.search("glucose variability complications", 10);
 * }</pre>
 */
public final class SemanticScholarSource extends HttpLiteratureSource {

  /** The default base URL. */
  public static final String DEFAULT_BASE_URL = "https://api.semanticscholar.org";

  /** The environment variable with the optional key. */
  public static final String ENV_API_KEY = "SEMANTIC_SCHOLAR_API_KEY";

  static final String FIELDS = "paperId,externalIds,title,abstract,year,authors,url";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private SemanticScholarSource(Builder b) {
    super(b, HttpUrl.get(DEFAULT_BASE_URL), 20, 60, "Semantic Scholar", ENV_API_KEY);
  }

  /**
   * Starts a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A source configured from the environment: {@code SEMANTIC_SCHOLAR_API_KEY}, optional, and
   * {@code SEMANTIC_SCHOLAR_BASE_URL} for a mirror.
   *
   * @param env the environment
   * @return the source
   */
  public static SemanticScholarSource fromEnvironment(Map<String, String> env) {
    return fromEnvironment(env, io.kosmos.core.http.TransportOptions.defaults());
  }

  static SemanticScholarSource fromEnvironment(
      Map<String, String> env, io.kosmos.core.http.TransportOptions transport) {
    return builder().environment(env, ENV_API_KEY, "SEMANTIC_SCHOLAR_BASE_URL", transport).build();
  }

  @Override
  public String name() {
    return "semantic-scholar";
  }

  @Override
  List<Paper> doSearch(String query, int limit) {
    HttpUrl url =
        baseUrl
            .newBuilder()
            .addPathSegments("graph/v1/paper/search")
            .addQueryParameter("query", query)
            .addQueryParameter("limit", Integer.toString(Math.min(limit, 100)))
            .addQueryParameter("fields", FIELDS)
            .build();
    String body = apiKey == null ? get(url, query) : get(url, query, "x-api-key", apiKey);
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw malformed(query, "not JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw malformed(query, "not a JSON object", null);
    }
    JsonNode data = root.get("data");
    if (data == null || data.isNull()) {
      if (root.has("total")) {
        return List.of();
      }
      throw malformed(query, "no \"data\" array", null);
    }
    if (!data.isArray()) {
      throw malformed(query, "\"data\" is not an array", null);
    }
    List<Paper> papers = new ArrayList<>();
    for (JsonNode p : data) {
      String paperId = text(p, "paperId");
      String title = text(p, "title");
      if (paperId == null || title == null) {
        continue;
      }
      JsonNode ids = p.path("externalIds");
      String doi = text(ids, "DOI");
      String arxiv = text(ids, "ArXiv");
      String id = doi != null ? doiId(doi) : arxiv != null ? "arxiv:" + arxiv : "s2:" + paperId;
      List<String> authors = new ArrayList<>();
      for (JsonNode a : p.path("authors")) {
        String name = text(a, "name");
        if (name != null) {
          authors.add(name);
        }
      }
      JsonNode year = p.get("year");
      papers.add(
          new Paper(
              id,
              doi,
              clean(title),
              authors,
              year != null && year.isInt() ? year.asInt() : null,
              clean(text(p, "abstract")),
              text(p, "url"),
              name()));
      if (papers.size() == limit) {
        break;
      }
    }
    return papers;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
  }

  /** Builds {@link SemanticScholarSource}s; nothing is required. */
  public static final class Builder extends SourceBuilder<Builder> {
    private Builder() {}

    @Override
    Builder self() {
      return this;
    }

    /**
     * Builds the source.
     *
     * @return the source
     */
    public SemanticScholarSource build() {
      return new SemanticScholarSource(this);
    }
  }
}
