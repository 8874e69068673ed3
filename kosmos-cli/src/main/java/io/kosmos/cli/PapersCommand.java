package io.kosmos.cli;

import io.kosmos.api.InvalidInputException;
import io.kosmos.api.Passage;
import io.kosmos.core.literature.corpus.PaperCorpus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kosmos papers}: the local corpus on its own. {@code index DIR} brings the index of a
 * folder of papers up to date and says what it read and what it could not; {@code search DIR QUERY}
 * prints the passages that match best, with their paper, locator and character offsets, as a run
 * would find them.
 */
@Command(
    name = "papers",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description =
        "Index and search a folder of your own papers (PDF, JATS XML, Markdown, text, with"
            + " optional BibTeX, RIS or CSL-JSON), the corpus kosmos run --papers DIR searches.",
    subcommands = {PapersCommand.Index.class, PapersCommand.Search.class})
final class PapersCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Options both subcommands share. */
  static class Corpus {
    @Parameters(index = "0", paramLabel = "DIR", description = "The folder of papers.")
    Path folder;

    @Option(
        names = "--index-dir",
        paramLabel = "DIR",
        description = "Where the index is kept (default: ~/.cache/kosmos/corpus/<hash>).")
    Path indexDir;

    PaperCorpus open() {
      PaperCorpus.Builder b = PaperCorpus.builder(folder);
      if (indexDir != null) {
        b.indexDir(indexDir);
      }
      return b.build();
    }
  }

  @Command(
      name = "index",
      mixinStandardHelpOptions = true,
      description =
          "Bring the index of a folder of papers up to date: read what is new or changed, drop"
              + " what is gone, and list the files that cannot be read and why.")
  static final class Index extends Corpus implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter o = spec.commandLine().getOut();
      try (PaperCorpus corpus = open()) {
        PaperCorpus.IndexReport r = corpus.lastIndex();
        o.println(corpus.folder() + ": " + r);
        o.println(
            "index: "
                + corpus.indexDir()
                + String.format(Locale.ROOT, " (%.1f s)", r.took().toMillis() / 1000.0));
        for (String problem : r.problems()) {
          o.println("  could not read: " + problem);
        }
        for (var p : corpus.papers()) {
          o.println(
              "  "
                  + p.id()
                  + "  "
                  + p.title()
                  + (p.year() == null ? "" : " (" + p.year() + ")")
                  + (p.authors().isEmpty() ? "" : ", " + String.join(", ", p.authors())));
        }
        return 0;
      }
    }
  }

  @Command(
      name = "search",
      mixinStandardHelpOptions = true,
      description =
          "Print the passages of a folder of papers that match a query best (BM25), with their"
              + " paper, locator and offsets. Words in double quotes must match as a phrase.")
  static final class Search extends Corpus implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "1", paramLabel = "QUERY", description = "What to look for.")
    String query;

    @Option(
        names = "--limit",
        defaultValue = "5",
        description = "Most passages to print (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
      if (limit < 1) {
        throw new InvalidInputException("--limit must be 1 or more, was " + limit);
      }
      PrintWriter o = spec.commandLine().getOut();
      try (PaperCorpus corpus = open()) {
        List<Passage> passages = corpus.passages(query, limit);
        if (passages.isEmpty()) {
          o.println(
              "No passage of " + corpus.papers().size() + " paper(s) matches \"" + query + "\".");
          return 0;
        }
        int rank = 0;
        for (Passage p : passages) {
          rank++;
          o.println(
              rank
                  + ". "
                  + p.paper().id()
                  + ", "
                  + p.locator()
                  + " [chars "
                  + p.start()
                  + "-"
                  + p.end()
                  + "]: "
                  + p.paper().title()
                  + (p.paper().year() == null ? "" : " (" + p.paper().year() + ")"));
          o.println("   " + p.text().replaceAll("\\s+", " ").strip());
        }
        return 0;
      }
    }
  }
}
