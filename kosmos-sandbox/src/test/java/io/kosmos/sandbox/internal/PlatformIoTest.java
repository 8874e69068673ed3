package io.kosmos.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PlatformIoTest {

  @Test
  void aPlatformThreadRunsTheActionItself() throws IOException {
    Thread caller = Thread.currentThread();
    assertThat(PlatformIo.call(() -> Thread.currentThread() == caller)).isTrue();
  }

  @Test
  void aVirtualThreadHandsTheActionToAPlatformThread() throws Exception {
    CompletableFuture<Boolean> ranOnPlatform = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                ranOnPlatform.complete(PlatformIo.call(() -> !Thread.currentThread().isVirtual()));
              } catch (IOException e) {
                ranOnPlatform.completeExceptionally(e);
              }
            });
    assertThat(ranOnPlatform.get(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void failuresReachTheCallerAsTheyWere() throws Exception {
    CompletableFuture<Throwable> thrown = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                PlatformIo.call(
                    () -> {
                      throw new IOException("socket closed");
                    });
                thrown.complete(null);
              } catch (IOException | RuntimeException e) {
                thrown.complete(e);
              }
            });
    assertThat(thrown.get(10, TimeUnit.SECONDS))
        .isInstanceOf(IOException.class)
        .hasMessage("socket closed");
    assertThatThrownBy(
            () ->
                PlatformIo.call(
                    () -> {
                      throw new IllegalStateException("bad");
                    }))
        .isInstanceOf(IllegalStateException.class);
  }
}
