package io.kosmos.core.literature;

import io.kosmos.api.LiteratureException;
import io.kosmos.api.LiteratureSource;
import io.kosmos.api.Paper;
import io.kosmos.api.Passage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several literature sources asked in order: the first that answers with results answers. A source
 * that fails (rate limit, server error, timeout, no network, a malformed answer) or finds nothing
 * passes the query to the next one, and {@link #answer} says which source answered and what
 * happened to each one before it. This is how a search survives Semantic Scholar's 429s: with the
 * order {@code semantic-scholar, openalex, arxiv}, OpenAlex answers while Semantic Scholar refuses.
 *
 * <p>A source that refused for rate is left out until the wait it asked for has passed (at least
 * the {@linkplain Builder#cooldown cooldown}); one that could not be reached, timed out or failed
 * with a server error is left out for the cooldown. So a run without network pays for each
 * unreachable source once, not once per search. When every source failed, the chain throws a {@link
 * LiteratureException} that lists them; when some found nothing and none answered, the answer is
 * empty.
 *
 * <pre>{@code
 * LiteratureChain chain = LiteratureChain.builder()
 *     .source(SemanticScholarSource.builder().build())
 *     .source(OpenAlexSource.builder().email("me@example.org").build())
 *     .build();
 * LiteratureChain.Answer answer = chain.answer("glucose variability complications", 10);
 * System.out.println(answer.answeredBy());    // "openalex", if Semantic Scholar refused
 * }</pre>
 */
public final class LiteratureChain implements LiteratureSource {

  private static final Logger LOG = LoggerFactory.getLogger(LiteratureChain.class);

  /** What happened to one source for one query. */
  public enum Outcome {
    /** It answered with results. */
    ANSWERED,
    /** It answered, with nothing. */
    EMPTY,
    /** It failed; {@link Attempt#detail()} says how. */
    FAILED,
    /** It was left out: it refused or failed recently and its cooldown had not passed. */
    SKIPPED
  }

  /**
   * One source's part in a search.
   *
   * @param source the source's name
   * @param outcome what happened
   * @param reason why it failed or was left out, or {@code null} when it answered
   * @param detail the failure's message, the results' count, or why it was left out
   * @param took how long it took
   */
  public record Attempt(
      String source,
      Outcome outcome,
      LiteratureException.@Nullable Reason reason,
      String detail,
      Duration took) {
    /** Checks the components. */
    public Attempt {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(detail, "detail");
      Objects.requireNonNull(took, "took");
    }
  }

  /**
   * The answer to a search, with what each source did.
   *
   * @param results what was found, best first (empty if no source found anything)
   * @param answeredBy the source that answered, or {@code null} if none did
   * @param attempts each source asked or left out, in order, up to the one that answered
   * @param <T> passages or papers
   */
  public record Answer<T>(List<T> results, @Nullable String answeredBy, List<Attempt> attempts) {
    /** Copies the lists. */
    public Answer {
      results = List.copyOf(results);
      attempts = List.copyOf(attempts);
    }

    /**
     * Whether a source other than the first one asked answered: the chain fell back.
     *
     * @return whether it fell back
     */
    public boolean fellBack() {
      return answeredBy != null
          && !attempts.isEmpty()
          && !attempts.getFirst().source().equals(answeredBy);
    }
  }

  private final List<LiteratureSource> sources;
  private final Duration cooldown;
  private final Clock clock;
  private final Map<String, Instant> resting = new ConcurrentHashMap<>();
  private final Map<String, String> restingWhy = new ConcurrentHashMap<>();

  private LiteratureChain(Builder b) {
    this.sources = List.copyOf(b.sources);
    this.cooldown = b.cooldown != null ? b.cooldown : Duration.ofMinutes(2);
    this.clock = b.clock != null ? b.clock : Clock.systemUTC();
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
   * The sources, in the order they are asked.
   *
   * @return the sources
   */
  public List<LiteratureSource> sources() {
    return sources;
  }

  @Override
  public String name() {
    return String.join(" > ", sources.stream().map(LiteratureSource::name).toList());
  }

  @Override
  public List<Paper> search(String query, int limit) {
    return papers(query, limit).results();
  }

  @Override
  public List<Passage> passages(String query, int limit) {
    return answer(query, limit).results();
  }

  /**
   * Searches for passages and says which source answered.
   *
   * @param query the search terms
   * @param limit the most passages
   * @return the answer
   * @throws LiteratureException if every source failed or was left out
   */
  public Answer<Passage> answer(String query, int limit) {
    return ask(query, s -> s.passages(query, limit));
  }

  /**
   * Searches for papers and says which source answered.
   *
   * @param query the search terms
   * @param limit the most papers
   * @return the answer
   * @throws LiteratureException if every source failed or was left out
   */
  public Answer<Paper> papers(String query, int limit) {
    return ask(query, s -> s.search(query, limit));
  }

  /**
   * Reads a paper from the source that found it (its {@link Paper#source()}), else from the first
   * source that holds it.
   *
   * @param paperId the paper
   * @return its passages, or empty
   */
  @Override
  public List<Passage> read(String paperId) {
    for (LiteratureSource s : sources) {
      if (restingUntil(s) != null) {
        continue;
      }
      try {
        List<Passage> text = s.read(paperId);
        if (!text.isEmpty()) {
          return text;
        }
      } catch (LiteratureException e) {
        LOG.info("{} could not read {}: {}", s.name(), paperId, e.getMessage());
      }
    }
    return List.of();
  }

  private <T> Answer<T> ask(String query, Function<LiteratureSource, List<T>> search) {
    List<Attempt> attempts = new ArrayList<>();
    List<LiteratureException> failures = new ArrayList<>();
    boolean anyAnswered = false;
    for (LiteratureSource source : sources) {
      Instant until = restingUntil(source);
      if (until != null) {
        attempts.add(
            new Attempt(
                source.name(),
                Outcome.SKIPPED,
                null,
                "left out until "
                    + until
                    + " after "
                    + restingWhy.getOrDefault(source.name(), "a failure"),
                Duration.ZERO));
        continue;
      }
      Instant start = clock.instant();
      try {
        List<T> found = search.apply(source);
        Duration took = Duration.between(start, clock.instant());
        anyAnswered = true;
        if (!found.isEmpty()) {
          attempts.add(
              new Attempt(
                  source.name(), Outcome.ANSWERED, null, found.size() + " result(s)", took));
          return new Answer<>(found, source.name(), attempts);
        }
        attempts.add(new Attempt(source.name(), Outcome.EMPTY, null, "no result", took));
      } catch (LiteratureException e) {
        Duration took = Duration.between(start, clock.instant());
        attempts.add(new Attempt(source.name(), Outcome.FAILED, e.reason(), e.getMessage(), took));
        failures.add(e);
        rest(source, e);
        LOG.info(
            "{} failed for '{}' ({}); asking the next source", source.name(), query, e.reason());
      }
    }
    if (!anyAnswered && !attempts.isEmpty()) {
      List<String> lines = new ArrayList<>();
      for (Attempt a : attempts) {
        lines.add(a.source() + ": " + a.detail());
      }
      LiteratureException.Reason reason =
          failures.isEmpty() ? LiteratureException.Reason.OTHER : failures.getLast().reason();
      throw new LiteratureException(
          "no literature source could answer '" + query + "': " + String.join("; ", lines),
          reason,
          null,
          failures.isEmpty() ? null : failures.getLast());
    }
    return new Answer<>(List.of(), null, attempts);
  }

  private @Nullable Instant restingUntil(LiteratureSource source) {
    Instant until = resting.get(source.name());
    if (until == null) {
      return null;
    }
    if (!clock.instant().isBefore(until)) {
      resting.remove(source.name(), until);
      return null;
    }
    return until;
  }

  private void rest(LiteratureSource source, LiteratureException e) {
    Duration wait =
        switch (e.reason()) {
          case RATE_LIMITED ->
              e.retryAfter().filter(d -> d.compareTo(cooldown) > 0).orElse(cooldown);
          case UNREACHABLE, TIMEOUT, SERVER_ERROR -> cooldown;
          default -> Duration.ZERO;
        };
    if (wait.isPositive()) {
      resting.put(source.name(), clock.instant().plus(wait));
      restingWhy.put(
          source.name(), e.reason().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
    }
  }

  @Override
  public String toString() {
    return "LiteratureChain" + sources;
  }

  /**
   * Builds a {@link LiteratureChain}. Sources are added in the order they are asked; at least one
   * is required. Defaults: a cooldown of 2 minutes, the system clock.
   */
  public static final class Builder {
    private final List<LiteratureSource> sources = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private Duration cooldown;
    private Clock clock;

    private Builder() {}

    /**
     * Adds a source, asked after those added before it.
     *
     * @param source the source; its name must differ from the others'
     * @return this builder
     */
    public Builder source(LiteratureSource source) {
      Objects.requireNonNull(source, "source");
      if (!names.add(source.name())) {
        throw new IllegalArgumentException(
            "source must have a name of its own; '" + source.name() + "' was already added");
      }
      sources.add(source);
      return this;
    }

    /**
     * Sets how long a source that refused for rate, could not be reached, timed out or failed with
     * a server error is left out of later searches (a longer {@code Retry-After} wins).
     *
     * @param cooldown zero or a positive duration
     * @return this builder
     */
    public Builder cooldown(Duration cooldown) {
      if (this.cooldown != null) {
        throw new IllegalStateException("cooldown was already set; set each option once");
      }
      Objects.requireNonNull(cooldown, "cooldown");
      if (cooldown.isNegative()) {
        throw new IllegalArgumentException("cooldown must not be negative, was " + cooldown);
      }
      this.cooldown = cooldown;
      return this;
    }

    /**
     * Sets the clock that times cooldowns and attempts.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      if (this.clock != null) {
        throw new IllegalStateException("clock was already set; set each option once");
      }
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the chain.
     *
     * @return the chain
     * @throws IllegalStateException if no source was added
     */
    public LiteratureChain build() {
      if (sources.isEmpty()) {
        throw new IllegalStateException("a LiteratureChain needs a source: call source(...)");
      }
      return new LiteratureChain(this);
    }
  }
}
