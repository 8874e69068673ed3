package io.kosmos.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kosmos.api.ExecutionResult;
import io.kosmos.api.Output;
import io.kosmos.sandbox.internal.CellCache;
import io.kosmos.sandbox.internal.ImportCheck;
import io.kosmos.sandbox.internal.KernelChannel;
import io.kosmos.sandbox.internal.OutputGuard;
import io.kosmos.sandbox.internal.PlainCell;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.Test;

/** The output guard, the import check and the cell cache are installed in one execute. */
class KernelSetupTest {

  @Test
  void guardAndImportCheckGoInOneExecute() throws IOException {
    Recording channel = new Recording(ExecutionResult.builder().build());
    KernelSetup.install(channel, 1000, Duration.ofSeconds(5));
    // As one exec of the compiled text: IPython does not read it line by line.
    assertThat(channel.codes)
        .containsExactly(
            PlainCell.of(
                OutputGuard.code(1000) + "\n" + ImportCheck.code() + "\n" + CellCache.code(),
                "<kosmos-setup>"));
    assertThat(channel.codes.get(0))
        .startsWith("exec(compile(\"def __kosmos_output_guard(limit):\\n");
  }

  @Test
  void aFailedSetupIsAnError() {
    Recording channel =
        new Recording(
            ExecutionResult.builder()
                .status(ExecutionResult.Status.ERROR)
                .error(new Output.Error("NameError", "x", List.of()))
                .build());
    assertThatThrownBy(() -> KernelSetup.install(channel, 1000, Duration.ofSeconds(5)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("did not install")
        .hasMessageContaining("NameError: x");
  }

  @Test
  void aStepBesideTheSetupPassesItsFailureOn() {
    FutureTask<Object> ok = new FutureTask<>(() -> "done");
    ok.run();
    assertThatCode(() -> KernelSetup.await(ok, "do it")).doesNotThrowAnyException();

    FutureTask<Object> unchecked =
        new FutureTask<>(
            () -> {
              throw new IllegalStateException("engine said no");
            });
    unchecked.run();
    assertThatThrownBy(() -> KernelSetup.await(unchecked, "do it"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("engine said no");

    FutureTask<Object> checked =
        new FutureTask<>(
            () -> {
              throw new Exception("broken");
            });
    checked.run();
    assertThatThrownBy(() -> KernelSetup.await(checked, "set the CPU limit"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cannot set the CPU limit")
        .hasMessageContaining("broken");
  }

  private static final class Recording extends KernelChannel {
    final List<String> codes = new ArrayList<>();
    private final ExecutionResult result;

    Recording(ExecutionResult result) {
      super("kernel", "session");
      this.result = result;
    }

    @Override
    public ExecutionResult runSilently(String code, Duration timeout) {
      codes.add(code);
      return result;
    }

    @Override
    protected void send(String msgId, String msgType, ObjectNode content) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
  }
}
