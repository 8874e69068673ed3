package io.kosmos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kosmos.sandbox.Sandbox;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code kosmos run --papers DIR --literature corpus} in the real sandbox, with no network: the
 * offline scientist on the example data with the illustrative corpus shipped beside it, whose
 * papers mention some of the data's relations. The report quotes the right passages for those, says
 * "No prior evidence found" for the others, and every paper citation of the run resolves to the
 * text cached in the run directory.
 */
class LiteratureRunIT {

  private static final Path DATA =
      Path.of(System.getProperty("kosmos.examples.data", "../kosmos-examples/data"))
          .toAbsolutePath()
          .normalize();

  @TempDir Path tmp;

  private record Outcome(int code, String out, String err) {}

  private Outcome kosmos(String... args) {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.keySet()
        .removeIf(
            k -> k.startsWith("ANTHROPIC_") || k.startsWith("OPENAI_") || k.startsWith("KOSMOS_"));
    env.put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
    CommandLine cli = KosmosCli.newCommandLine(env);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Outcome(code, out.toString(), err.toString());
  }

  @Test
  void theReportQuotesTheCorpusForTheRelationsItMentionsAndSaysWhenNothingWasFound()
      throws Exception {
    Sandbox.open().close(); // fails, with the fix, when Docker or the image is missing
    Path run = tmp.resolve("run");
    Outcome o =
        kosmos(
            "run",
            "--data",
            DATA.resolve("diabetes.csv").toString(),
            "--objective",
            "What drives disease progression in this cohort?",
            "--papers",
            DATA.resolve("illustrative-papers").toString(),
            "--literature",
            "corpus",
            "--cycles",
            "2",
            "--tasks",
            "10",
            "--out",
            run.toString(),
            "--no-setup");
    System.out.println(o.out());
    assertThat(o.code()).as(o.err()).isZero();
    assertThat(o.out())
        .contains("3 paper(s) in the index")
        .contains("literature: corpus (each search asks them in this order")
        .contains("(literature, ");

    String report = Files.readString(run.resolve("report/report.md"));
    assertThat(report)
        .contains("Prior evidence consistent with the association of bmi with disease_progression")
        .contains(
            "body-mass.md), section Observations: “In this illustrative cohort, a higher body"
                + " mass index went with faster disease progression over the following year.”")
        .contains(
            "Prior evidence consistent with the association of log_triglycerides with disease_progression")
        .contains("“Higher serum triglycerides were associated with faster disease progression.”")
        .contains(
            "Prior evidence in tension with the association of blood_pressure with disease_progression")
        .contains("No prior evidence found in the literature searched (corpus) for")
        .contains("Literature: ");
    // glucose and progression are named only in separate sentences: not evidence
    String noEvidence =
        report.lines().filter(l -> l.contains("No prior evidence found")).findFirst().orElseThrow();
    assertThat(noEvidence).contains("glucose ~ disease_progression");
    assertThat(report).doesNotContain("Disease progression was graded once a year");
    // "HDL cholesterol" names hdl, not total cholesterol nor the cholesterol/HDL ratio
    assertThat(report)
        .contains("Prior evidence consistent with the association of hdl with disease_progression")
        .doesNotContain("association of total_cholesterol with disease_progression found here")
        .doesNotContain("association of cholesterol_hdl_ratio with disease_progression found here");

    // every paper citation of the run quotes text cached in the run directory
    ObjectMapper json = new ObjectMapper();
    Map<String, List<String>> cached = new HashMap<>();
    try (Stream<Path> files = Files.list(run.resolve("literature/papers"))) {
      for (Path f : files.toList()) {
        JsonNode paper = json.readTree(f.toFile());
        List<String> spans = new ArrayList<>();
        paper.path("spans").forEach(s -> spans.add(norm(s.path("text").asText())));
        cached.put(paper.path("paper").path("id").asText(), spans);
      }
    }
    int paperCitations = 0;
    for (JsonNode f : json.readTree(run.resolve("world/findings.json").toFile()).path("findings")) {
      for (JsonNode c : f.path("citations")) {
        if (c.path("type").asText().equals("paper")) {
          paperCitations++;
          String quote = norm(c.path("quote").asText());
          assertThat(cached.get(c.path("paperId").asText()))
              .as("cached text of " + c.path("paperId").asText())
              .anySatisfy(span -> assertThat(span).contains(quote));
        }
      }
    }
    assertThat(paperCitations).isGreaterThanOrEqualTo(3);

    Files.delete(run.resolve("report/report.md"));
    Outcome rebuilt = kosmos("report", run.toString());
    assertThat(rebuilt.code()).as(rebuilt.err()).isZero();
    assertThat(Files.readString(run.resolve("report/report.md")))
        .contains("Prior evidence consistent with the association of bmi");
  }

  private static String norm(String s) {
    return s.replaceAll("\\s+", " ").strip().toLowerCase(Locale.ROOT);
  }
}
