package io.kosmos.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kosmos.api.InvalidInputException;
import io.kosmos.sandbox.internal.WorkspacePaths;
import org.junit.jupiter.api.Test;

class WorkspacePathsTest {
  @Test
  void relativePathsAreNormalised() {
    assertThat(WorkspacePaths.check("output/./a.csv")).isEqualTo("output/a.csv");
    assertThat(WorkspacePaths.check("output//x\\y.txt")).isEqualTo("output/x/y.txt");
  }

  @Test
  void pathsOutsideTheWorkspaceAreRefused() {
    for (String bad :
        new String[] {"/etc/passwd", "../x", "output/../../x", "", "  ", "C:\\x", "."}) {
      assertThatThrownBy(() -> WorkspacePaths.check(bad))
          .as(bad)
          .isInstanceOf(InvalidInputException.class);
    }
  }
}
