package io.kosmos.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kosmos.api.InvalidInputException;
import io.kosmos.sandbox.internal.KernelSession;
import org.junit.jupiter.api.Test;

class WorkspacePathsTest {
  @Test
  void relativePathsAreNormalised() {
    assertThat(KernelSession.WorkspacePaths.check("output/./a.csv")).isEqualTo("output/a.csv");
    assertThat(KernelSession.WorkspacePaths.check("output//x\\y.txt")).isEqualTo("output/x/y.txt");
  }

  @Test
  void pathsOutsideTheWorkspaceAreRefused() {
    for (String bad :
        new String[] {"/etc/passwd", "../x", "output/../../x", "", "  ", "C:\\x", "."}) {
      assertThatThrownBy(() -> KernelSession.WorkspacePaths.check(bad))
          .as(bad)
          .isInstanceOf(InvalidInputException.class);
    }
  }
}
