package io.kosmos.cli;

import io.kosmos.api.InvalidInputException;
import io.kosmos.sandbox.Environments;
import io.kosmos.sandbox.PackageOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The package options of the commands that run analyses or build environments: which packages a run
 * starts with, where packages come from, and what more may be installed. Without a source nothing
 * is installed, and a cell importing a missing package is refused with a message that says so.
 */
final class PackageArguments {

  @Option(
      names = "--package",
      paramLabel = "SPEC",
      description =
          "A package every task starts with, for example lifelines or lifelines==0.27.8; repeat"
              + " for several. Needs --package-index or --find-links.")
  List<String> packages = new ArrayList<>();

  @Option(
      names = "--package-index",
      paramLabel = "URL",
      description =
          "A PEP 503 package index (\"simple\" API) packages are installed from, for example"
              + " https://pypi.org/simple/; reached only while an environment is built.")
  String index;

  @Option(
      names = "--find-links",
      paramLabel = "DIR",
      description = "A folder of wheels packages are installed from instead of an index.")
  Path findLinks;

  @Option(
      names = "--allow-package",
      paramLabel = "NAME",
      description =
          "Allow installing this distribution (or prefix*) besides the scientific allow-list;"
              + " repeat for several.")
  List<String> allowed = new ArrayList<>();

  /** The options as given, with nothing from a run. */
  PackageOptions options() {
    return options(List.of(), "none");
  }

  /**
   * The options of a run being resumed: the packages its lock asked for are required and allowed
   * again, from the lock's source unless the command names another.
   *
   * @param runDirectory the run's directory
   * @return the options
   */
  PackageOptions forRun(Path runDirectory) {
    if (!Files.isRegularFile(runDirectory.resolve("environment.lock"))) {
      return options();
    }
    String lock = Environments.recordedLock(runDirectory);
    List<String> requested = new ArrayList<>();
    String source = "none";
    for (String line : lock.split("\n")) {
      if (line.startsWith("# requested: ")) {
        requested.add(line.substring("# requested: ".length()).strip());
      } else if (line.startsWith("# source: ")) {
        source = line.substring("# source: ".length()).strip();
      } else if (line.startsWith("[")) {
        break;
      }
    }
    return options(requested, source);
  }

  private PackageOptions options(List<String> recorded, String recordedSource) {
    if (index != null && findLinks != null) {
      throw new InvalidInputException(
          "give --package-index or --find-links, not both: packages come from one source");
    }
    if (!packages.isEmpty()
        && index == null
        && findLinks == null
        && recordedSource.equals("none")) {
      throw new InvalidInputException(
          "--package "
              + packages.get(0)
              + " needs a source to install from: give --package-index URL (a PEP 503 index)"
              + " or --find-links DIR (a folder of wheels)");
    }
    PackageOptions.Builder b = PackageOptions.builder();
    for (String name : allowed) {
      b.allow(name);
    }
    for (String r : recorded) {
      // asked for and allowed when the run started
      b.allow(r.split("[=<>!~]", 2)[0]).require(r);
    }
    for (String p : packages) {
      b.require(p);
    }
    if (index != null) {
      b.index(index);
    } else if (findLinks != null) {
      b.findLinks(findLinks.toAbsolutePath());
    } else if (recordedSource.startsWith("index ")) {
      b.index(recordedSource.substring("index ".length()));
    } else if (recordedSource.startsWith("wheels ")) {
      b.findLinks(Path.of(recordedSource.substring("wheels ".length())));
    }
    return b.build();
  }
}
