package io.kosmos.core.literature;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kosmos.api.LiteratureException;
import io.kosmos.api.Paper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import okhttp3.HttpUrl;

/**
 * Searches OpenAlex's works ({@code GET /works?search=&per_page=&select=}), an open index of some
 * 250 million works.
 *
 * <p>Papers get the id {@code doi:<doi>} when OpenAlex knows a DOI, else {@code openalex:<W id>}.
 * OpenAlex sends abstracts as an inverted index (word to positions), which is put back into text. A
 * contact address ({@link Builder#email}, {@code KOSMOS_CONTACT_EMAIL}) is sent as {@code mailto}
 * to join the polite pool; an API key ({@code OPENALEX_API_KEY}) is sent as {@code api_key}. Since
 * February 2026 OpenAlex allows only a few searches a day without a key; when it refuses for rate
 * it answers 429 or 403, both of which count as rate limiting here, so a chain of sources passes
 * the query on. The default polite rate is 60 requests a minute (OpenAlex allows 100 a second). At
 * most 100 papers come back per search.
 */
public final class OpenAlexSource extends HttpLiteratureSource {

  /** The default base URL. */
  public static final String DEFAULT_BASE_URL = "https://api.openalex.org";

  /** The environment variable with the optional key. */
  public static final String ENV_API_KEY = "OPENALEX_API_KEY";

  static final String SELECT =
      "id,doi,display_name,publication_year,authorships,abstract_inverted_index,primary_location";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final String email;

  private OpenAlexSource(Builder b) {
    super(b, HttpUrl.get(DEFAULT_BASE_URL), 60, 60, "OpenAlex", ENV_API_KEY);
    this.email = b.email;
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
   * A source configured from the environment: {@code OPENALEX_API_KEY} and {@code
   * KOSMOS_CONTACT_EMAIL}, both optional, and {@code OPENALEX_BASE_URL} for a mirror.
   *
   * @param env the environment
   * @return the source
   */
  public static OpenAlexSource fromEnvironment(Map<String, String> env) {
    return fromEnvironment(env, io.kosmos.core.http.TransportOptions.defaults());
  }

  static OpenAlexSource fromEnvironment(
      Map<String, String> env, io.kosmos.core.http.TransportOptions transport) {
    Builder b = builder().environment(env, ENV_API_KEY, "OPENALEX_BASE_URL", transport);
    return b.contactFromEnvironment(env).build();
  }

  @Override
  public String name() {
    return "openalex";
  }

  @Override
  LiteratureException.Reason reasonFor(int status) {
    // OpenAlex documents 403 as "rate limit exceeded; slow down" and 429 as the daily limit.
    return status == 403 ? LiteratureException.Reason.RATE_LIMITED : super.reasonFor(status);
  }

  @Override
  List<Paper> doSearch(String query, int limit) {
    HttpUrl.Builder url =
        baseUrl
            .newBuilder()
            .addPathSegment("works")
            .addQueryParameter("search", query)
            .addQueryParameter("per_page", Integer.toString(Math.min(limit, 100)))
            .addQueryParameter("select", SELECT);
    if (email != null) {
      url.addQueryParameter("mailto", email);
    }
    if (apiKey != null) {
      url.addQueryParameter("api_key", apiKey);
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(get(url.build(), query));
    } catch (JsonProcessingException e) {
      throw malformed(query, "not JSON: " + e.getOriginalMessage(), e);
    }
    JsonNode results = root == null ? null : root.get("results");
    if (results == null || !results.isArray()) {
      throw malformed(query, "no \"results\" array", null);
    }
    List<Paper> papers = new ArrayList<>();
    for (JsonNode work : results) {
      Paper paper = paper(work);
      if (paper != null) {
        papers.add(paper);
      }
      if (papers.size() == limit) {
        break;
      }
    }
    return papers;
  }

  private Paper paper(JsonNode work) {
    String id = text(work, "id");
    String title = text(work, "display_name");
    if (id == null || title == null) {
      return null;
    }
    String workId = id.substring(id.lastIndexOf('/') + 1);
    String doi = text(work, "doi");
    if (doi != null) {
      doi = doi.replaceFirst("(?i)^https?://(dx\\.)?doi\\.org/", "");
    }
    List<String> authors = new ArrayList<>();
    for (JsonNode a : work.path("authorships")) {
      String name = text(a.path("author"), "display_name");
      if (name != null) {
        authors.add(clean(name));
      }
    }
    JsonNode year = work.get("publication_year");
    String landing = text(work.path("primary_location"), "landing_page_url");
    return new Paper(
        doi != null ? doiId(doi) : "openalex:" + workId,
        doi,
        clean(title),
        authors,
        year != null && year.isInt() ? year.asInt() : null,
        clean(abstractText(work.get("abstract_inverted_index"))),
        landing != null ? landing : doi != null ? "https://doi.org/" + doi : id,
        name());
  }

  /** The abstract put back together from OpenAlex's inverted index (word to its positions). */
  static String abstractText(JsonNode index) {
    if (index == null || !index.isObject()) {
      return "";
    }
    TreeMap<Integer, String> words = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = index.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      for (JsonNode position : e.getValue()) {
        if (position.canConvertToInt() && position.asInt() >= 0) {
          words.put(position.asInt(), e.getKey());
        }
      }
    }
    return String.join(" ", words.values());
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
  }

  /** Builds {@link OpenAlexSource}s; nothing is required. */
  public static final class Builder extends ContactSourceBuilder<Builder> {
    private Builder() {}

    @Override
    Builder self() {
      return this;
    }

    /**
     * Builds the source. Every value was checked when it was set, so this cannot fail.
     *
     * @return the source
     */
    public OpenAlexSource build() {
      return new OpenAlexSource(this);
    }
  }
}
