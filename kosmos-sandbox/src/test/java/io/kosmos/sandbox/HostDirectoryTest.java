package io.kosmos.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kosmos.api.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostDirectoryTest {
  @TempDir Path temp;

  HostDirectory dir() throws Exception {
    return HostDirectory.create(temp.resolve("root"), "c1", Owner.self(), "x7", 4242, 4242);
  }

  @Test
  void layoutHasTheDataFolderAndAnOwnerFileNamingTheExecutor() throws Exception {
    HostDirectory d = dir();
    assertThat(d.dataDir()).isEmptyDirectory();
    assertThat(Files.readAllLines(d.dir().resolve("owner")))
        .startsWith(Owner.self().id())
        .endsWith("x7");
    try (var files = Files.list(d.dir())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsOnly("data", "owner", "hosts");
    }
  }

  @Test
  void deletingATreeRemovesLinksNotWhatTheyPointAt() throws Exception {
    Path outside = Files.createDirectories(temp.resolve("outside"));
    Path precious = Files.writeString(outside.resolve("precious.txt"), "keep");
    HostDirectory d = dir();
    Path inner = Files.createDirectories(d.dataDir().resolve("inner"));
    Files.createSymbolicLink(inner.resolve("to-outside"), outside);
    Files.createSymbolicLink(d.dataDir().resolve("to-file"), precious);
    d.delete();
    assertThat(d.dir()).doesNotExist();
    assertThat(precious).hasContent("keep");
  }

  @Test
  void worldReadableFilesAreHardLinkedOthersCopiedReadable() throws Exception {
    Path open = Files.writeString(temp.resolve("open.csv"), "a\n");
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
    Path closed = Files.writeString(temp.resolve("closed.csv"), "b\n");
    Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rw-------"));
    Path folder = Files.createDirectories(temp.resolve("folder/sub"));
    Files.writeString(folder.resolve("x.txt"), "x");
    HostDirectory d = dir();
    d.linkDatasets(List.of(open, closed, temp.resolve("folder")));
    assertThat(Files.isSameFile(d.dataDir().resolve("open.csv"), open)).isTrue();
    assertThat(Files.getAttribute(open, "unix:nlink")).isEqualTo(2);
    Path copy = d.dataDir().resolve("closed.csv");
    assertThat(Files.getAttribute(copy, "unix:nlink")).isEqualTo(1);
    assertThat(Files.getPosixFilePermissions(copy))
        .isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
    assertThat(d.dataDir().resolve("folder/sub/x.txt")).hasContent("x");
    d.clearData();
    assertThat(d.dataDir()).isEmptyDirectory();
    assertThat(open).hasContent("a\n");
    d.delete();
    assertThat(d.dir()).doesNotExist();
  }

  @Test
  void twoDatasetsWithOneNameAreRefused() throws Exception {
    Path a = Files.writeString(Files.createDirectories(temp.resolve("a")).resolve("d.csv"), "1");
    Path b = Files.writeString(Files.createDirectories(temp.resolve("b")).resolve("d.csv"), "2");
    assertThatThrownBy(() -> dir().linkDatasets(List.of(a, b)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("two datasets are named d.csv");
  }
}
