package io.kosmos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kosmos.sandbox.PackageIndex;
import io.kosmos.sandbox.Sandbox;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code kosmos env build | list | show | prune} against a real engine and a loopback index. */
class EnvCommandIT {

  private record Outcome(int code, String out, String err) {}

  private static Outcome kosmos(String... args) {
    CommandLine cli = KosmosCli.newCommandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Outcome(code, out.toString(), err.toString());
  }

  @Test
  void buildsListsShowsAndPrunesAnEnvironment() throws Exception {
    Sandbox.open().close(); // fails, with the fix, when Docker or the image is missing
    try (PackageIndex index = new PackageIndex()) {
      String version = "2.0." + System.currentTimeMillis() / 1000;
      index.addWheel("kosmos-cli-probe", version, "NAME = 'probe'\n");
      Outcome built = kosmos("env", "build", "kosmos-cli-probe", "--package-index", index.url());
      System.out.println(built.out());
      assertThat(built.code()).as(built.err()).isZero();
      Matcher image =
          Pattern.compile("environment: (kosmos-executor:\\S+-[0-9a-f]{12})").matcher(built.out());
      assertThat(image.find()).as(built.out()).isTrue();
      assertThat(built.out())
          .contains("packages:    kosmos-cli-probe")
          .contains("kosmos-cli-probe==" + version + " --hash=sha256:");

      Outcome list = kosmos("env", "list");
      assertThat(list.out()).contains(image.group(1)).contains("(base: executor image)");

      Outcome show = kosmos("env", "show", image.group(1));
      assertThat(show.out())
          .startsWith("# Kosmos environment lock, format 1")
          .contains("[installed]")
          .contains("[debian]");

      Outcome refused = kosmos("env", "build", "pyzmq", "--package-index", index.url());
      assertThat(refused.code()).isEqualTo(1);
      assertThat(refused.err()).contains("pyzmq is denied");

      Outcome pruned = kosmos("env", "prune");
      assertThat(pruned.code()).as(pruned.err()).isZero();
      assertThat(pruned.out()).contains("removed " + image.group(1));
      assertThat(kosmos("env", "list").out()).doesNotContain(image.group(1));
    }
  }
}
