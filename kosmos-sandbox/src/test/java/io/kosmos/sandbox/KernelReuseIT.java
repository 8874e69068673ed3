package io.kosmos.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.kosmos.api.ExecutionResult;
import io.kosmos.api.ExecutionSession;
import io.kosmos.api.SessionOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@link PoolOptions#keepKernel()}: the next session of the same run gets the same warm kernel
 * (modules loaded) with nothing the last session left: no variable, file, process, environment
 * change, working directory, IPython startup file or matplotlib setting; another run gets another
 * container.
 */
class KernelReuseIT {

  static final Duration T = Duration.ofSeconds(60);

  @Test
  void theWarmKernelComesBackCleanForTheSameRunOnly() throws Exception {
    SandboxEngine.require();
    Path root = SandboxEngine.tempRoot("keep-kernel");
    Path data = Files.createTempFile("keep-kernel", ".csv");
    Files.writeString(data, "a,b\n1,2\n");
    try (DockerSandboxExecutor executor =
        DockerSandboxExecutor.create(
            SandboxEngine.testConfig(root)
                .pool(
                    SandboxEngine.TEST_POOL
                        .newBuilder()
                        .minIdle(0)
                        .maxContainers(2)
                        .maxSessionsPerContainer(3)
                        .keepKernel(true)
                        .build())
                .build())) {
      String first;
      String kernelPid;
      String firstCount;
      String errorFilters;
      SessionOptions r1 =
          SessionOptions.builder().runId("r1").datasets(java.util.List.of(data)).build();
      try (ExecutionSession a = executor.openSession(r1)) {
        first = ((DockerSession) a).containerId();
        ExecutionResult planted =
            a.execute(
                "import os, subprocess, sys, warnings\n"
                    + "import matplotlib\n"
                    + "secret = 1\n"
                    + "open('output/left.txt', 'w').write('x')\n"
                    + "open('/tmp/leak', 'w').write('x')\n"
                    + "open('/dev/shm/leak', 'w').write('x')\n"
                    + "os.makedirs('/tmp/kosmos/ipython/profile_default/startup', exist_ok=True)\n"
                    + "open('/tmp/kosmos/ipython/profile_default/startup/00-leak.py', 'w')"
                    + ".write('LEAKED = 1')\n"
                    + "open('/tmp/kosmos/matplotlib/matplotlibrc', 'w').write('lines.linewidth: 9')\n"
                    + "subprocess.Popen(['sh', '-c', '(sleep 1000 &) ; exit 0'],"
                    + " start_new_session=True).wait()\n"
                    + "os.environ['LEAK'] = '1'\n"
                    + "os.chdir('/tmp')\n"
                    + "sys.path.insert(0, '/tmp/evil')\n"
                    + "errors = len([f for f in warnings.filters if f[0] == 'error'])\n"
                    + "warnings.simplefilter('error')\n"
                    + "matplotlib.rcParams['lines.linewidth'] = 9\n"
                    + "print(os.getpid(), get_ipython().execution_count, errors)",
                T);
        assertThat(planted.isOk()).as(planted.toString()).isTrue();
        kernelPid = planted.stdout().strip().split(" ")[0];
        firstCount = planted.stdout().strip().split(" ")[1];
        errorFilters = planted.stdout().strip().split(" ")[2];
      }
      try (ExecutionSession b = executor.openSession(r1)) {
        assertThat(((DockerSession) b).containerId()).isEqualTo(first);
        ExecutionResult seen =
            b.execute(
                "import os, sys, warnings, matplotlib\n"
                    + "print(os.getpid(), 'numpy' in sys.modules)\n"
                    + "print(os.path.exists('/tmp/leak'), os.path.exists('/dev/shm/leak'),"
                    + " os.path.exists('/tmp/kosmos/ipython/profile_default/startup/00-leak.py'),"
                    + " os.path.exists('/tmp/kosmos/matplotlib/matplotlibrc'),"
                    + " 'secret' in globals(), 'LEAK' in os.environ)\n"
                    + "print(os.getcwd(), '/tmp/evil' in sys.path,"
                    + " len([f for f in warnings.filters if f[0] == 'error']),"
                    + " matplotlib.rcParams['lines.linewidth'])\n"
                    + "mine = {1, os.getpid(), os.getppid()}\n"
                    + "print(sorted(open('/proc/%s/cmdline' % p).read().replace('\\0', ' ')"
                    + " for p in os.listdir('/proc') if p.isdigit() and int(p) not in mine))\n"
                    + "print(sorted(os.listdir('/workspace/output')), os.listdir('/data'))\n"
                    + "print(get_ipython().execution_count)",
                T);
        assertThat(seen.isOk()).as(seen.toString()).isTrue();
        assertThat(seen.stdout())
            .isEqualTo(
                kernelPid
                    + " True\n"
                    + "False False False False False False\n"
                    + "/workspace False "
                    + errorFilters
                    + " 1.5\n"
                    + "[]\n"
                    + "[] ['"
                    + data.getFileName()
                    + "']\n"
                    + firstCount
                    + "\n");
      }
      try (ExecutionSession c =
          executor.openSession(SessionOptions.builder().runId("r2").build())) {
        assertThat(((DockerSession) c).containerId()).isNotEqualTo(first);
        assertThat(c.execute("print(1)", T).stdout()).isEqualTo("1\n");
      }
    } finally {
      Files.deleteIfExists(data);
    }
  }
}
