package io.kosmos.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ExecutorImageTest {

  @Test
  void hashFollowsTheScriptsAlgorithm() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("b.txt", "B".getBytes(StandardCharsets.UTF_8));
    files.put("a/Dockerfile", "FROM x\n".getBytes(StandardCharsets.UTF_8));
    String text =
        "a/Dockerfile\n"
            + io.kosmos.sandbox.internal.Sha256.hex("FROM x\n".getBytes(StandardCharsets.UTF_8))
            + "\nb.txt\n"
            + io.kosmos.sandbox.internal.Sha256.hex("B".getBytes(StandardCharsets.UTF_8))
            + "\n";
    assertThat(ExecutorImage.hash(files))
        .isEqualTo(
            io.kosmos.sandbox.internal.Sha256.hex(text.getBytes(StandardCharsets.UTF_8))
                .substring(0, 12));
  }

  @Test
  void theJarsBuildContextIsTheRepositorysDockerFolder() throws Exception {
    Path docker = Path.of("docker");
    assertThat(docker.resolve("Dockerfile")).exists();
    Map<String, byte[]> context = ExecutorImage.buildContext();
    try (var files = Files.walk(docker)) {
      assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(context.size());
    }
    for (Map.Entry<String, byte[]> e : context.entrySet()) {
      assertThat(Files.readAllBytes(docker.resolve(e.getKey()))).isEqualTo(e.getValue());
    }
  }

  @Test
  void expectedTagMatchesSetupSandboxPrintTag() throws Exception {
    Path script = Path.of("..", "scripts", "setup-sandbox.sh");
    assertThat(script).exists();
    Process p = new ProcessBuilder("bash", script.toString(), "--print-tag").start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String tag = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(ExecutorImage.expectedTag()).isEqualTo(tag).matches("kosmos-executor:[0-9a-f]{12}");
  }

  @Test
  void buildContextTarHoldsEveryFile() throws Exception {
    byte[] tar = ExecutorImage.buildContextTar();
    assertThat(tar.length % 512).isZero();
    ByteArrayInputStream in = new ByteArrayInputStream(tar);
    int files = 0;
    byte[] header = new byte[512];
    while (in.read(header) == 512 && header[0] != 0) {
      String name = new String(header, 0, 100, StandardCharsets.UTF_8).replace("\0", "");
      long size = Long.parseLong(new String(header, 124, 11, StandardCharsets.US_ASCII).trim(), 8);
      assertThat(ExecutorImage.buildContext()).containsKey(name);
      in.skipNBytes((size + 511) / 512 * 512);
      files++;
    }
    assertThat(files).isEqualTo(ExecutorImage.buildContext().size());
  }
}
