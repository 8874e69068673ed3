package io.kosmos.core.literature;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kosmos.api.Paper;
import io.kosmos.core.internal.text.SecureXml;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/**
 * Searches PubMed through NCBI's E-utilities: {@code esearch.fcgi} (JSON) finds the PMIDs, best
 * match first, and {@code efetch.fcgi} (XML) fetches their titles, authors, years, DOIs and
 * abstracts. A search is therefore two requests.
 *
 * <p>Papers get the id {@code doi:<doi>} when PubMed knows a DOI, else {@code pmid:<pmid>}. An API
 * key ({@code NCBI_API_KEY}) is optional; it raises the default polite rate from 180 to 600
 * requests a minute (NCBI's 3 and 10 a second). Requests carry {@code tool=kosmos-java} and, if
 * set, the contact {@link Builder#email(String)}, as NCBI asks. At most 200 papers come back per
 * search.
 */
public final class PubMedSource extends HttpLiteratureSource {

  /** The default base URL. */
  public static final String DEFAULT_BASE_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils";

  /** The environment variable with the optional key. */
  public static final String ENV_API_KEY = "NCBI_API_KEY";

  /** The environment variable with the optional contact address NCBI asks for. */
  public static final String ENV_EMAIL = "NCBI_EMAIL";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern YEAR = Pattern.compile("(\\d{4})");

  private final String email;

  private PubMedSource(Builder b) {
    super(b, HttpUrl.get(DEFAULT_BASE_URL), 180, 600, "PubMed", ENV_API_KEY);
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
   * A source configured from the environment: {@code NCBI_API_KEY} and {@code NCBI_EMAIL} (else
   * {@code KOSMOS_CONTACT_EMAIL}), both optional, and {@code PUBMED_BASE_URL} for a mirror.
   *
   * @param env the environment
   * @return the source
   */
  public static PubMedSource fromEnvironment(Map<String, String> env) {
    return fromEnvironment(env, io.kosmos.core.http.TransportOptions.defaults());
  }

  static PubMedSource fromEnvironment(
      Map<String, String> env, io.kosmos.core.http.TransportOptions transport) {
    Builder b = builder().environment(env, ENV_API_KEY, "PUBMED_BASE_URL", transport);
    return b.contactFromEnvironment(env, ENV_EMAIL).build();
  }

  @Override
  public String name() {
    return "pubmed";
  }

  private HttpUrl.Builder eutil(String name) {
    HttpUrl.Builder url =
        baseUrl
            .newBuilder()
            .addPathSegment(name)
            .addQueryParameter("db", "pubmed")
            .addQueryParameter("tool", "kosmos-java");
    if (email != null) {
      url.addQueryParameter("email", email);
    }
    if (apiKey != null) {
      url.addQueryParameter("api_key", apiKey);
    }
    return url;
  }

  @Override
  List<Paper> doSearch(String query, int limit) {
    HttpUrl search =
        eutil("esearch.fcgi")
            .addQueryParameter("term", query)
            .addQueryParameter("retmax", Integer.toString(Math.min(limit, 200)))
            .addQueryParameter("sort", "relevance")
            .addQueryParameter("retmode", "json")
            .build();
    List<String> ids = pmids(query, get(search, query));
    if (ids.isEmpty()) {
      return List.of();
    }
    HttpUrl fetch =
        eutil("efetch.fcgi")
            .addQueryParameter("id", String.join(",", ids))
            .addQueryParameter("retmode", "xml")
            .build();
    Document doc;
    try {
      doc = SecureXml.parse(get(fetch, query));
    } catch (SAXException e) {
      throw malformed(query, "efetch sent XML that is not well-formed: " + e.getMessage(), e);
    }
    Element root = doc.getDocumentElement();
    if (!"PubmedArticleSet".equals(SecureXml.localName(root))) {
      throw malformed(query, "efetch sent no PubmedArticleSet", null);
    }
    Map<String, Paper> byPmid = new HashMap<>();
    for (Element article : SecureXml.children(root, "PubmedArticle")) {
      Paper paper = paper(article);
      if (paper != null) {
        byPmid.put(pmidOf(article), paper);
      }
    }
    // Keep esearch's order: best match first.
    List<Paper> papers = new ArrayList<>();
    for (String id : ids) {
      Paper p = byPmid.get(id);
      if (p != null) {
        papers.add(p);
      }
    }
    return papers;
  }

  private List<String> pmids(String query, String body) {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw malformed(query, "esearch sent no JSON: " + e.getOriginalMessage(), e);
    }
    JsonNode result = root == null ? null : root.get("esearchresult");
    if (result == null || !result.isObject()) {
      throw malformed(query, "esearch sent no \"esearchresult\"", null);
    }
    if (result.hasNonNull("ERROR")) {
      throw rejected(query, result.get("ERROR").asText());
    }
    List<String> ids = new ArrayList<>();
    for (JsonNode id : result.path("idlist")) {
      ids.add(id.asText());
    }
    return ids;
  }

  private static String pmidOf(Element article) {
    String pmid = SecureXml.text(article, "MedlineCitation", "PMID");
    return pmid == null ? "" : pmid.strip();
  }

  private Paper paper(Element article) {
    Element citation = SecureXml.child(article, "MedlineCitation");
    Element art = SecureXml.child(citation, "Article");
    String pmid = pmidOf(article);
    String title = SecureXml.text(art, "ArticleTitle");
    if (pmid.isEmpty() || title == null) {
      return null;
    }
    String doi = null;
    Element idList = SecureXml.child(SecureXml.child(article, "PubmedData"), "ArticleIdList");
    for (Element id : SecureXml.children(idList, "ArticleId")) {
      if ("doi".equals(id.getAttribute("IdType"))) {
        doi = id.getTextContent().strip();
      }
    }
    if (doi == null) {
      for (Element id : SecureXml.children(art, "ELocationID")) {
        if ("doi".equals(id.getAttribute("EIdType"))) {
          doi = id.getTextContent().strip();
        }
      }
    }
    List<String> authors = new ArrayList<>();
    for (Element author : SecureXml.children(SecureXml.child(art, "AuthorList"), "Author")) {
      String last = SecureXml.text(author, "LastName");
      String fore = SecureXml.text(author, "ForeName");
      String collective = SecureXml.text(author, "CollectiveName");
      if (last != null) {
        authors.add(clean(fore == null ? last : fore + " " + last));
      } else if (collective != null) {
        authors.add(clean(collective));
      }
    }
    StringBuilder abstractText = new StringBuilder();
    for (Element part : SecureXml.children(SecureXml.child(art, "Abstract"), "AbstractText")) {
      if (!abstractText.isEmpty()) {
        abstractText.append(' ');
      }
      String label = part.getAttribute("Label");
      if (!label.isBlank()) {
        abstractText.append(label).append(": ");
      }
      abstractText.append(clean(part.getTextContent()));
    }
    Element pubDate =
        SecureXml.child(
            SecureXml.child(SecureXml.child(art, "Journal"), "JournalIssue"), "PubDate");
    String yearText = SecureXml.text(pubDate, "Year");
    if (yearText == null) {
      yearText = SecureXml.text(pubDate, "MedlineDate");
    }
    Integer year = null;
    if (yearText != null) {
      Matcher m = YEAR.matcher(yearText);
      if (m.find()) {
        year = Integer.parseInt(m.group(1));
      }
    }
    return new Paper(
        doi != null ? doiId(doi) : "pmid:" + pmid,
        doi,
        clean(title),
        authors,
        year,
        abstractText.toString(),
        "https://pubmed.ncbi.nlm.nih.gov/" + pmid + "/",
        name());
  }

  /** Builds {@link PubMedSource}s; nothing is required. */
  public static final class Builder extends ContactSourceBuilder<Builder> {
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
    public PubMedSource build() {
      return new PubMedSource(this);
    }
  }
}
