package io.kosmos.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kosmos.api.InvalidInputException;
import io.kosmos.sandbox.PackageOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PackageArgumentsTest {

  @TempDir Path tmp;

  static PackageArguments parse(String... args) {
    PackageArguments p = new PackageArguments();
    new CommandLine(p).parseArgs(args);
    return p;
  }

  @Test
  void packagesNeedOneSource() {
    assertThatThrownBy(() -> parse("--package", "lifelines").options())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("--package lifelines needs a source")
        .hasMessageContaining("--package-index");
    assertThatThrownBy(
            () ->
                parse("--package-index", "http://127.0.0.1:1/simple/", "--find-links", "w")
                    .options())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("not both");
    assertThatThrownBy(() -> parse("--package-index", "ftp://x/").options())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("http or https");
    PackageOptions o =
        parse(
                "--package",
                "Lifelines==0.27.8",
                "--package-index",
                "http://127.0.0.1:1/simple/",
                "--allow-package",
                "my-tools")
            .options();
    assertThat(o.required()).containsExactly("lifelines==0.27.8");
    assertThat(o.allowed()).contains("my-tools", "numpy");
    assertThat(PackageArgumentsTest.parse().options().index()).isEmpty();
  }

  @Test
  void aResumedRunKeepsWhatItsLockAskedForFromItsSource() throws Exception {
    Files.writeString(
        tmp.resolve("environment.lock"),
        """
        # Kosmos environment lock, format 1
        # image: kosmos-executor:abc-0123456789ab
        # base: kosmos-executor:abc
        # requested: odd-package==1.2
        # source: index http://127.0.0.1:9/simple/
        [installed]
        odd-package==1.2 --hash=sha256:00
        """);
    PackageOptions o = parse().forRun(tmp);
    assertThat(o.required()).containsExactly("odd-package==1.2");
    assertThat(o.allowed()).contains("odd-package");
    assertThat(o.index()).contains("http://127.0.0.1:9/simple/");
    PackageOptions other = parse("--find-links", tmp.toString()).forRun(tmp);
    assertThat(other.index()).isEmpty();
    assertThat(other.findLinks()).contains(tmp.toAbsolutePath());
    assertThat(parse().forRun(tmp.resolve("nothing-here")).required()).isEmpty();
  }
}
