package io.kosmos.examples;

import io.kosmos.api.ExecutionResult;
import io.kosmos.api.ExecutionSession;
import io.kosmos.api.Executor;
import io.kosmos.api.ExecutorInfo;
import io.kosmos.api.OutputListener;
import io.kosmos.api.ResearchResult;
import io.kosmos.api.ResearchWorkflow;
import io.kosmos.api.SessionOptions;
import io.kosmos.core.Kosmos;
import io.kosmos.sandbox.DockerSandboxExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

/**
 * A custom {@link Executor}: it runs code on another executor and appends every cell, with its task
 * and how it ended, to a Markdown transcript that a reviewer can read alongside the run. The engine
 * sees only the {@link Executor} interface, so any implementation plugs into a workflow the same
 * way: a remote kernel service, a cluster scheduler, or a wrapper like this one.
 *
 * <pre>
 * java io.kosmos.examples.TranscriptExecutor [data.csv] [run directory]
 * </pre>
 *
 * <p>The transcript is {@code transcript.md} in the run directory.
 */
public final class TranscriptExecutor implements Executor {

  private final Executor delegate;
  private final Path transcript;

  /**
   * Wraps an executor.
   *
   * @param delegate the executor that runs the code; closed with this one
   * @param transcript the Markdown file the cells are appended to
   */
  public TranscriptExecutor(Executor delegate, Path transcript) {
    this.delegate = delegate;
    this.transcript = transcript;
  }

  @Override
  public ExecutionSession openSession(SessionOptions options) {
    return new Session(delegate.openSession(options));
  }

  @Override
  public ExecutorInfo info() {
    return delegate.info();
  }

  @Override
  public void close() {
    delegate.close();
  }

  private synchronized void append(String taskId, String code, ExecutionResult result) {
    String entry =
        "### "
            + taskId
            + " · "
            + result.status()
            + " · "
            + result.elapsed().toMillis()
            + " ms\n\n```python\n"
            + code.strip()
            + "\n```\n\n";
    try {
      Files.writeString(
          transcript,
          entry,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the transcript " + transcript, e);
    }
  }

  /** A session of the delegate whose executions are written down. */
  private final class Session implements ExecutionSession {
    private final ExecutionSession inner;

    Session(ExecutionSession inner) {
      this.inner = inner;
    }

    @Override
    public String id() {
      return inner.id();
    }

    @Override
    public SessionOptions options() {
      return inner.options();
    }

    @Override
    public ExecutionResult execute(String code, Duration timeout, OutputListener listener) {
      ExecutionResult result = inner.execute(code, timeout, listener);
      append(inner.options().taskId(), code, result);
      return result;
    }

    @Override
    public void upload(String path, byte[] content) {
      inner.upload(path, content);
    }

    @Override
    public byte[] download(String path) {
      return inner.download(path);
    }

    @Override
    public List<String> listOutputFiles() {
      return inner.listOutputFiles();
    }

    @Override
    public void interrupt() {
      inner.interrupt();
    }

    @Override
    public void restart() {
      inner.restart();
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  /**
   * Runs one cycle of the offline scientist through a transcript of the Docker sandbox.
   *
   * @param args the data file and the run directory, both optional
   * @throws IOException if the run directory cannot be made
   */
  public static void main(String[] args) throws IOException {
    Path data = Path.of(args.length > 0 ? args[0] : "kosmos-examples/data/diabetes.csv");
    Path runDir = Path.of(args.length > 1 ? args[1] : "runs/transcript");
    Files.createDirectories(runDir);
    Path transcript = runDir.resolve("transcript.md");

    try (Executor executor = new TranscriptExecutor(DockerSandboxExecutor.create(), transcript);
        ResearchWorkflow workflow =
            Kosmos.workflow()
                .objective("What drives disease progression in this cohort?")
                .dataset(data)
                .artifactsDir(runDir.resolve("run"))
                .executor(executor)
                .build()) {
      ResearchResult result = workflow.run(1, 3);
      long cells =
          Files.readAllLines(transcript).stream().filter(l -> l.startsWith("### ")).count();
      System.out.printf(
          "%s: %d finding(s); %d cell(s) in %s%n",
          result.status(), result.findings().size(), cells, transcript);
    }
  }
}
