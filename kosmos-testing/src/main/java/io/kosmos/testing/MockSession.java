package io.kosmos.testing;

import io.kosmos.api.ExecutionResult;
import io.kosmos.api.ExecutionSession;
import io.kosmos.api.InvalidInputException;
import io.kosmos.api.OutputListener;
import io.kosmos.api.SessionOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A session of a {@link MockExecutor}: each execution is answered by the executor's script, and the
 * workspace is a map in memory, so that a test can upload a file and download it back and a rule
 * can write output files. Execution counts start at 1 and restart with the kernel, as a real
 * kernel's do.
 */
final class MockSession implements ExecutionSession {
  private final MockExecutor executor;
  private final String id;
  private final SessionOptions options;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final AtomicInteger executionCount = new AtomicInteger();
  private volatile boolean closed;

  MockSession(MockExecutor executor, String id, SessionOptions options) {
    this.executor = executor;
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
    if (closed) {
      throw new IllegalStateException("session " + id + " is closed");
    }
    MockExecutor.Answer answer = executor.answer(id, options, code, timeout);
    files.putAll(answer.files());
    ExecutionResult scripted = answer.result();
    scripted.outputs().forEach(listener::onOutput);
    return withCount(scripted, executionCount.incrementAndGet(), answer.latency());
  }

  private static ExecutionResult withCount(ExecutionResult r, int count, Duration latency) {
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
    closed = true;
    executor.closed(this);
  }

  /**
   * Checks that a path stays inside the workspace.
   *
   * @param path a path relative to the workspace
   * @return the path with forward slashes
   * @throws InvalidInputException if it is absolute or climbs out
   */
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
