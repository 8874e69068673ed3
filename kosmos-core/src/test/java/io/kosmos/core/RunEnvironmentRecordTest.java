package io.kosmos.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kosmos.api.ExecutionEnvironment;
import io.kosmos.api.ExecutionSession;
import io.kosmos.api.Executor;
import io.kosmos.api.ExecutorInfo;
import io.kosmos.api.ResearchWorkflow;
import io.kosmos.api.SessionOptions;
import io.kosmos.core.fixtures.Fixtures;
import io.kosmos.core.internal.artifacts.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run.json} names the environment the executor reports, and its lock is kept beside it. */
class RunEnvironmentRecordTest {

  @TempDir Path tmp;

  /** An executor whose runs move to a larger environment once a second session opens. */
  private static final class GrowingEnvironment implements Executor {
    private final Executor delegate = Fixtures.executor(Duration.ZERO);
    private final AtomicInteger sessions = new AtomicInteger();

    @Override
    public ExecutionSession openSession(SessionOptions options) {
      sessions.incrementAndGet();
      return delegate.openSession(options);
    }

    @Override
    public Optional<ExecutionEnvironment> environment(String runId) {
      if (sessions.get() < 2) {
        return Optional.of(new ExecutionEnvironment("img:base", List.of(), "[python]\na==1\n"));
      }
      return Optional.of(
          new ExecutionEnvironment("img:base-123", List.of("b"), "[python]\na==1\nb==2\n"));
    }

    @Override
    public ExecutorInfo info() {
      return delegate.info();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  @Test
  void runJsonNamesTheEnvironmentTheRunEndedInAndItsLock() throws Exception {
    Path dir = tmp.resolve("run");
    try (ResearchWorkflow wf =
        Fixtures.builder(
                dir,
                Fixtures.dataset(tmp.resolve("data")),
                new GrowingEnvironment(),
                Fixtures.Options.defaults())
            .build()) {
      wf.run(2, 2);
    }
    JsonNode env = Json.readTree(dir.resolve("run.json")).path("environment");
    assertThat(env.path("id").asText()).isEqualTo("img:base-123");
    assertThat(env.path("packages").get(0).asText()).isEqualTo("b");
    assertThat(env.path("lockFile").asText()).isEqualTo("environment.lock");
    String lock = Files.readString(dir.resolve("environment.lock"));
    assertThat(lock).isEqualTo("[python]\na==1\nb==2\n");
    assertThat(env.path("lockSha256").asText())
        .isEqualTo(new ExecutionEnvironment("x", List.of(), lock).lockSha256());
  }

  @Test
  void anExecutorThatNamesNoEnvironmentLeavesItOut() throws Exception {
    Path dir = tmp.resolve("run");
    try (ResearchWorkflow wf =
        Fixtures.builder(
                dir,
                Fixtures.dataset(tmp.resolve("data")),
                Fixtures.executor(Duration.ZERO),
                Fixtures.Options.defaults())
            .build()) {
      wf.run(1, 2);
    }
    assertThat(Json.readTree(dir.resolve("run.json")).has("environment")).isFalse();
    assertThat(dir.resolve("environment.lock")).doesNotExist();
  }
}
