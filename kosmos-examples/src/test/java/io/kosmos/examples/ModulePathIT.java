package io.kosmos.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the quick start with Kosmos and its dependencies on the module path, as a modular
 * application would, in a child JVM: the proof that the module descriptors hold at run time
 * (Jackson may reflect on what it writes, resources are found, docker-java and junixsocket load)
 * with no more than the two Kosmos modules named. The example itself stays on the class path.
 */
class ModulePathIT {

  private static final Path DATA =
      Path.of(System.getProperty("kosmos.examples.data", "data")).resolve("diabetes.csv");

  @TempDir Path temp;

  @Test
  void theQuickStartRunsWithKosmosOnTheModulePath() throws Exception {
    Path run = temp.resolve("run");
    Path log = temp.resolve("child.log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "--module-path",
            modulePath(),
            "--add-modules",
            "io.kosmos.core,io.kosmos.sandbox",
            "--show-module-resolution",
            "--enable-native-access=org.newsclub.net.unix",
            "--class-path",
            System.getProperty("kosmos.examples.classes", "target/classes"),
            QuickStart.class.getName(),
            DATA.toString(),
            run.toString()));

    Process child =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean ended = child.waitFor(10, TimeUnit.MINUTES);
    if (!ended) {
      child.destroyForcibly();
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    // The program's own output, without the module resolution trace.
    out.lines()
        .filter(l -> !l.startsWith("root ") && !l.contains(" requires ") && !l.contains(" binds "))
        .forEach(System.out::println);

    assertThat(ended).as("the child ended in time").isTrue();
    assertThat(child.exitValue()).as("exit code; output:%n%s", out).isZero();
    assertThat(out)
        .contains("root io.kosmos.sandbox ", "root io.kosmos.core ")
        .contains("COMPLETED")
        .doesNotContain("InaccessibleObjectException", "does not \"opens", "does not \"exports");
    String report = Files.readString(run.resolve("report/report.md"));
    assertThat(report)
        .contains("disease_progression")
        .contains("## Synthesis")
        .doesNotContain("No synthesis");
  }

  /** Kosmos's jars and their runtime dependencies, as written by the dependency plugin. */
  private static String modulePath() throws IOException {
    String file = System.getProperty("kosmos.examples.modulePath", "target/module-path.txt");
    String path = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
    return String.join(
        java.io.File.pathSeparator,
        Arrays.stream(path.split(java.io.File.pathSeparator))
            .filter(p -> p.endsWith(".jar"))
            .toList());
  }
}
