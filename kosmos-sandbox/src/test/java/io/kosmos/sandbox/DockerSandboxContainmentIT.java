package io.kosmos.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.HostConfig;
import io.kosmos.api.ExecutionResult;
import io.kosmos.api.ExecutionSession;
import io.kosmos.api.SessionOptions;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile code stays inside: each test runs something a sandbox must contain, checks the outcome,
 * and then (after each test) checks that the executor is healthy: a new session computes correctly.
 */
class DockerSandboxContainmentIT {

  static final Duration T = Duration.ofSeconds(60);
  static final long MEMORY = 512L << 20;
  static Path root;
  static DockerSandboxExecutor executor;

  @TempDir Path temp;

  @BeforeAll
  static void start() {
    SandboxEngine.require();
    root = SandboxEngine.tempRoot("containment");
    executor =
        DockerSandboxExecutor.create(
            SandboxEngine.testConfig(root)
                .limits(SandboxEngine.TEST_LIMITS.newBuilder().memoryLimitBytes(MEMORY).build())
                .pool(SandboxEngine.TEST_POOL.newBuilder().minIdle(2).build())
                .kernel(
                    SandboxEngine.TEST_KERNEL
                        .newBuilder()
                        .restartTimeout(Duration.ofSeconds(8))
                        .build())
                .build());
  }

  @AfterAll
  static void stop() {
    if (executor != null) {
      executor.close();
    }
  }

  @AfterEach
  void executorIsHealthyAfterwards() {
    try (ExecutionSession s = open()) {
      assertThat(s.execute("print(sum(range(10)))", T).stdout()).isEqualTo("45\n");
    }
  }

  static ExecutionSession open() {
    return executor.openSession(SessionOptions.builder().runId("contain").build());
  }

  @Test
  void infiniteLoopTimesOut() {
    try (ExecutionSession s = open()) {
      ExecutionResult r = s.execute("while True: pass", Duration.ofSeconds(2));
      assertThat(r.status()).isEqualTo(ExecutionResult.Status.TIMEOUT);
      assertThat(s.execute("print('next')", T).stdout()).isEqualTo("next\n");
    }
  }

  @Test
  void forkBombHitsTheProcessLimit() {
    try (ExecutionSession s = open()) {
      ExecutionResult r =
          s.execute(
              "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass",
              Duration.ofSeconds(5));
      assertThat(r.status())
          .isIn(ExecutionResult.Status.TIMEOUT, ExecutionResult.Status.KERNEL_DIED);
      ExecutionResult next = s.execute("print(6 * 7)", T);
      assertThat(next.stdout()).isEqualTo("42\n");
    }
  }

  @Test
  void allocatingFarPastTheMemoryLimitKillsOnlyTheKernelAndSaysSo() {
    try (ExecutionSession s = open()) {
      s.execute("before = 1", T);
      ExecutionResult r = s.execute("x = 'x' * (3 * 1024 ** 3)", T);
      assertThat(r.status()).isEqualTo(ExecutionResult.Status.KERNEL_DIED);
      assertThat(r.kernelRestarted()).isTrue();
      assertThat(r.error().value()).contains("memory limit of 512 MiB").contains("OOM");
      assertThat(s.execute("print('before' in globals(), 1 + 1)", T).stdout())
          .isEqualTo("False 2\n");
    }
  }

  @Test
  void aWedgedSandboxIsReplacedAfterTheTimeLimitAndTheDatasetsComeAlong() throws Exception {
    Path dataset = Files.writeString(temp.resolve("d.csv"), "v\n7\n");
    try (ExecutionSession s =
        executor.openSession(SessionOptions.builder().dataset(dataset).build())) {
      String before = ((DockerSession) s).containerId();
      // Freeze Jupyter Server (the kernel's parent) and ignore SIGINT: neither the interrupt nor
      // the restart can get through, so the container must go.
      ExecutionResult r =
          s.execute(
              "import os, signal\n"
                  + "signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
                  + "os.kill(os.getppid(), signal.SIGSTOP)\n"
                  + "while True: pass",
              Duration.ofSeconds(2));
      assertThat(r.status()).isEqualTo(ExecutionResult.Status.TIMEOUT);
      assertThat(r.kernelRestarted()).isTrue();
      assertThat(r.error().value()).contains("sandbox was replaced");
      assertThat(((DockerSession) s).containerId()).isNotEqualTo(before);
      assertThat(s.execute("print(open('/data/d.csv').read().split()[1])", T).stdout())
          .isEqualTo("7\n");
    }
  }

  @Test
  void aContainerThatDiesUnderACellIsReplaced() {
    try (ExecutionSession s = open()) {
      String before = ((DockerSession) s).containerId();
      // The cell kills Jupyter Server (the kernel's parent; the container ends with it) and keeps
      // running, so the container dies under it. (A cell that ended at once could still send its
      // reply over ZeroMQ before the container went: that cell did finish.)
      ExecutionResult r =
          s.execute(
              "import os, signal, time\nos.kill(os.getppid(), signal.SIGKILL)\ntime.sleep(60)", T);
      assertThat(r.status()).isEqualTo(ExecutionResult.Status.KERNEL_DIED);
      assertThat(r.error().value()).contains("container stopped");
      assertThat(((DockerSession) s).containerId()).isNotEqualTo(before);
      assertThat(s.execute("print('alive')", T).stdout()).isEqualTo("alive\n");
    }
  }

  @Test
  void fillingTheWorkspaceStopsAtItsSize() {
    try (ExecutionSession s = open()) {
      ExecutionResult r =
          s.execute(
              "with open('/workspace/big.bin', 'wb') as f:\n"
                  + "    while True:\n"
                  + "        f.write(b'0' * (1 << 20))",
              T);
      assertThat(r.status()).isEqualTo(ExecutionResult.Status.ERROR);
      assertThat(r.error().value()).contains("No space left on device");
      ExecutionResult next =
          s.execute("import os\nprint(os.path.getsize('/workspace/big.bin') <= 64 << 20)", T);
      assertThat(next.stdout()).as(next.toString()).isEqualTo("True\n");
      s.execute("os.remove('/workspace/big.bin')", T);
      assertThat(s.execute("open('output/ok.txt', 'w').write('ok')", T).isOk()).isTrue();
    }
  }

  @Test
  void dataAndTheRootFileSystemAreReadOnly() throws Exception {
    Path dataset = temp.resolve("cohort.csv");
    Files.writeString(dataset, "a\n1\n");
    try (ExecutionSession s =
        executor.openSession(SessionOptions.builder().dataset(dataset).build())) {
      ExecutionResult overwrite = s.execute("open('/data/cohort.csv', 'w').write('pwned')", T);
      assertThat(overwrite.error().value()).contains("Read-only file system");
      ExecutionResult create = s.execute("open('/data/new.csv', 'w')", T);
      assertThat(create.error().value()).contains("Read-only file system");
      ExecutionResult root = s.execute("open('/evil', 'w')", T);
      assertThat(root.status()).isEqualTo(ExecutionResult.Status.ERROR);
      ExecutionResult etc = s.execute("open('/etc/passwd', 'a')", T);
      assertThat(etc.status()).isEqualTo(ExecutionResult.Status.ERROR);
      ExecutionResult usr = s.execute("import os\nos.makedirs('/usr/local/evil')", T);
      assertThat(usr.status()).isEqualTo(ExecutionResult.Status.ERROR);
      assertThat(s.execute("print(open('/data/cohort.csv').read())", T).stdout())
          .isEqualTo("a\n1\n\n");
    }
    assertThat(Files.readString(dataset)).isEqualTo("a\n1\n");
  }

  @Test
  void theKernelRunsUnprivileged() {
    try (ExecutionSession s = open()) {
      String status =
          s.execute(
                  "import os\n"
                      + "st = dict(l.split(':', 1) for l in open('/proc/self/status') if ':' in l)\n"
                      + "print(os.getuid(), os.getgid(), st['CapEff'].strip(), st['CapPrm'].strip(),"
                      + " st['NoNewPrivs'].strip())",
                  T)
              .stdout();
      assertThat(status).isEqualTo("1000 1000 0000000000000000 0000000000000000 1\n");
      String sudo =
          s.execute(
                  "import subprocess\nprint(subprocess.run(['su', '-c', 'id'],"
                      + " capture_output=True, stdin=subprocess.DEVNULL).returncode != 0)",
                  T)
              .stdout();
      assertThat(sudo).isEqualTo("True\n");
      HostConfig host = hostConfig(s);
      assertThat(host.getMemory()).isEqualTo(MEMORY);
      assertThat(host.getMemorySwap()).isEqualTo(MEMORY);
      assertThat(host.getNanoCPUs()).isEqualTo(1_000_000_000L);
      assertThat(host.getPidsLimit()).isEqualTo(256L);
      assertThat(host.getReadonlyRootfs()).isTrue();
      assertThat(host.getCapDrop()).extracting(Enum::name).containsExactly("ALL");
      assertThat(host.getSecurityOpts()).contains("no-new-privileges");
      assertThat(host.getNetworkMode()).isEqualTo("none");
      assertThat(host.getPrivileged()).isNotEqualTo(Boolean.TRUE);
      assertThat(host.getTmpFs()).containsKeys("/tmp", "/workspace");
    }
  }

  @Test
  void noNetworkInterfaceButLoopbackAndNoWayToTheHost() throws Exception {
    List<String> targets = new ArrayList<>();
    for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      for (InetAddress a : Collections.list(nif.getInetAddresses())) {
        if (!(a instanceof Inet6Address) || !a.isLinkLocalAddress()) {
          targets.add(a.getHostAddress().replaceAll("%.*", ""));
        }
      }
    }
    assertThat(targets).contains("127.0.0.1").anyMatch(t -> t.startsWith("172."));
    AtomicInteger accepted = new AtomicInteger();
    try (ServerSocket server = new ServerSocket()) {
      server.bind(new InetSocketAddress((InetAddress) null, 0));
      int port = server.getLocalPort();
      Thread acceptor =
          Thread.ofVirtual()
              .start(
                  () -> {
                    while (!server.isClosed()) {
                      try (Socket ignored = server.accept()) {
                        accepted.incrementAndGet();
                      } catch (java.io.IOException e) {
                        return;
                      }
                    }
                  });
      // The server is reachable from the host itself: the probe is real.
      try (Socket self = new Socket("127.0.0.1", port)) {
        assertThat(self.isConnected()).isTrue();
      }
      Thread.sleep(200);
      accepted.set(0);
      try (ExecutionSession s = open()) {
        assertThat(s.execute("import os\nprint(sorted(os.listdir('/sys/class/net')))", T).stdout())
            .isEqualTo("['lo']\n");
        StringBuilder code = new StringBuilder("import socket\nres = []\n");
        for (String t : targets) {
          code.append("try:\n")
              .append("    socket.create_connection(('")
              .append(t)
              .append("', ")
              .append(port)
              .append("), timeout=2).close()\n    res.append('CONNECTED ")
              .append(t)
              .append("')\nexcept OSError as e:\n    res.append('blocked')\n");
        }
        code.append(
            "try:\n    socket.getaddrinfo('pypi.org', 443)\n    res.append('RESOLVED')\n"
                + "except OSError:\n    res.append('blocked')\nprint(res)");
        String out = s.execute(code.toString(), T).stdout();
        assertThat(out).doesNotContain("CONNECTED").doesNotContain("RESOLVED");
        assertThat(out.split("blocked", -1)).hasSize(targets.size() + 2);
        // The loopback interface works and "localhost" names it (the container has networking
        // disabled, and the hosts file is the executor's).
        assertThat(
                s.execute(
                        "import socket\nsrv = socket.create_server(('localhost', 0))\n"
                            + "c = socket.create_connection(srv.getsockname()[:2], timeout=2)\n"
                            + "print(srv.getsockname()[0], c.getpeername()[0])",
                        T)
                    .stdout())
            .isIn("127.0.0.1 127.0.0.1\n", "::1 ::1\n");
        try (var docker = DockerEngine.connect(null, Duration.ofSeconds(30)).client()) {
          String id = ((DockerSession) s).containerId();
          assertThat(docker.inspectContainerCmd(id).exec().getConfig().getNetworkDisabled())
              .isTrue();
        }
      }
      assertThat(accepted).hasValue(0);
      server.close();
      acceptor.join(2000);
    }
  }

  @Test
  void printingAHundredMegabytesIsCappedAndTheJvmKeepsLittle() {
    try (ExecutionSession s = open()) {
      long start = System.nanoTime();
      ExecutionResult r =
          s.execute(
              "import sys\nchunk = 'y' * (1 << 20)\nfor _ in range(100):\n"
                  + "    sys.stdout.write(chunk)\nsys.stdout.flush()",
              Duration.ofMinutes(3));
      long ms = (System.nanoTime() - start) / 1_000_000;
      System.out.println("100 MiB printed and capped in " + ms + " ms");
      assertThat(r.isOk())
          .as(() -> r.status() + " " + r.error() + " bytes=" + r.outputBytes())
          .isTrue();
      assertThat(r.truncated()).isTrue();
      assertThat(r.outputBytes()).isEqualTo(100L << 20);
      assertThat((long) r.stdout().length()).isEqualTo(1L << 20);
      assertThat(r.stderr()).contains("[output truncated: 104857600 bytes produced, 1048576 kept");
      assertThat(s.execute("print('after')", T).stdout()).isEqualTo("after\n");
    }
  }

  private static HostConfig hostConfig(ExecutionSession s) {
    String id = ((DockerSession) s).containerId();
    try (var docker = DockerEngine.connect(null, Duration.ofSeconds(30)).client()) {
      return docker.inspectContainerCmd(id).exec().getHostConfig();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
