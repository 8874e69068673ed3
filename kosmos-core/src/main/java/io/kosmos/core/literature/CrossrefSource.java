package io.kosmos.core.literature;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kosmos.api.Paper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/**
 * Searches Crossref's REST API ({@code GET /works?query=&rows=&select=}), the registry of DOIs.
 *
 * <p>Every paper has a DOI, so every id is {@code doi:<doi>}. Crossref holds abstracts only for the
 * works whose publishers deposit them, as JATS XML, which is turned into plain text. A contact
 * address ({@link Builder#email}, {@code KOSMOS_CONTACT_EMAIL}) is sent as {@code mailto} and in
 * the {@code User-Agent}, which puts requests in the polite pool. Crossref advertises its rate
 * limit on every answer ({@code X-Rate-Limit-Limit} requests per {@code X-Rate-Limit-Interval});
 * the source lowers its own rate to that whenever the advertised one is lower. The default polite
 * rate is 120 requests a minute. An {@linkplain Builder#apiKey API key} is a Metadata Plus token,
 * sent as {@code Crossref-Plus-API-Token: Bearer <key>}. At most 100 papers come back per search.
 */
public final class CrossrefSource extends HttpLiteratureSource {

  /** The default base URL. */
  public static final String DEFAULT_BASE_URL = "https://api.crossref.org";

  static final String SELECT = "DOI,title,author,issued,abstract,URL";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern INTERVAL = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");
  private static final Pattern JATS_TITLE =
      Pattern.compile("<(jats:)?title[^>]*>.*?</(jats:)?title>", Pattern.DOTALL);
  private static final Pattern TAG = Pattern.compile("<[^>]+>");

  private final String email;

  private CrossrefSource(Builder b) {
    super(b, HttpUrl.get(DEFAULT_BASE_URL), 120, 120, "Crossref", null);
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
   * A source configured from the environment: {@code KOSMOS_CONTACT_EMAIL}, optional, and {@code
   * CROSSREF_BASE_URL} for a mirror.
   *
   * @param env the environment
   * @return the source
   */
  public static CrossrefSource fromEnvironment(Map<String, String> env) {
    return fromEnvironment(env, io.kosmos.core.http.TransportOptions.defaults());
  }

  static CrossrefSource fromEnvironment(
      Map<String, String> env, io.kosmos.core.http.TransportOptions transport) {
    Builder b = builder().environment(env, null, "CROSSREF_BASE_URL", transport);
    return b.contactFromEnvironment(env).build();
  }

  @Override
  public String name() {
    return "crossref";
  }

  @Override
  String userAgent() {
    return email == null ? super.userAgent() : super.userAgent() + " mailto:" + email;
  }

  @Override
  void answered(Headers headers) {
    int rpm =
        advertisedPerMinute(
            headers.get("X-Rate-Limit-Limit"), headers.get("X-Rate-Limit-Interval"));
    if (rpm > 0) {
      limitRate(rpm);
    }
  }

  /** Crossref's advertised limit as requests a minute, or 0 if the headers are missing. */
  static int advertisedPerMinute(String limit, String interval) {
    if (limit == null || interval == null) {
      return 0;
    }
    Matcher m = INTERVAL.matcher(interval.strip());
    int requests;
    try {
      requests = Integer.parseInt(limit.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
    if (!m.matches() || requests < 1) {
      return 0;
    }
    double seconds = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    seconds *=
        switch (unit) {
          case "ms" -> 0.001;
          case "m" -> 60;
          case "h" -> 3600;
          default -> 1;
        };
    if (seconds <= 0) {
      return 0;
    }
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.floor(requests * 60 / seconds)));
  }

  @Override
  List<Paper> doSearch(String query, int limit) {
    HttpUrl.Builder url =
        baseUrl
            .newBuilder()
            .addPathSegment("works")
            .addQueryParameter("query", query)
            .addQueryParameter("rows", Integer.toString(Math.min(limit, 100)))
            .addQueryParameter("select", SELECT);
    if (email != null) {
      url.addQueryParameter("mailto", email);
    }
    JsonNode root;
    try {
      root =
          MAPPER.readTree(
              apiKey == null
                  ? get(url.build(), query)
                  : get(url.build(), query, "Crossref-Plus-API-Token", "Bearer " + apiKey));
    } catch (JsonProcessingException e) {
      throw malformed(query, "not JSON: " + e.getOriginalMessage(), e);
    }
    JsonNode items = root == null ? null : root.path("message").get("items");
    if (root == null
        || !"ok".equals(root.path("status").asText())
        || items == null
        || !items.isArray()) {
      throw malformed(query, "no \"message.items\" array with status \"ok\"", null);
    }
    List<Paper> papers = new ArrayList<>();
    for (JsonNode item : items) {
      Paper paper = paper(item);
      if (paper != null) {
        papers.add(paper);
      }
      if (papers.size() == limit) {
        break;
      }
    }
    return papers;
  }

  private Paper paper(JsonNode item) {
    String doi = text(item, "DOI");
    JsonNode titles = item.path("title");
    String title = titles.isArray() && !titles.isEmpty() ? titles.get(0).asText() : null;
    if (doi == null || title == null || title.isBlank()) {
      return null;
    }
    List<String> authors = new ArrayList<>();
    for (JsonNode a : item.path("author")) {
      String family = text(a, "family");
      String given = text(a, "given");
      String name = text(a, "name");
      if (family != null) {
        authors.add(clean(given == null ? family : given + " " + family));
      } else if (name != null) {
        authors.add(clean(name));
      }
    }
    JsonNode year = item.path("issued").path("date-parts").path(0).path(0);
    String url = text(item, "URL");
    return new Paper(
        doiId(doi),
        doi,
        clean(jatsToText(title)),
        authors,
        year.isInt() ? year.asInt() : null,
        clean(jatsToText(text(item, "abstract"))),
        url != null ? url : "https://doi.org/" + doi,
        name());
  }

  /** Plain text from Crossref's JATS abstract: the "Abstract" heading and every tag removed. */
  static String jatsToText(String jats) {
    if (jats == null) {
      return "";
    }
    String noTitle = JATS_TITLE.matcher(jats).replaceAll(" ");
    String text = TAG.matcher(noTitle).replaceAll(" ");
    return text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
  }

  /** Builds {@link CrossrefSource}s; nothing is required. */
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
    public CrossrefSource build() {
      return new CrossrefSource(this);
    }
  }
}
