package io.kosmos.core.literature;

import io.kosmos.api.InvalidInputException;
import io.kosmos.api.LiteratureSource;
import io.kosmos.core.http.TransportOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Where literature sources come from: the five online sources configured from the environment, and
 * the chain the command line builds from {@code --literature} and {@code --papers}.
 *
 * <table>
 *   <caption>The environment</caption>
 *   <tr><th>variable</th><th>what it does</th></tr>
 *   <tr><td>{@code SEMANTIC_SCHOLAR_API_KEY}</td><td>sent as {@code x-api-key}; a higher rate</td></tr>
 *   <tr><td>{@code NCBI_API_KEY}, {@code NCBI_EMAIL}</td><td>PubMed's {@code api_key} and
 *       {@code email}</td></tr>
 *   <tr><td>{@code OPENALEX_API_KEY}</td><td>OpenAlex's {@code api_key}</td></tr>
 *   <tr><td>{@code KOSMOS_CONTACT_EMAIL}</td><td>the contact address of OpenAlex's and Crossref's
 *       polite pools (and PubMed's, without {@code NCBI_EMAIL})</td></tr>
 *   <tr><td>{@code <SOURCE>_BASE_URL}</td><td>a mirror or a local server: {@code
 *       SEMANTIC_SCHOLAR_BASE_URL}, {@code OPENALEX_BASE_URL}, {@code PUBMED_BASE_URL}, {@code
 *       ARXIV_BASE_URL}, {@code CROSSREF_BASE_URL}</td></tr>
 * </table>
 */
public final class LiteratureSources {

  /** The environment variable with the contact address of the polite pools. */
  public static final String ENV_CONTACT_EMAIL = "KOSMOS_CONTACT_EMAIL";

  /** The name of the local paper corpus in an order. */
  public static final String CORPUS = "corpus";

  /** The online sources, in the default order of a chain. */
  public static final List<String> ONLINE =
      List.of("semantic-scholar", "openalex", "pubmed", "arxiv", "crossref");

  private LiteratureSources() {}

  /**
   * The five online sources, in the default order, with the keys, addresses and base URLs of the
   * process environment.
   *
   * @return the sources
   */
  public static List<LiteratureSource> fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * The five online sources in the default order ({@link #ONLINE}), configured from an environment
   * (see the class comment), each with the default transport of literature sources.
   *
   * @param env the environment
   * @return the sources
   * @throws InvalidInputException if a base URL variable is not a URL
   */
  public static List<LiteratureSource> fromEnvironment(Map<String, String> env) {
    List<LiteratureSource> out = new ArrayList<>();
    for (String name : ONLINE) {
      out.add(online(name, env, TransportOptions.defaults()));
    }
    return out;
  }

  /**
   * One online source by name, configured from an environment.
   *
   * @param name one of {@link #ONLINE}
   * @param env the environment
   * @param transport its transport options
   * @return the source
   * @throws IllegalArgumentException if the name is not an online source
   * @throws InvalidInputException if its base URL variable is not a URL
   */
  public static LiteratureSource online(
      String name, Map<String, String> env, TransportOptions transport) {
    return switch (name) {
      case "semantic-scholar" -> SemanticScholarSource.fromEnvironment(env, transport);
      case "openalex" -> OpenAlexSource.fromEnvironment(env, transport);
      case "pubmed" -> PubMedSource.fromEnvironment(env, transport);
      case "arxiv" ->
          ArxivSource.builder().environment(env, null, "ARXIV_BASE_URL", transport).build();
      case "crossref" -> CrossrefSource.fromEnvironment(env, transport);
      default ->
          throw new IllegalArgumentException(
              "name must be one of " + String.join(", ", ONLINE) + ", was " + name);
    };
  }

  /**
   * The transport of the sources of a chain: quick to give up, because the next source answers. One
   * retry, a {@code Retry-After} waited for only up to 10 s, 20 s per request.
   *
   * @return the options
   */
  public static TransportOptions chainTransport() {
    return TransportOptions.builder()
        .maxRetries(1)
        .maxRetryAfter(Duration.ofSeconds(10))
        .callTimeout(Duration.ofSeconds(20))
        .build();
  }

  /**
   * Reads an order of sources as a user writes it: {@code off} for none, else names separated by
   * commas, for example {@code corpus,openalex,arxiv}.
   *
   * @param spec the order
   * @return the names, in order, without repeats; empty for {@code off}
   * @throws InvalidInputException if a name is not a source, or the order is empty
   */
  public static List<String> order(String spec) {
    String s = spec.strip().toLowerCase(Locale.ROOT);
    if (s.equals("off") || s.equals("none")) {
      return List.of();
    }
    Set<String> names = new LinkedHashSet<>();
    for (String part : s.split("[,\\s]+")) {
      if (part.isEmpty()) {
        continue;
      }
      if (!part.equals(CORPUS) && !ONLINE.contains(part)) {
        throw new InvalidInputException(
            "unknown literature source '"
                + part
                + "'; give off, or an order of: "
                + CORPUS
                + ", "
                + String.join(", ", ONLINE)
                + " (for example --literature corpus,openalex,arxiv)");
      }
      names.add(part);
    }
    if (names.isEmpty()) {
      throw new InvalidInputException(
          "the literature order is empty; give off, or sources separated by commas");
    }
    return List.copyOf(names);
  }

  /**
   * The default order: the corpus first when there is one, then the online sources.
   *
   * @param withCorpus whether a corpus is given
   * @return the names
   */
  public static List<String> defaultOrder(boolean withCorpus) {
    List<String> out = new ArrayList<>();
    if (withCorpus) {
      out.add(CORPUS);
    }
    out.addAll(ONLINE);
    return out;
  }

  /**
   * A chain of sources in an order: the corpus where the order names it, the online sources
   * configured from the environment with the {@linkplain #chainTransport() chain's transport}.
   *
   * @param order the names, from {@link #order} or {@link #defaultOrder}; not empty
   * @param env the environment
   * @param corpus the local corpus, or {@code null} if none is given
   * @return the chain
   * @throws InvalidInputException if the order names the corpus and there is none, or a base URL
   *     variable is not a URL
   */
  public static LiteratureChain chain(
      List<String> order, Map<String, String> env, @Nullable LiteratureSource corpus) {
    if (order.isEmpty()) {
      throw new IllegalArgumentException("order must name a source, was empty");
    }
    LiteratureChain.Builder b = LiteratureChain.builder();
    TransportOptions transport = chainTransport();
    for (String name : order) {
      if (name.equals(CORPUS)) {
        if (corpus == null) {
          throw new InvalidInputException(
              "the literature order names the corpus but no corpus was given: add --papers DIR"
                  + " (a folder of PDF, JATS XML, Markdown or text papers), or leave corpus out");
        }
        b.source(corpus);
      } else {
        b.source(online(name, env, transport));
      }
    }
    return b.build();
  }
}
