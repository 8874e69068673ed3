package io.kosmos.core.internal.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.kosmos.api.ExecutionSession;
import io.kosmos.api.Executor;
import io.kosmos.api.ExecutorInfo;
import io.kosmos.api.SandboxUnavailableException;
import io.kosmos.api.SessionOptions;
import io.kosmos.core.internal.artifacts.Layout;
import io.kosmos.testing.MockExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotebookReplayTest {

  @TempDir Path dir;

  private static final String NOTEBOOK =
      """
      {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "source": ["print(1)"], "metadata": {}, "outputs": [
          {"output_type": "stream", "name": "stdout", "text": ["1\\n"]}]}]}
      """;

  /** An executor whose first {@code failures} sessions cannot start, as on a loaded machine. */
  private static Executor failingFirst(int failures, MockExecutor mock, AtomicInteger opened) {
    return new Executor() {
      @Override
      public ExecutionSession openSession(SessionOptions options) {
        if (opened.incrementAndGet() <= failures) {
          throw new SandboxUnavailableException(
              "cannot start a sandbox container: a housekeeping cell did not finish");
        }
        return mock.openSession(options);
      }

      @Override
      public ExecutorInfo info() {
        return mock.info();
      }

      @Override
      public void close() {
        mock.close();
      }
    };
  }

  private NotebookReplay replay(Executor executor) throws Exception {
    Files.createDirectories(dir.resolve("cycles/1/tasks/c1-t01"));
    Files.writeString(dir.resolve("cycles/1/tasks/c1-t01/notebook.ipynb"), NOTEBOOK);
    return NotebookReplay.run(
        new Layout(dir),
        "cycles/1/tasks/c1-t01/notebook.ipynb",
        0,
        executor,
        SessionOptions.builder().runId("r").taskId("c1-t01-verify").build(),
        Duration.ofSeconds(10));
  }

  @Test
  void aSandboxThatCannotStartOnceIsTriedAgain() throws Exception {
    MockExecutor mock = new MockExecutor();
    mock.when("print(1)").thenReturn(MockExecutor.stdout("1\n"));
    AtomicInteger opened = new AtomicInteger();
    NotebookReplay r = replay(failingFirst(1, mock, opened));
    assertThat(r.failure()).isNull();
    assertThat(opened).hasValue(2);
    assertThat(r.rerun().get(0).stdout()).isEqualTo("1\n");
  }

  @Test
  void aSandboxThatNeverStartsLeavesTheNotebookNotReExecutedWithTheReason() throws Exception {
    AtomicInteger opened = new AtomicInteger();
    NotebookReplay r = replay(failingFirst(99, new MockExecutor(), opened));
    assertThat(opened).hasValue(NotebookReplay.ATTEMPTS);
    assertThat(r.rerun()).isEmpty();
    assertThat(r.failure())
        .startsWith("the notebook could not be re-executed: cannot start a sandbox container")
        .contains("kosmos doctor");
  }
}
