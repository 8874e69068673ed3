package io.kosmos.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kosmos.api.ExecutionResult;
import io.kosmos.api.ExecutionSession;
import io.kosmos.api.SandboxUnavailableException;
import io.kosmos.api.SessionOptions;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * The holes a hostile-code suite found in the Docker sandbox (issue 14), one test each: output lost
 * without a trace, JVM memory not bounded by the output cap, a kernel wedged by {@code
 * sys.stdout.close()}, state leaking through a reused container, closing one executor breaking
 * another, symbolic links in the socket directory, and a container replaced under load with a
 * message that does not say why. Each failed on the code before the fix.
 */
class HostileCodeHolesIT {

  static final Duration T = Duration.ofSeconds(60);
  static Path root;
  static DockerSandboxExecutor executor;

  @BeforeAll
  static void start() {
    SandboxEngine.require();
    root = SandboxEngine.tempRoot("holes");
    executor =
        DockerSandboxExecutor.create(
            SandboxEngine.testConfig(root)
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

  static ExecutionSession open() {
    return executor.openSession(SessionOptions.builder().runId("holes").build());
  }

  /** Hole 1: invalid UTF-8 on the wire and a message past Jackson's string limit. */
  @Test
  void outputThatCannotBeKeptShowsInTheResult() {
    try (ExecutionSession s = open()) {
      // jupyter_client sends a lone surrogate as the invalid UTF-8 byte 0xff.
      ExecutionResult text =
          s.execute(
              "import sys\nsys.stdout.write('valid before \\udcff valid after\\n')\n"
                  + "sys.stdout.flush()\nprint('end')",
              T);
      assertThat(text.stdout()).contains("valid before").contains("valid after").contains("end");
      ExecutionResult big =
          s.execute(
              "from IPython.display import display\n"
                  + "display({'text/plain': 'x' * 30_000_000}, raw=True)\nprint('shown')",
              T);
      assertThat(big.isOk()).isTrue();
      assertThat(big.truncated()).isTrue();
      assertThat(big.outputBytes()).isGreaterThanOrEqualTo(30_000_000L);
      assertThat(big.stderr()).contains("[output truncated:");
      assertThat(big.stdout()).isEqualTo("shown\n");
    }
  }

  /** Hole 2: frames past the cap are skipped as they stream, never held. */
  @Test
  void framesPastTheOutputCapDoNotReachTheHeap() {
    try (ExecutionSession s = open()) {
      long before = iopubReaderAllocations();
      long start = System.nanoTime();
      ExecutionResult r =
          s.execute(
              "k = get_ipython().kernel\n"
                  + "big = b'x' * (16 << 20)\n"
                  + "k.session.send(k.iopub_socket, 'display_data',"
                  + " {'data': {'text/plain': 'small'}, 'metadata': {}},"
                  + " parent=k.get_parent(), buffers=[big] * 16)\n"
                  + "huge = b'{\"data\": {\"text/plain\": \"' + b'y' * (128 << 20) + b'\"},"
                  + " \"metadata\": {}}'\n"
                  + "for _ in range(4):\n"
                  + "    k.session.send(k.iopub_socket, 'display_data', huge,"
                  + " parent=k.get_parent())\n"
                  + "del big, huge\nprint('sent')",
              T);
      long seconds = (System.nanoTime() - start) / 1_000_000_000L;
      long allocated = iopubReaderAllocations() - before;
      System.out.println(
          "pushed 768 MiB in frames: " + (allocated >> 20) + " MiB allocated by the reader");
      assertThat(r.isOk()).as(r.toString()).isTrue();
      assertThat(r.stdout()).isEqualTo("sent\n");
      assertThat(r.truncated()).isTrue();
      assertThat(allocated).isLessThan(64L << 20);
      assertThat(seconds).isLessThan(30);
    }
  }

  private static long iopubReaderAllocations() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("kosmos-kernel-") && t.getName().endsWith("-iopub")) {
        sum += Math.max(0, threads.getThreadAllocatedBytes(t.threadId()));
      }
    }
    return sum;
  }

  /** Hole 3: closing stdout, and a kernel that stops replying, end the cell at once. */
  @Test
  void closingStdoutDoesNotWedgeTheKernelAndASilentKernelIsToldApart() {
    try (ExecutionSession s = open()) {
      ExecutionResult closed = s.execute("import sys\nsys.stdout.close()\nx = 1", T);
      assertThat(closed.status()).as(closed.toString()).isEqualTo(ExecutionResult.Status.OK);
      assertThat(closed.elapsed()).isLessThan(Duration.ofSeconds(10));
      assertThat(s.execute("print('after', x)", T).stdout()).isEqualTo("after 1\n");

      // A kernel that runs the cell but never sends its reply: not "ran past its time limit".
      ExecutionResult silent =
          s.execute(
              "k = get_ipython().kernel\n_send = k.session.send\n"
                  + "def send(stream, msg, *a, **kw):\n"
                  + "    if msg == 'execute_reply': return None\n"
                  + "    return _send(stream, msg, *a, **kw)\n"
                  + "k.session.send = send",
              Duration.ofSeconds(40));
      assertThat(silent.elapsed()).isLessThan(Duration.ofSeconds(20));
      assertThat(silent.status()).isNotEqualTo(ExecutionResult.Status.TIMEOUT);
      assertThat(silent.error().value()).contains("stopped replying");
      assertThat(silent.kernelRestarted()).isTrue();
      assertThat(s.execute("print('fresh')", T).stdout()).isEqualTo("fresh\n");
    }
  }

  /** Hole 4: a container reused by the same run comes back with nothing of the last session. */
  @Test
  void aReusedContainerKeepsNoFileAndNoProcessOfTheLastSession() {
    Path reuseRoot = SandboxEngine.tempRoot("holes-reuse");
    try (DockerSandboxExecutor reusing =
        DockerSandboxExecutor.create(
            SandboxEngine.testConfig(reuseRoot)
                .pool(
                    SandboxEngine.TEST_POOL
                        .newBuilder()
                        .minIdle(0)
                        .maxContainers(1)
                        .maxSessionsPerContainer(3)
                        .build())
                .build())) {
      String first;
      try (ExecutionSession a = reusing.openSession(SessionOptions.builder().runId("r1").build())) {
        first = ((DockerSession) a).containerId();
        ExecutionResult planted =
            a.execute(
                "import os, subprocess\n"
                    + "open('/tmp/leak', 'w').write('x')\n"
                    + "open('/dev/shm/leak', 'w').write('x')\n"
                    + "os.makedirs('/tmp/kosmos/ipython/profile_default/startup', exist_ok=True)\n"
                    + "open('/tmp/kosmos/ipython/profile_default/startup/00-leak.py', 'w')"
                    + ".write('LEAKED = 1')\n"
                    + "subprocess.Popen(['sh', '-c', '(sleep 1000 &) ; exit 0'],"
                    + " start_new_session=True).wait()\n"
                    + "print(len([p for p in os.listdir('/proc') if p.isdigit()]))",
                T);
        assertThat(planted.isOk()).as(planted.toString()).isTrue();
      }
      try (ExecutionSession b = reusing.openSession(SessionOptions.builder().runId("r1").build())) {
        assertThat(((DockerSession) b).containerId()).isEqualTo(first);
        String seen =
            b.execute(
                    "import os\n"
                        + "print(os.path.exists('/tmp/leak'), os.path.exists('/dev/shm/leak'),"
                        + " 'LEAKED' in globals())\n"
                        + "mine = {1, os.getpid(), os.getppid()}\n"
                        + "print(sorted(open('/proc/%s/cmdline' % p).read().replace('\\0', ' ')"
                        + " for p in os.listdir('/proc') if p.isdigit() and int(p) not in mine))",
                    T)
                .stdout();
        assertThat(seen).isEqualTo("False False False\n[]\n");
      }
    }
  }

  /** Hole 5: closing one executor leaves another of the same JVM (and sandbox root) alone. */
  @Test
  void closingOneExecutorLeavesAnotherAlone() throws Exception {
    Path shared = SandboxEngine.tempRoot("holes-shared");
    SandboxConfig config =
        SandboxEngine.testConfig(shared)
            .pool(SandboxEngine.TEST_POOL.newBuilder().minIdle(0).build())
            .build();
    try (DockerSandboxExecutor kept = DockerSandboxExecutor.create(config);
        ExecutionSession s = kept.openSession(SessionOptions.builder().build())) {
      String container = ((DockerSession) s).containerId();
      s.execute("open('output/kept.txt', 'w').write('still here')\nv = 41", T);
      DockerSandboxExecutor other = DockerSandboxExecutor.create(config);
      try (ExecutionSession o = other.openSession(SessionOptions.builder().build())) {
        o.execute("print(1)", T);
      }
      other.close();
      assertThat(new String(s.download("output/kept.txt"), StandardCharsets.UTF_8))
          .isEqualTo("still here");
      assertThat(s.execute("print(v + 1)", T).stdout()).isEqualTo("42\n");
      assertThat(((DockerSession) s).containerId()).isEqualTo(container);
    }
  }

  /** Hole 6, size: the socket directory cannot fill the host's disk. */
  @Test
  void theSocketDirectoryIsCapped() {
    try (ExecutionSession s = open()) {
      ExecutionResult fill =
          s.execute(
              "import os\ntry:\n"
                  + "    with open('/run/kosmos/fill', 'wb') as f:\n"
                  + "        for _ in range(200):\n"
                  + "            f.write(b'0' * (1 << 20))\n"
                  + "    print('wrote 200 MiB')\n"
                  + "except OSError as e:\n"
                  + "    print('refused', e.errno == 28)\n"
                  + "finally:\n"
                  + "    os.remove('/run/kosmos/fill')",
              T);
      assertThat(fill.stdout()).isEqualTo("refused True\n");
    }
  }

  /**
   * Hole 6, links: a symbolic link planted in place of the server's socket is not followed to the
   * host. The client's pooled connection still reaches the real server; a new connection (one call
   * while another is in flight) would go through the link and is refused before it sends.
   */
  @Test
  void aSymbolicLinkInTheSocketDirectoryLeadsNowhere() throws Exception {
    Path hostDir = Files.createTempDirectory("kosmos-it-host-socket");
    Path hostSocket = hostDir.resolve("host.sock");
    AtomicLong received = new AtomicLong();
    try (AFUNIXServerSocket server = AFUNIXServerSocket.newInstance()) {
      server.bind(AFUNIXSocketAddress.of(hostSocket));
      Thread acceptor = Thread.ofPlatform().daemon().start(() -> countBytes(server, received));
      try (ExecutionSession s = open()) {
        ExecutionResult planted =
            s.execute(
                "import os\nopen('output/big.bin', 'wb').write(b'0' * (48 << 20))\n"
                    + "os.unlink('/run/kosmos/jupyter.sock')\n"
                    + "os.symlink('"
                    + hostSocket
                    + "', '/run/kosmos/jupyter.sock')",
                T);
        assertThat(planted.isOk()).as(planted.toString()).isTrue();
        java.util.concurrent.CompletableFuture<byte[]> big =
            java.util.concurrent.CompletableFuture.supplyAsync(() -> s.download("output/big.bin"));
        Thread.sleep(200);
        assertThatThrownBy(s::listOutputFiles)
            .isInstanceOf(SandboxUnavailableException.class)
            .hasMessageContaining("not served by a process of container");
        assertThat(big.get(60, java.util.concurrent.TimeUnit.SECONDS)).hasSize(48 << 20);
        Thread.sleep(300);
        assertThat(received).as("bytes the JVM sent to a host socket").hasValue(0);
      }
      server.close();
      acceptor.join(3000);
    }
  }

  private static void countBytes(AFUNIXServerSocket server, AtomicLong received) {
    while (!server.isClosed()) {
      try (Socket c = server.accept();
          InputStream in = c.getInputStream()) {
        c.setSoTimeout(2000);
        byte[] buffer = new byte[4096];
        int n;
        while ((n = in.read(buffer)) > 0) {
          received.addAndGet(n);
        }
      } catch (java.io.IOException e) {
        // the peer went away, or the server closed
      }
    }
  }

  /** Hole 7: a container replaced after a restart that took too long says exactly why. */
  @Test
  void aReplacedContainerSaysWhyAndWhatWasLost() {
    try (ExecutionSession s = open()) {
      ExecutionResult planted =
          s.execute(
              "import os, signal\n"
                  + "d = '/tmp/kosmos/ipython/profile_default/startup'\n"
                  + "os.makedirs(d, exist_ok=True)\n"
                  + "open(d + '/00-slow.py', 'w').write('import time; time.sleep(120)')\n"
                  + "open('output/kept.txt', 'w').write('x')",
              T);
      assertThat(planted.isOk()).as(planted.toString()).isTrue();
      ExecutionResult r =
          s.execute(
              "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True: pass",
              Duration.ofSeconds(2));
      assertThat(r.status()).isEqualTo(ExecutionResult.Status.TIMEOUT);
      assertThat(r.error().value())
          .contains("did not stop within")
          .contains("interrupt")
          .contains("restart")
          .contains("did not finish within")
          .contains("workspace files")
          .contains("KernelOptions.restartTimeout");
      assertThat(s.execute("print('next')", T).stdout()).isEqualTo("next\n");
    }
  }
}
