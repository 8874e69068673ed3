package io.kosmos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kosmos.api.ResearchWorkflow;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Ctrl-C stops the workflow, waits for the command to save, and says how to resume. */
class InterruptionTest {

  @Test
  void aSignalStopsTheRunWaitsForItToSaveAndPrintsHowToResume() throws Exception {
    StringWriter text = new StringWriter();
    CountDownLatch closed = new CountDownLatch(1);
    ResearchWorkflow workflow =
        (ResearchWorkflow)
            Proxy.newProxyInstance(
                ResearchWorkflow.class.getClassLoader(),
                new Class<?>[] {ResearchWorkflow.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("close")) {
                    closed.countDown();
                  }
                  return null;
                });
    Path dir = Path.of("runs", "x");
    Interruption interruption =
        Interruption.install(
            Console.plain(new PrintWriter(text, true)), dir, Duration.ofSeconds(30));
    interruption.watch(workflow);

    Thread signal = Thread.ofVirtual().start(interruption::onSignal);
    assertThat(closed.await(5, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(100);
    // still saving: no hint yet
    assertThat(text.toString())
        .contains("Interrupted: stopping the tasks under way and saving the run")
        .doesNotContain("kosmos resume");
    interruption.close();
    signal.join(5_000);

    assertThat(interruption.interrupted()).isTrue();
    assertThat(text.toString())
        .contains(
            "The run was interrupted; continue it with: kosmos resume " + dir.toAbsolutePath())
        .doesNotContain("did not finish saving");
  }

  @Test
  void aRunThatNeverSavesIsLeftAfterTheWait() {
    StringWriter text = new StringWriter();
    Interruption interruption =
        Interruption.install(
            Console.plain(new PrintWriter(text, true)), Path.of("r"), Duration.ofMillis(50));

    interruption.onSignal();

    assertThat(text.toString()).contains("did not finish saving within 0 s").contains("resume");
    interruption.close();
  }

  @Test
  void afterTheCommandEndedASignalDoesNothing() {
    StringWriter text = new StringWriter();
    Interruption interruption =
        Interruption.install(
            Console.plain(new PrintWriter(text, true)), Path.of("r"), Duration.ofSeconds(1));
    interruption.close();

    interruption.onSignal();

    assertThat(text.toString()).isEmpty();
    assertThat(interruption.interrupted()).isFalse();
  }
}
