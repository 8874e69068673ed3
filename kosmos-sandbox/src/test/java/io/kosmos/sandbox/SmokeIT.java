package io.kosmos.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.kosmos.api.ExecutionResult;
import io.kosmos.api.ExecutionSession;
import io.kosmos.api.SessionOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SmokeIT {
  @Test
  void roundTrip() {
    long t0 = System.nanoTime();
    try (DockerSandboxExecutor ex =
        DockerSandboxExecutor.create(SandboxConfig.builder().poolMinIdle(1).build())) {
      System.out.println("create ms " + (System.nanoTime() - t0) / 1e6);
      ex.awaitWarm(Duration.ofSeconds(60));
      System.out.println("warm ms " + (System.nanoTime() - t0) / 1e6);
      long t1 = System.nanoTime();
      try (ExecutionSession s = ex.openSession(SessionOptions.builder().build())) {
        System.out.println("acquire ms " + (System.nanoTime() - t1) / 1e6);
        for (int i = 0; i < 5; i++) {
          long t2 = System.nanoTime();
          ExecutionResult r = s.execute("print(1+1)", Duration.ofSeconds(30));
          System.out.println("rtt ms " + (System.nanoTime() - t2) / 1e6 + " " + r);
        }
        ExecutionResult r =
            s.execute(
                "import matplotlib.pyplot as plt\nplt.plot([1,2,3])\nplt.show()",
                Duration.ofSeconds(30));
        System.out.println(
            r.outputs().stream().map(o -> o.outputType()).toList()
                + " images="
                + r.images().size());
        r = s.execute("1/0", Duration.ofSeconds(30));
        System.out.println(r.status() + " " + r.error().plainTraceback());
        assertThat(r.status()).isEqualTo(ExecutionResult.Status.ERROR);
      }
    }
  }
}
