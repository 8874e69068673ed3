package io.kosmos.examples;

import io.kosmos.api.ResearchResult;
import io.kosmos.api.ResearchWorkflow;
import io.kosmos.core.Kosmos;
import io.kosmos.sandbox.DockerSandboxExecutor;
import java.nio.file.Path;

/**
 * The quick start: one research cycle of the offline statistical scientist on the example data, in
 * the Docker sandbox, and the report it writes.
 *
 * <pre>
 * java io.kosmos.examples.QuickStart [data.csv] [run directory]
 * </pre>
 *
 * <p>Defaults: {@code kosmos-examples/data/diabetes.csv} and {@code runs/quick-start}. Running it
 * again with the same directory resumes the run instead of starting over.
 */
public final class QuickStart {

  private QuickStart() {}

  /**
   * Runs the example.
   *
   * @param args the data file and the run directory, both optional
   */
  public static void main(String[] args) {
    Path data = Path.of(args.length > 0 ? args[0] : "kosmos-examples/data/diabetes.csv");
    Path runDir = Path.of(args.length > 1 ? args[1] : "runs/quick-start");

    try (DockerSandboxExecutor executor = DockerSandboxExecutor.create();
        ResearchWorkflow workflow =
            Kosmos.workflow()
                .objective("What drives disease progression in this cohort?")
                .dataset(data)
                .artifactsDir(runDir)
                .executor(executor)
                .build()) {
      ResearchResult result = workflow.run(1, 4);
      System.out.printf(
          "%s: %d finding(s), %d validated, in %d s%n",
          result.status(),
          result.findings().size(),
          result.validatedFindings().size(),
          result.elapsed().toSeconds());
      System.out.println("report: " + workflow.report().directory().resolve("report.md"));
    }
  }
}
