package io.kosmos.core.literature;

import io.kosmos.api.Paper;
import io.kosmos.core.internal.text.SecureXml;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/**
 * Searches arXiv through its API ({@code GET /api/query?search_query=&start=0&max_results=}), which
 * answers with an Atom feed.
 *
 * <p>The query's words are all required ({@code all:word AND all:word ...}), matched anywhere in a
 * paper's metadata. Papers get the id {@code doi:<doi>} when arXiv knows a DOI, else {@code
 * arxiv:<id>} without its version. arXiv asks clients to wait 3 seconds between requests, so the
 * default polite rate is 20 requests a minute; at most 100 papers come back per search.
 */
public final class ArxivSource extends HttpLiteratureSource {

  /** The default base URL. */
  public static final String DEFAULT_BASE_URL = "https://export.arxiv.org";

  private static final String ATOM = "http://www.w3.org/2005/Atom";
  private static final String ARXIV = "http://arxiv.org/schemas/atom";
  private static final Pattern ABS =
      Pattern.compile("arxiv\\.org/abs/(.+?)(?:v\\d+)?$", Pattern.CASE_INSENSITIVE);
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}\\-]*");

  private ArxivSource(Builder b) {
    super(b, HttpUrl.get(DEFAULT_BASE_URL), 20, 20, "arXiv", null);
  }

  /**
   * Starts a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "arxiv";
  }

  static String searchQuery(String query) {
    List<String> terms = new ArrayList<>();
    Matcher m = WORD.matcher(query);
    while (m.find()) {
      terms.add("all:" + m.group());
    }
    return String.join(" AND ", terms);
  }

  @Override
  List<Paper> doSearch(String query, int limit) {
    String search = searchQuery(query);
    if (search.isEmpty()) {
      return List.of();
    }
    HttpUrl url =
        baseUrl
            .newBuilder()
            .addPathSegments("api/query")
            .addQueryParameter("search_query", search)
            .addQueryParameter("start", "0")
            .addQueryParameter("max_results", Integer.toString(Math.min(limit, 100)))
            .build();
    String body = get(url, query);
    Document feed;
    try {
      feed = SecureXml.parse(body);
    } catch (SAXException e) {
      throw malformed(query, "not well-formed XML: " + e.getMessage(), e);
    }
    Element root = feed.getDocumentElement();
    if (!"feed".equals(SecureXml.localName(root)) || !ATOM.equals(root.getNamespaceURI())) {
      throw malformed(query, "not an Atom feed", null);
    }
    List<Paper> papers = new ArrayList<>();
    for (Element entry : SecureXml.children(root, "entry")) {
      String id = SecureXml.text(entry, "id");
      if (id != null && id.contains("/api/errors")) {
        throw rejected(query, clean(SecureXml.text(entry, "summary")));
      }
      Paper paper = paper(entry, id);
      if (paper == null) {
        continue;
      }
      papers.add(paper);
      if (papers.size() == limit) {
        break;
      }
    }
    return papers;
  }

  /** The paper of one Atom entry, or {@code null} if it lacks an arXiv id or a title. */
  private Paper paper(Element entry, String id) {
    Matcher abs = ABS.matcher(id == null ? "" : id.strip());
    String title = SecureXml.text(entry, "title");
    if (!abs.find() || title == null) {
      return null;
    }
    String arxivId = abs.group(1);
    String doi = null;
    Element doiElement = firstNs(entry, ARXIV, "doi");
    if (doiElement != null && !doiElement.getTextContent().isBlank()) {
      doi = doiElement.getTextContent().strip();
    }
    List<String> authors = new ArrayList<>();
    for (Element author : SecureXml.children(entry, "author")) {
      String name = SecureXml.text(author, "name");
      if (name != null && !name.isBlank()) {
        authors.add(clean(name));
      }
    }
    String link = null;
    for (Element l : SecureXml.children(entry, "link")) {
      if ("alternate".equals(l.getAttribute("rel"))) {
        link = l.getAttribute("href");
      }
    }
    return new Paper(
        doi != null ? doiId(doi) : "arxiv:" + arxivId,
        doi,
        clean(title),
        authors,
        year(SecureXml.text(entry, "published")),
        clean(SecureXml.text(entry, "summary")),
        link != null ? link : "https://arxiv.org/abs/" + arxivId,
        name());
  }

  private static Integer year(String published) {
    if (published != null && published.strip().length() >= 4) {
      try {
        return Integer.parseInt(published.strip().substring(0, 4));
      } catch (NumberFormatException ignored) {
        // a date arXiv did not write: no year rather than a wrong one
      }
    }
    return null;
  }

  private static Element firstNs(Element parent, String ns, String localName) {
    for (org.w3c.dom.Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e
          && ns.equals(e.getNamespaceURI())
          && localName.equals(e.getLocalName())) {
        return e;
      }
    }
    return null;
  }

  /** Builds {@link ArxivSource}s; nothing is required. */
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
    public ArxivSource build() {
      return new ArxivSource(this);
    }
  }
}
