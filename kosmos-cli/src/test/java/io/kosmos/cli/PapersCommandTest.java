package io.kosmos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kosmos.core.fixtures.TestPapers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code kosmos papers index|search}, the literature options of {@code kosmos run}, and the
 * literature lines of {@code kosmos doctor}, against a corpus and local servers the test makes.
 */
class PapersCommandTest {

  @TempDir Path tmp;

  private record Outcome(int code, String out, String err) {}

  private static Outcome kosmos(Map<String, String> env, String... args) {
    CommandLine cli = KosmosCli.newCommandLine(env);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return new Outcome(cli.execute(args), out.toString(), err.toString());
  }

  private Path corpus() {
    Path papers = tmp.resolve("papers");
    TestPapers.pdf(
        papers.resolve("smith.pdf"),
        null,
        List.of(
            List.of(
                "BMI and progression", "Higher body mass index predicted faster progression.")));
    TestPapers.write(papers.resolve("broken.xml"), "<article><front>");
    return papers;
  }

  @Test
  void indexSaysWhatItReadAndWhatItCouldNot() {
    Path papers = corpus();
    Path index = tmp.resolve("index");
    Outcome first =
        kosmos(Map.of(), "papers", "index", papers.toString(), "--index-dir", index.toString());
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out())
        .contains(
            "1 paper(s) in the index; files: 2 new, 0 changed, 0 removed, 0 unchanged; 1 could not be read")
        .contains("index: " + index)
        .contains("could not read: broken.xml is not well-formed XML")
        .contains("corpus:smith  BMI and progression");
    Outcome again =
        kosmos(Map.of(), "papers", "index", papers.toString(), "--index-dir", index.toString());
    assertThat(again.out()).contains("files: 0 new, 0 changed, 0 removed, 2 unchanged");
  }

  @Test
  void searchPrintsLocatedPassages() {
    Path papers = corpus();
    String index = tmp.resolve("index").toString();
    Outcome o =
        kosmos(
            Map.of(),
            "papers",
            "search",
            papers.toString(),
            "body mass index",
            "--index-dir",
            index);
    assertThat(o.code()).as(o.err()).isZero();
    assertThat(o.out())
        .startsWith("1. corpus:smith, page 1 [chars 0-")
        .contains("Higher body mass index predicted faster progression.");
    assertThat(
            kosmos(
                    Map.of(),
                    "papers",
                    "search",
                    papers.toString(),
                    "mitochondria",
                    "--index-dir",
                    index)
                .out())
        .contains("No passage of 1 paper(s) matches \"mitochondria\"");
    Outcome missing = kosmos(Map.of(), "papers", "search", tmp.resolve("nope").toString(), "x");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("does not exist: give the folder that holds your papers");
  }

  @Test
  void runRefusesALiteratureOrderItCannotFollowBeforeOpeningTheSandbox() throws Exception {
    Path data =
        java.nio.file.Files.writeString(tmp.resolve("d.csv"), "x,y\n" + "1,2\n3,5\n".repeat(20));
    Outcome unknown =
        kosmos(
            Map.of(),
            "run",
            "--data",
            data.toString(),
            "--objective",
            "q",
            "--literature",
            "corpus,google",
            "--no-setup");
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err())
        .contains("unknown literature source 'google'")
        .contains("corpus, semantic-scholar, openalex, pubmed, arxiv, crossref");
    Outcome noCorpus =
        kosmos(
            Map.of(),
            "run",
            "--data",
            data.toString(),
            "--objective",
            "q",
            "--literature",
            "corpus",
            "--no-setup");
    assertThat(noCorpus.err())
        .contains("names the corpus but no corpus was given: add --papers DIR");
    Outcome left =
        kosmos(
            Map.of(),
            "run",
            "--data",
            data.toString(),
            "--objective",
            "q",
            "--papers",
            corpus().toString(),
            "--literature",
            "openalex",
            "--no-setup");
    assertThat(left.err())
        .contains("--papers was given but the literature order (openalex) leaves the corpus out");
  }

  @Test
  void doctorSaysWhichSourcesAnswer() throws Exception {
    try (MockWebServer s2 = new MockWebServer();
        MockWebServer openAlex = new MockWebServer()) {
      s2.enqueue(
          new MockResponse.Builder().code(429).setHeader("Retry-After", "30").body("{}").build());
      openAlex.enqueue(
          new MockResponse.Builder()
              .body(
                  "{\"results\": [{\"id\": \"https://openalex.org/W1\", \"display_name\": \"T\"}]}")
              .build());
      s2.start();
      openAlex.start();
      // the other three point at a port nothing listens on
      String closed = "http://127.0.0.1:9/";
      Map<String, String> env = new HashMap<>();
      env.put("SEMANTIC_SCHOLAR_BASE_URL", s2.url("/").toString());
      env.put("OPENALEX_BASE_URL", openAlex.url("/").toString());
      env.put("PUBMED_BASE_URL", closed);
      env.put("ARXIV_BASE_URL", closed);
      env.put("CROSSREF_BASE_URL", closed);
      env.put("KOSMOS_CONTACT_EMAIL", "me@example.org");
      List<String> lines = LiteratureDiagnosis.run(env).stream().map(DoctorCheck::render).toList();
      assertThat(String.join("\n", lines))
          .contains("semantic-scholar does not answer: refuses for rate (wait 30 s)")
          .contains("set SEMANTIC_SCHOLAR_API_KEY for a higher limit")
          .containsPattern(
              "\\[ok +] openalex +answers \\(\\d+ ms, 1 result\\); KOSMOS_CONTACT_EMAIL set")
          .contains("pubmed           does not answer: not reachable from this machine");
      assertThat(openAlex.takeRequest().getUrl().queryParameter("mailto"))
          .isEqualTo("me@example.org");
    }
    assertThat(LiteratureDiagnosis.run(Map.of("KOSMOS_LITERATURE", "off")))
        .singleElement()
        .satisfies(c -> assertThat(c.found()).contains("off"));
  }
}
