package io.kosmos.core.llm;

import io.kosmos.api.BudgetExceededException;
import io.kosmos.api.TokenUsage;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a run may spend on language model calls, in US dollars, tokens, or both, and what it has
 * spent so far. Wrap a model with {@link LanguageModels#budgeted(io.kosmos.api.LanguageModel,
 * Budget)} and every call is checked before it is sent and counted after it returns; once the
 * budget is spent the next call throws {@link BudgetExceededException}, which the workflow turns
 * into a clean stop with a partial report.
 *
 * <p>Calls already in flight when the budget runs out still finish and are counted, so a run may
 * overshoot by what those calls cost. A repair round that still fails is not counted (its cost is
 * lost with the exception). The budget is thread-safe; {@link #snapshot()} gives the totals,
 * overall and per purpose, for the run record and the report.
 *
 * <pre>{@code
 * Budget budget = Budget.builder().maxUsd(5.00).build();
 * LanguageModel model = LanguageModels.budgeted(client, budget);
 * ...
 * Budget.Snapshot spent = budget.snapshot();   // calls, tokens, cost, per purpose
 * }</pre>
 */
public final class Budget {

  private static final Logger log = LoggerFactory.getLogger(Budget.class);

  /**
   * Totals of some calls. Sums saturate at {@link Long#MAX_VALUE} tokens and ignore a cost that is
   * not a finite number of 0 or more, so totals never overflow into negative numbers.
   *
   * @param calls how many calls
   * @param inputTokens prompt tokens
   * @param outputTokens answer tokens
   * @param costUsd US dollars
   * @param estimatedCalls how many of the calls were counted with usage the client estimated,
   *     because the provider reported none or nonsense
   * @param cacheReadTokens of the prompt tokens, those read from the provider's prompt cache
   * @param cacheWriteTokens of the prompt tokens, those written to the provider's prompt cache
   * @param cacheSavingUsd what prompt caching saved, in US dollars, by the clients' price tables
   *     (negative while cache writes cost more than reads saved)
   */
  public record Totals(
      long calls,
      long inputTokens,
      long outputTokens,
      double costUsd,
      long estimatedCalls,
      long cacheReadTokens,
      long cacheWriteTokens,
      double cacheSavingUsd) {

    /** Nothing spent. */
    public static final Totals ZERO = new Totals(0, 0, 0, 0, 0);

    /**
     * Totals with no estimated call.
     *
     * @param calls how many calls
     * @param inputTokens prompt tokens
     * @param outputTokens answer tokens
     * @param costUsd US dollars
     */
    public Totals(long calls, long inputTokens, long outputTokens, double costUsd) {
      this(calls, inputTokens, outputTokens, costUsd, 0);
    }

    /**
     * Totals without prompt caching.
     *
     * @param calls how many calls
     * @param inputTokens prompt tokens
     * @param outputTokens answer tokens
     * @param costUsd US dollars
     * @param estimatedCalls how many of the calls were counted with usage the client estimated
     */
    public Totals(
        long calls, long inputTokens, long outputTokens, double costUsd, long estimatedCalls) {
      this(calls, inputTokens, outputTokens, costUsd, estimatedCalls, 0, 0, 0);
    }

    /**
     * All tokens.
     *
     * @return input and output tokens together, at most {@link Long#MAX_VALUE}
     */
    public long tokens() {
      return TokenUsage.saturatingAdd(inputTokens, outputTokens);
    }

    Totals plus(TokenUsage usage, double cost, double cacheSaving) {
      return sum(
          this,
          new Totals(
              1,
              usage.inputTokens(),
              usage.outputTokens(),
              cost,
              usage.estimated() ? 1 : 0,
              usage.cacheReadTokens(),
              usage.cacheWriteTokens(),
              cacheSaving));
    }

    static Totals sum(Totals a, Totals b) {
      return new Totals(
          TokenUsage.saturatingAdd(a.calls(), b.calls()),
          TokenUsage.saturatingAdd(a.inputTokens(), b.inputTokens()),
          TokenUsage.saturatingAdd(a.outputTokens(), b.outputTokens()),
          a.costUsd() + b.costUsd(),
          TokenUsage.saturatingAdd(a.estimatedCalls(), b.estimatedCalls()),
          TokenUsage.saturatingAdd(a.cacheReadTokens(), b.cacheReadTokens()),
          TokenUsage.saturatingAdd(a.cacheWriteTokens(), b.cacheWriteTokens()),
          a.cacheSavingUsd() + b.cacheSavingUsd());
    }
  }

  /**
   * Told after each call a budget counts, for example to save the totals so that an interrupted run
   * keeps them. Called on the thread that made the call, after the budget's lock is released; it
   * must be quick and must not throw.
   */
  @FunctionalInterface
  public interface Listener {
    /**
     * A call was counted.
     *
     * @param total everything spent so far, the call included
     */
    void recorded(Totals total);
  }

  /**
   * The state of a budget at one moment.
   *
   * @param total everything spent
   * @param byPurpose what was spent per purpose of call ({@code plan}, {@code analyst}, ...),
   *     sorted by purpose
   * @param maxUsd the dollar limit, or {@code null} for none
   * @param maxTokens the token limit, or {@code null} for none
   * @param exhausted whether the budget is spent
   */
  public record Snapshot(
      Totals total,
      Map<String, Totals> byPurpose,
      @Nullable Double maxUsd,
      @Nullable Long maxTokens,
      boolean exhausted) {

    /** Copies the map. */
    public Snapshot {
      byPurpose = Map.copyOf(byPurpose);
    }
  }

  private final Double maxUsd;
  private final Long maxTokens;
  private Totals total = Totals.ZERO;
  private final Map<String, Totals> byPurpose = new TreeMap<>();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();

  private Budget(Double maxUsd, Long maxTokens) {
    this.maxUsd = maxUsd;
    this.maxTokens = maxTokens;
  }

  /**
   * A budget with no limit, that only counts.
   *
   * @return the budget
   */
  public static Budget unlimited() {
    return new Budget(null, null);
  }

  /**
   * A budget of US dollars.
   *
   * @param maxUsd the limit, more than 0
   * @return the budget
   */
  public static Budget ofUsd(double maxUsd) {
    return builder().maxUsd(maxUsd).build();
  }

  /**
   * A budget of tokens (input and output together).
   *
   * @param maxTokens the limit, more than 0
   * @return the budget
   */
  public static Budget ofTokens(long maxTokens) {
    return builder().maxTokens(maxTokens).build();
  }

  /**
   * Starts a builder with no limit.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Fails if the budget is spent; called before each model call.
   *
   * @param purpose the purpose of the call about to be made, for the message
   * @throws BudgetExceededException if it is spent
   */
  public synchronized void check(String purpose) {
    if (isExhausted()) {
      throw new BudgetExceededException(
          "The language model budget is spent: "
              + spentMessage()
              + " after "
              + total.calls()
              + " calls; the "
              + purpose
              + " call was not made. Raise the budget to go further.");
    }
  }

  /**
   * Counts a finished call.
   *
   * @param purpose what the call was for
   * @param usage its tokens
   * @param costUsd its cost
   */
  public void record(String purpose, TokenUsage usage, double costUsd) {
    record(purpose, usage, costUsd, 0);
  }

  /**
   * Counts a finished call with what prompt caching saved on it.
   *
   * @param purpose what the call was for
   * @param usage its tokens
   * @param costUsd its cost
   * @param cacheSavingUsd what prompt caching saved on it (negative if the cache writes cost more)
   */
  public void record(String purpose, TokenUsage usage, double costUsd, double cacheSavingUsd) {
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(usage, "usage");
    // a cost that is no number would make every later comparison false: the budget never binds
    double cost = Double.isFinite(costUsd) && costUsd > 0 ? costUsd : 0;
    double saving = Double.isFinite(cacheSavingUsd) ? cacheSavingUsd : 0;
    Totals now;
    synchronized (this) {
      total = total.plus(usage, cost, saving);
      byPurpose.merge(purpose, Totals.ZERO.plus(usage, cost, saving), Totals::sum);
      now = total;
    }
    for (Listener listener : listeners) {
      try {
        listener.recorded(now);
      } catch (RuntimeException e) {
        log.warn("a budget listener failed: {}", e.toString());
      }
    }
  }

  /**
   * Adds a listener told after each call is counted.
   *
   * @param listener the listener
   */
  public void addListener(Listener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Removes a listener added before; nothing happens if it was not.
   *
   * @param listener the listener
   */
  public void removeListener(Listener listener) {
    listeners.remove(listener);
  }

  /**
   * Whether the budget is spent.
   *
   * @return whether a limit is reached
   */
  public synchronized boolean isExhausted() {
    return (maxUsd != null && total.costUsd() >= maxUsd)
        || (maxTokens != null && total.tokens() >= maxTokens);
  }

  /**
   * The totals now.
   *
   * @return a snapshot
   */
  public synchronized Snapshot snapshot() {
    return new Snapshot(total, byPurpose, maxUsd, maxTokens, isExhausted());
  }

  /**
   * The dollar limit.
   *
   * @return the limit, if there is one
   */
  public OptionalDouble maxUsd() {
    return maxUsd == null ? OptionalDouble.empty() : OptionalDouble.of(maxUsd);
  }

  /**
   * The token limit.
   *
   * @return the limit, if there is one
   */
  public OptionalLong maxTokens() {
    return maxTokens == null ? OptionalLong.empty() : OptionalLong.of(maxTokens);
  }

  private String spentMessage() {
    StringBuilder s = new StringBuilder();
    if (maxUsd != null) {
      s.append(String.format(Locale.ROOT, "spent $%.4f of $%.2f", total.costUsd(), maxUsd));
    }
    if (maxTokens != null) {
      if (!s.isEmpty()) {
        s.append(", ");
      }
      s.append("used ").append(total.tokens()).append(" of ").append(maxTokens).append(" tokens");
    }
    if (total.estimatedCalls() > 0) {
      s.append(" (")
          .append(total.estimatedCalls())
          .append(" call(s) estimated from their size: the provider reported no usable usage)");
    }
    return s.toString();
  }

  @Override
  public synchronized String toString() {
    return "Budget{"
        + (maxUsd == null && maxTokens == null ? "unlimited, " : spentMessage() + ", ")
        + total.calls()
        + " calls}";
  }

  /**
   * Builds {@link Budget}s. Each limit may be set once: setting it again fails with {@link
   * IllegalStateException} naming it. A value out of range fails at once with {@link
   * IllegalArgumentException} naming the limit and the value.
   */
  public static final class Builder {
    private Double maxUsd;
    private Long maxTokens;

    private Builder() {}

    /**
     * Limits the cost.
     *
     * @param maxUsd US dollars, more than 0
     * @return this builder
     */
    public Builder maxUsd(double maxUsd) {
      if (this.maxUsd != null) {
        throw new IllegalStateException("maxUsd was already set; set each option once");
      }
      if (!(maxUsd > 0) || Double.isInfinite(maxUsd)) {
        throw new IllegalArgumentException("maxUsd must be more than 0, was " + maxUsd);
      }
      this.maxUsd = maxUsd;
      return this;
    }

    /**
     * Limits the tokens, input and output together.
     *
     * @param maxTokens the limit, more than 0
     * @return this builder
     */
    public Builder maxTokens(long maxTokens) {
      if (this.maxTokens != null) {
        throw new IllegalStateException("maxTokens was already set; set each option once");
      }
      if (maxTokens < 1) {
        throw new IllegalArgumentException("maxTokens must be 1 or more, was " + maxTokens);
      }
      this.maxTokens = maxTokens;
      return this;
    }

    /**
     * Builds the budget.
     *
     * @return the budget, with nothing spent
     */
    public Budget build() {
      return new Budget(maxUsd, maxTokens);
    }
  }
}
