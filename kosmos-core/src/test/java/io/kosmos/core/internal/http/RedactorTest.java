package io.kosmos.core.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {

  @Test
  void removesGivenSecretsAndKeyShapedWords() {
    assertThat(Redactor.redact("key my-secret-value here", List.of("my-secret-value")))
        .isEqualTo("key [REDACTED] here");
    assertThat(
            Redactor.redact(
                "Incorrect API key provided: sk-proj-********************abcd. See docs.",
                List.of()))
        .isEqualTo("Incorrect API key provided: [REDACTED]. See docs.");
    assertThat(Redactor.redact("x sk-ant-api03-abcdefghijklmnop y", List.of()))
        .isEqualTo("x [REDACTED] y");
  }

  @Test
  void leavesOrdinaryTextAlone() {
    assertThat(Redactor.redact("task-0123456789abcdef and sk-short", List.of("ab")))
        .isEqualTo("task-0123456789abcdef and sk-short");
    assertThat(Redactor.redact(null, List.of())).isNull();
  }
}
