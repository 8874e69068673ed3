package io.kosmos.core.llm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kosmos.api.KosmosException;
import io.kosmos.api.LanguageModel;
import io.kosmos.api.ModelRequest;
import io.kosmos.api.ModelResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wraps a {@link LanguageModel} and appends every exchange to a JSON Lines file, so that a {@link
 * ReplayModel} can rerun the run from it with no network.
 *
 * <p>Each line is one JSON object: {@code format}, {@code seq}, {@code provider}, {@code model},
 * {@code purpose}, {@code requestHash}, {@code startedAt}, {@code finishedAt}, the full {@code
 * request}, and either the {@code response} or the {@code error} (its exception type and message).
 * Only what the application passed and got back is written: never an API key, header or URL query.
 * Lines are written whole, one at a time, and flushed, so the file is readable after a crash; the
 * model may be called from many threads. The file is appended to, never truncated.
 *
 * <pre>{@code
 * LanguageModel model = LanguageModels.recording(client, runDir.resolve("llm.jsonl"));
 * }</pre>
 */
public final class RecordingModel implements LanguageModel {

  private final LanguageModel delegate;
  private final Path file;
  private final Clock clock;
  private final AtomicLong seq = new AtomicLong();

  /**
   * Creates a recording model; the file and its directory are created on the first call.
   *
   * @param delegate the model that answers
   * @param file the JSON Lines file to append to
   */
  public RecordingModel(LanguageModel delegate, Path file) {
    this(delegate, file, Clock.systemUTC());
  }

  /**
   * Creates a recording model with a clock for the timestamps.
   *
   * @param delegate the model that answers
   * @param file the JSON Lines file to append to
   * @param clock the clock of {@code startedAt} and {@code finishedAt}
   */
  public RecordingModel(LanguageModel delegate, Path file, Clock clock) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.file = Objects.requireNonNull(file, "file");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public ModelResponse chat(ModelRequest request) {
    Instant started = clock.instant();
    ObjectNode line = Json.MAPPER.createObjectNode();
    line.put("format", Exchanges.FORMAT);
    line.put("seq", seq.getAndIncrement());
    line.put("provider", delegate.provider());
    line.put("model", delegate.model());
    line.put("purpose", request.purpose());
    line.put("requestHash", Exchanges.hash(request));
    line.put("startedAt", started.toString());
    try {
      ModelResponse response = delegate.chat(request);
      line.put("finishedAt", clock.instant().toString());
      line.set("request", Exchanges.request(request));
      line.set("response", Exchanges.response(response));
      append(line);
      return response;
    } catch (KosmosException e) {
      line.put("finishedAt", clock.instant().toString());
      line.set("request", Exchanges.request(request));
      line.set("error", Exchanges.error(e));
      append(line);
      throw e;
    }
  }

  private synchronized void append(ObjectNode line) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(
          file,
          Json.write(line) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the model recording " + file, e);
    }
  }

  /**
   * The file exchanges are appended to.
   *
   * @return the file
   */
  public Path file() {
    return file;
  }

  @Override
  public String provider() {
    return delegate.provider();
  }

  @Override
  public String model() {
    return delegate.model();
  }

  @Override
  public String toString() {
    return "RecordingModel{" + delegate + " -> " + file + "}";
  }
}
