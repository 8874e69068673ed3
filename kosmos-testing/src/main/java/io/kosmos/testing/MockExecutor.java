package io.kosmos.testing;

import io.kosmos.api.ExecutionResult;
import io.kosmos.api.ExecutionSession;
import io.kosmos.api.Executor;
import io.kosmos.api.ExecutorInfo;
import io.kosmos.api.InvalidInputException;
import io.kosmos.api.Output;
import io.kosmos.api.OutputListener;
import io.kosmos.api.SessionOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * An {@link Executor} that runs nothing and answers from a script, for the tests of applications
 * that embed Kosmos.
 *
 * <p>Script it with rules, checked in the order they were added; the first rule whose condition
 * matches the code answers. Code that no rule matches gets the default answer (an empty, successful
 * result unless {@link #otherwise} says otherwise). Every call is recorded for assertions.
 *
 * <pre>{@code
 * MockExecutor executor = new MockExecutor();
 * executor.when("print(1 + 1)").thenOutput("2\n");
 * executor.whenMatches("(?s).*read_csv.*").thenReturn(MockExecutor.stdout("rows: 442\n"));
 * executor.whenMatches("(?s).*while True.*").thenTimeout();
 * executor.whenCode(code -> code.contains("1/0")).thenError("ZeroDivisionError", "division by zero");
 *
 * ... run the code under test ...
 *
 * assertThat(executor.calls()).extracting(MockExecutor.Call::code).contains("print(1 + 1)");
 * }</pre>
 *
 * <p>Sessions keep uploaded files in memory, so a test can upload a file and download it back, and
 * a rule can write output files with {@link Stubbing#thenWriteFile}. The mock is thread-safe: rules
 * may be added and calls made from any thread.
 */
public final class MockExecutor implements Executor {

  /**
   * One recorded execution.
   *
   * @param sessionId the session it ran in
   * @param runId the run of the session's options
   * @param taskId the task of the session's options
   * @param code the code
   * @param timeout the time limit it was given
   * @param at when it was called
   */
  public record Call(
      String sessionId, String runId, String taskId, String code, Duration timeout, Instant at) {}

  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final Map<String, MockSession> sessions = new ConcurrentHashMap<>();
  private final List<SessionOptions> openedSessions = new CopyOnWriteArrayList<>();
  private final AtomicInteger sessionCounter = new AtomicInteger();
  private volatile Function<String, ExecutionResult> otherwise = code -> ok();
  private volatile Duration latency = Duration.ZERO;
  private volatile boolean closed;

  /** Creates a mock with no rules: every execution succeeds with no output. */
  public MockExecutor() {}

  /**
   * Adds a rule for code equal to {@code code} (after trimming surrounding whitespace).
   *
   * @param code the exact code
   * @return the rule's stubbing, to say what it answers
   */
  public Stubbing when(String code) {
    String expected = code.strip();
    return whenCode(actual -> actual.strip().equals(expected));
  }

  /**
   * Adds a rule for code that matches a regular expression entirely. Use {@code (?s)} to let {@code
   * .} cross lines.
   *
   * @param regex the expression
   * @return the rule's stubbing
   */
  public Stubbing whenMatches(String regex) {
    Pattern pattern = Pattern.compile(regex);
    return whenCode(code -> pattern.matcher(code).matches());
  }

  /**
   * Adds a rule for code that satisfies a predicate.
   *
   * @param condition the predicate
   * @return the rule's stubbing
   */
  public Stubbing whenCode(Predicate<String> condition) {
    Rule rule = new Rule(Objects.requireNonNull(condition, "condition"));
    rules.add(rule);
    return new Stubbing(rule);
  }

  /**
   * Sets the answer for code no rule matches.
   *
   * @param answer computes the result from the code
   * @return this mock
   */
  public MockExecutor otherwise(Function<String, ExecutionResult> answer) {
    this.otherwise = Objects.requireNonNull(answer, "answer");
    return this;
  }

  /**
   * Makes every execution take this long, as a real kernel would; the default is none.
   *
   * @param latency the simulated time of one execution
   * @return this mock
   */
  public MockExecutor latency(Duration latency) {
    this.latency = Objects.requireNonNull(latency, "latency");
    return this;
  }

  /** Removes every rule and every record of calls and sessions. */
  public void reset() {
    rules.clear();
    calls.clear();
    openedSessions.clear();
    otherwise = code -> ok();
    latency = Duration.ZERO;
  }

  /**
   * Every execution so far, in the order they started.
   *
   * @return the calls
   */
  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /**
   * The executions whose code contains a match of the regular expression.
   *
   * @param regex the expression, searched for anywhere in the code
   * @return the matching calls
   */
  public List<Call> callsMatching(String regex) {
    Pattern pattern = Pattern.compile(regex);
    return calls.stream().filter(c -> pattern.matcher(c.code()).find()).toList();
  }

  /**
   * The options of every session opened so far, in order.
   *
   * @return the options
   */
  public List<SessionOptions> openedSessions() {
    return List.copyOf(openedSessions);
  }

  /**
   * The number of sessions open now.
   *
   * @return the count
   */
  public int openSessionCount() {
    return sessions.size();
  }

  @Override
  public ExecutionSession openSession(SessionOptions options) {
    Objects.requireNonNull(options, "options");
    if (closed) {
      throw new IllegalStateException("this MockExecutor is closed");
    }
    String id = "mock-" + sessionCounter.incrementAndGet();
    MockSession session = new MockSession(id, options);
    sessions.put(id, session);
    openedSessions.add(options);
    return session;
  }

  @Override
  public ExecutorInfo info() {
    return new ExecutorInfo("mock", "in-memory", Map.of("rules", String.valueOf(rules.size())));
  }

  @Override
  public void close() {
    closed = true;
    sessions.values().forEach(MockSession::close);
  }

  // ---- results -----------------------------------------------------------------------------

  /**
   * A successful result with no output.
   *
   * @return the result
   */
  public static ExecutionResult ok() {
    return ExecutionResult.builder().build();
  }

  /**
   * A successful result that printed {@code text} to standard output.
   *
   * @param text the output
   * @return the result
   */
  public static ExecutionResult stdout(String text) {
    return ExecutionResult.builder().output(new Output.Stream("stdout", text)).build();
  }

  /**
   * A result that raised an exception.
   *
   * @param name the exception class, for example {@code KeyError}
   * @param value the message
   * @return the result
   */
  public static ExecutionResult error(String name, String value) {
    return ExecutionResult.builder()
        .status(ExecutionResult.Status.ERROR)
        .output(
            new Output.Error(
                name,
                value,
                List.of(
                    "Traceback (most recent call last):",
                    "  File \"<mock>\", line 1, in <module>",
                    name + ": " + value)))
        .build();
  }

  /**
   * A result of code that ran past its time limit.
   *
   * @param timeout the limit that was passed
   * @return the result
   */
  public static ExecutionResult timeout(Duration timeout) {
    return ExecutionResult.builder()
        .status(ExecutionResult.Status.TIMEOUT)
        .error(
            new Output.Error(
                "TimeoutError",
                "cell ran past its limit of " + timeout.toSeconds() + " s and was stopped",
                List.of()))
        .elapsed(timeout)
        .kernelRestarted(true)
        .build();
  }

  // ---- stubbing ----------------------------------------------------------------------------

  private static final class Rule {
    final Predicate<String> condition;
    final List<Function<MockRequest, ExecutionResult>> answers = new CopyOnWriteArrayList<>();
    final Map<String, byte[]> files = new ConcurrentHashMap<>();
    final AtomicLong uses = new AtomicLong();

    Rule(Predicate<String> condition) {
      this.condition = condition;
    }

    ExecutionResult answer(MockRequest request) {
      if (answers.isEmpty()) {
        return ok();
      }
      int index = (int) Math.min(uses.getAndIncrement(), answers.size() - 1);
      return answers.get(index).apply(request);
    }
  }

  /**
   * What a rule sees of an execution, for {@link Stubbing#thenAnswer}.
   *
   * @param code the code
   * @param timeout the time limit of the call
   * @param options the session's options
   */
  public record MockRequest(String code, Duration timeout, SessionOptions options) {}

  /**
   * Says what a rule answers. Several {@code then...} calls give consecutive answers: the first
   * call gets the first, the second the second, and the last repeats.
   */
  public static final class Stubbing {
    private final Rule rule;

    private Stubbing(Rule rule) {
      this.rule = rule;
    }

    /**
     * Answers with these results, one per call; the last repeats.
     *
     * @param first the first result
     * @param more further results
     * @return this stubbing
     */
    public Stubbing thenReturn(ExecutionResult first, ExecutionResult... more) {
      rule.answers.add(request -> first);
      for (ExecutionResult next : more) {
        rule.answers.add(request -> next);
      }
      return this;
    }

    /**
     * Answers with a successful result that printed {@code text}.
     *
     * @param text standard output
     * @return this stubbing
     */
    public Stubbing thenOutput(String text) {
      return thenReturn(stdout(text));
    }

    /**
     * Answers with an exception raised by the code.
     *
     * @param name the exception class
     * @param value its message
     * @return this stubbing
     */
    public Stubbing thenError(String name, String value) {
      return thenReturn(error(name, value));
    }

    /**
     * Answers with a timeout at the call's time limit.
     *
     * @return this stubbing
     */
    public Stubbing thenTimeout() {
      rule.answers.add(request -> timeout(request.timeout()));
      return this;
    }

    /**
     * Answers with a computed result.
     *
     * @param answer computes the result
     * @return this stubbing
     */
    public Stubbing thenAnswer(Function<MockRequest, ExecutionResult> answer) {
      rule.answers.add(Objects.requireNonNull(answer, "answer"));
      return this;
    }

    /**
     * Throws from {@code execute}, to simulate a sandbox failure.
     *
     * @param failure the exception to throw
     * @return this stubbing
     */
    public Stubbing thenThrow(RuntimeException failure) {
      Objects.requireNonNull(failure, "failure");
      rule.answers.add(
          request -> {
            throw failure;
          });
      return this;
    }

    /**
     * Also writes a file into the session's workspace whenever the rule answers, as code that saves
     * a file would.
     *
     * @param path the path relative to the workspace, for example {@code output/table.csv}
     * @param content the content
     * @return this stubbing
     */
    public Stubbing thenWriteFile(String path, byte[] content) {
      rule.files.put(MockSession.checkPath(path), content.clone());
      return this;
    }
  }

  // ---- sessions ----------------------------------------------------------------------------

  private final class MockSession implements ExecutionSession {
    private final String id;
    private final SessionOptions options;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final AtomicInteger executionCount = new AtomicInteger();
    private volatile boolean sessionClosed;

    MockSession(String id, SessionOptions options) {
      this.id = id;
      this.options = options;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public SessionOptions options() {
      return options;
    }

    @Override
    public ExecutionResult execute(String code, Duration timeout, OutputListener listener) {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(timeout, "timeout");
      Objects.requireNonNull(listener, "listener");
      if (sessionClosed) {
        throw new IllegalStateException("session " + id + " is closed");
      }
      calls.add(new Call(id, options.runId(), options.taskId(), code, timeout, Instant.now()));
      simulateLatency();
      MockRequest request = new MockRequest(code, timeout, options);
      ExecutionResult scripted = null;
      for (Rule rule : rules) {
        if (rule.condition.test(code)) {
          scripted = rule.answer(request);
          files.putAll(rule.files);
          break;
        }
      }
      if (scripted == null) {
        scripted = otherwise.apply(code);
      }
      scripted.outputs().forEach(listener::onOutput);
      return withCount(scripted, executionCount.incrementAndGet());
    }

    private void simulateLatency() {
      Duration pause = latency;
      if (!pause.isZero()) {
        try {
          Thread.sleep(pause);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    private ExecutionResult withCount(ExecutionResult r, int count) {
      return new ExecutionResult(
          r.status(),
          r.outputs(),
          r.stdout(),
          r.stderr(),
          r.error(),
          r.executionCount() > 0 ? r.executionCount() : count,
          r.elapsed().isZero() ? latency : r.elapsed(),
          r.resources(),
          r.outputBytes(),
          r.truncated(),
          r.kernelRestarted());
    }

    @Override
    public void upload(String path, byte[] content) {
      files.put(checkPath(path), content.clone());
    }

    @Override
    public byte[] download(String path) {
      byte[] content = files.get(checkPath(path));
      if (content == null) {
        throw new InvalidInputException(
            "no file '" + path + "' in session " + id + "; files there: " + files.keySet());
      }
      return content.clone();
    }

    @Override
    public List<String> listOutputFiles() {
      List<String> out = new ArrayList<>();
      new TreeMap<>(files).keySet().stream().filter(p -> p.startsWith("output/")).forEach(out::add);
      return out;
    }

    @Override
    public void interrupt() {}

    @Override
    public void restart() {
      executionCount.set(0);
    }

    @Override
    public void close() {
      sessionClosed = true;
      sessions.remove(id);
    }

    static String checkPath(String path) {
      Objects.requireNonNull(path, "path");
      String normalized = path.replace('\\', '/');
      if (normalized.isEmpty()
          || normalized.startsWith("/")
          || normalized.equals("..")
          || normalized.startsWith("../")
          || normalized.contains("/../")
          || normalized.endsWith("/..")) {
        throw new InvalidInputException(
            "path '" + path + "' must be relative to the workspace and stay inside it");
      }
      return normalized;
    }
  }
}
