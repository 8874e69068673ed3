package io.kosmos.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretScannerTest {

  private static final String SECRET = "my-very-private-token-1234";

  @TempDir Path dir;

  @Test
  void findsGivenSecretsAndKeyShapesInNestedAndBinaryFiles() throws Exception {
    Files.createDirectories(dir.resolve("cycles/1/tasks/t1"));
    Files.writeString(dir.resolve("run.json"), "{\"objective\": \"x\"}\n");
    Files.writeString(
        dir.resolve("cycles/1/tasks/t1/notebook.ipynb"), "line one\nline two " + SECRET + "\n");
    Files.write(
        dir.resolve("cycles/1/blob.bin"),
        concat(new byte[] {0, 1, 2, (byte) 0xff}, SECRET.getBytes(StandardCharsets.UTF_8)));
    Files.writeString(
        dir.resolve("log.txt"),
        "a\nb\nkey=sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz012345\nsk-proj-abcdefghijklmnopqrstuvwx\n");

    List<SecretScanner.Leak> leaks = SecretScanner.scan(dir, List.of(SECRET));

    assertThat(leaks)
        .extracting(
            l -> dir.relativize(l.file()).toString().replace('\\', '/'), SecretScanner.Leak::line)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("cycles/1/tasks/t1/notebook.ipynb", 2),
            org.assertj.core.groups.Tuple.tuple("cycles/1/blob.bin", 1),
            org.assertj.core.groups.Tuple.tuple("log.txt", 3),
            org.assertj.core.groups.Tuple.tuple("log.txt", 4));
    assertThatThrownBy(() -> SecretScanner.assertNoSecrets(dir, List.of(SECRET)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("notebook.ipynb:2 (secret #1)")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
  }

  @Test
  void cleanTreesAndRedactedKeysPass() throws Exception {
    Files.writeString(
        dir.resolve("a.txt"), "task-0123456789abcdefghijklmnop [REDACTED] sk-short\n");
    assertThatCode(() -> SecretScanner.assertNoSecrets(dir, List.of(SECRET)))
        .doesNotThrowAnyException();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
