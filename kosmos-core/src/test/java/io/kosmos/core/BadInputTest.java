package io.kosmos.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kosmos.api.ArtifactException;
import io.kosmos.api.InvalidInputException;
import io.kosmos.api.ResearchWorkflow;
import io.kosmos.core.fixtures.Fixtures;
import io.kosmos.core.internal.artifacts.Hashing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets a clear error, and nothing on disk is changed or lost. */
class BadInputTest {

  @TempDir Path tmp;
  private Path data;
  private Path dir;

  @BeforeEach
  void setUp() {
    data = Fixtures.dataset(tmp.resolve("data"));
    dir = tmp.resolve("run");
  }

  private WorkflowBuilder builder() {
    return Fixtures.builder(
        dir, data, Fixtures.executor(Duration.ZERO), Fixtures.Options.defaults());
  }

  private void completeOneCycle() {
    try (ResearchWorkflow wf = builder().build()) {
      wf.run(1, 3);
    }
  }

  /** Path to SHA-256 of every file under the run directory. */
  private Map<String, String> tree() throws Exception {
    Map<String, String> out = new TreeMap<>();
    for (Path p : Fixtures.files(dir, x -> true)) {
      out.put(dir.relativize(p).toString(), Hashing.sha256(Files.readAllBytes(p)));
    }
    return out;
  }

  @Test
  void anEmptyObjectiveIsRefused() {
    assertThatThrownBy(() -> Kosmos.workflow().objective("   "))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("research objective is empty");
    assertThatThrownBy(
            () -> Kosmos.workflow().agents(Fixtures.agents(Fixtures.Options.defaults())).build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("no research objective");
  }

  @Test
  void aMissingDatasetIsNamed() {
    Path missing = tmp.resolve("nope.csv");
    assertThatThrownBy(
            () ->
                Fixtures.builder(
                        dir, missing, Fixtures.executor(Duration.ZERO), Fixtures.Options.defaults())
                    .build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist");
    assertThat(dir).doesNotExist();
  }

  @Test
  void anUnreadableDatasetIsNamed() throws Exception {
    // A Unix socket file cannot be read by anyone, root included, so this test needs no
    // particular user (file permissions do not stop root).
    Path socket = tmp.resolve("secret.csv");
    try (var server =
        java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
      server.bind(java.net.UnixDomainSocketAddress.of(socket));
      assertThatThrownBy(
              () ->
                  Fixtures.builder(
                          dir,
                          socket,
                          Fixtures.executor(Duration.ZERO),
                          Fixtures.Options.defaults())
                      .build())
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining(socket.toString())
          .hasMessageContaining("cannot be read");
    }
    assertThat(dir).doesNotExist();
  }

  @Test
  void anEmptyDatasetFolderAndDuplicateNamesAreRefused() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    assertThatThrownBy(
            () ->
                Fixtures.builder(
                        dir, empty, Fixtures.executor(Duration.ZERO), Fixtures.Options.defaults())
                    .build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("holds no files");
    Path other = Files.createDirectories(tmp.resolve("other"));
    Files.copy(data, other.resolve("diabetes.csv"));
    assertThatThrownBy(() -> builder().dataset(other.resolve("diabetes.csv")).build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("two datasets are named diabetes.csv");
  }

  @Test
  void aFolderDatasetIsHashedFileByFile() throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("cohort"));
    Files.writeString(folder.resolve("a.csv"), "x\n1\n");
    Files.createDirectories(folder.resolve("sub"));
    Files.writeString(folder.resolve("sub/b.csv"), "y\n2\n");
    var d1 = io.kosmos.core.internal.artifacts.DatasetScanner.scan(folder, Map.of());
    assertThat(d1.name()).isEqualTo("cohort");
    assertThat(d1.sizeBytes()).isEqualTo(8);
    Files.writeString(folder.resolve("sub/b.csv"), "y\n3\n");
    assertThat(io.kosmos.core.internal.artifacts.DatasetScanner.scan(folder, Map.of()).sha256())
        .isNotEqualTo(d1.sha256());
  }

  @Test
  void anArtifactsDirectoryOfAnotherRunIsRefusedAndLeftAlone() throws Exception {
    completeOneCycle();
    Map<String, String> before = tree();
    WorkflowBuilder otherObjective =
        Kosmos.workflow()
            .objective("Which genes drive tumour growth?")
            .dataset(data)
            .artifactsDir(dir)
            .executor(Fixtures.executor(Duration.ZERO))
            .agents(Fixtures.agents(Fixtures.Options.defaults()));
    assertThatThrownBy(otherObjective::build)
        .isInstanceOf(ArtifactException.class)
        .hasMessageContaining("belongs to another run")
        .hasMessageContaining("Which genes drive tumour growth?")
        .hasMessageContaining("Choose another artifacts directory");
    Files.writeString(data, Files.readString(data) + "1,2,3,4,5,6,7,8,9,10,11\n");
    assertThatThrownBy(() -> builder().build())
        .isInstanceOf(ArtifactException.class)
        .hasMessageContaining("its datasets are");
    assertThat(tree()).isEqualTo(before);
  }

  @Test
  void aDirectoryThatIsNotARunIsRefused() throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("thesis.tex"), "my thesis");
    assertThatThrownBy(() -> builder().build())
        .isInstanceOf(ArtifactException.class)
        .hasMessageContaining("holds no run.json")
        .hasMessageContaining("Choose a new or empty directory");
    assertThat(Files.readString(dir.resolve("thesis.tex"))).isEqualTo("my thesis");
  }

  @Test
  void aCorruptTaskResultIsNamedAndNothingElseIsTouched() throws Exception {
    completeOneCycle();
    Path result = dir.resolve("cycles/1/tasks/c1-t02/result.json");
    Files.writeString(result, "{\"formatVersion\": 1, \"cycle\": 1, \"task\": {\"id\": ");
    Map<String, String> before = tree();
    assertThatThrownBy(() -> builder().build())
        .isInstanceOf(ArtifactException.class)
        .hasMessageContaining(result.toString())
        .hasMessageContaining("is corrupt")
        .hasMessageContaining("delete it if it is a task's result.json");
    assertThat(tree()).isEqualTo(before);

    // following the advice: the task runs again and the run completes with nothing lost
    Files.delete(result);
    try (ResearchWorkflow wf = builder().build()) {
      assertThat(wf.run(2, 3).findings())
          .extracting(f -> f.id())
          .contains("F-c1-t01-1", "F-c1-t02-1", "F-c1-t03-1", "F-c2-t01-1");
    }
  }

  @Test
  void deletingAResultOfAnEarlierCycleRedoesThatTaskAndTheCyclesAfterIt() throws Exception {
    try (ResearchWorkflow wf = builder().build()) {
      wf.run(3, 3);
    }
    Files.delete(dir.resolve("cycles/1/tasks/c1-t02/result.json"));
    List<String> reference;
    try (ResearchWorkflow wf =
        Fixtures.builder(
                tmp.resolve("reference"),
                data,
                Fixtures.executor(Duration.ZERO),
                Fixtures.Options.defaults())
            .build()) {
      reference = wf.run(3, 3).findings().stream().map(f -> f.id()).toList();
    }
    try (ResearchWorkflow wf = builder().build()) {
      // opened read-only: the run goes back to cycle 1 but nothing is deleted yet
      assertThat(dir.resolve("cycles/3/plan.json")).exists();
      var result = wf.run(3, 3);
      assertThat(result.findings().stream().map(f -> f.id()).toList()).isEqualTo(reference);
      assertThat(result.cyclesCompleted()).isEqualTo(3);
    }
  }

  @Test
  void corruptRunPlanAndWorldFilesAreNamed() throws Exception {
    completeOneCycle();
    for (String name :
        new String[] {
          "run.json", "cycles/1/plan.json", "world/findings.json", "cycles/1/compression.json"
        }) {
      Path file = dir.resolve(name);
      byte[] original = Files.readAllBytes(file);
      Files.writeString(file, "not json at all");
      Map<String, String> before = tree();
      assertThatThrownBy(() -> builder().build())
          .as(name)
          .isInstanceOf(ArtifactException.class)
          .hasMessageContaining(file.toString())
          .hasMessageContaining("corrupt");
      assertThat(tree()).as(name).isEqualTo(before);
      Files.write(file, original);
    }
    Path world = dir.resolve("world/hypotheses.json");
    Files.writeString(world, "{\"formatVersion\": 99}");
    assertThatThrownBy(() -> builder().build())
        .isInstanceOf(ArtifactException.class)
        .hasMessageContaining(world.toString())
        .hasMessageContaining("format version 99");
  }

  @Test
  void aMissingWorldFolderIsRebuiltFromTheResults() throws Exception {
    completeOneCycle();
    io.kosmos.core.internal.artifacts.AtomicFiles.deleteTree(dir.resolve("world"));
    try (ResearchWorkflow wf = builder().build()) {
      assertThat(wf.world().findings()).hasSize(3);
      wf.run(1, 3);
    }
    assertThat(io.kosmos.core.internal.world.WorldFiles.findingIds(dir.resolve("world")))
        .hasSize(3);
  }

  @Test
  void outOfRangeRunArgumentsAreRefused() {
    try (ResearchWorkflow wf = builder().build()) {
      assertThatThrownBy(() -> wf.run(0, 3))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("cycles");
      assertThatThrownBy(() -> wf.run(1, 0))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("tasksPerCycle");
      assertThatThrownBy(wf::report)
          .isInstanceOf(ArtifactException.class)
          .hasMessageContaining("call run() before report()");
    }
  }
}
