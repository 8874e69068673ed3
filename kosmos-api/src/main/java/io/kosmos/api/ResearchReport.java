package io.kosmos.api;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The report of a run, in three forms, as written to the {@code report/} folder of its artifacts
 * directory. Every statement in it cites a notebook cell or a paper that exists in the run.
 *
 * @param markdown the report in Markdown ({@code report.md})
 * @param html the report as one self-contained HTML page, figures embedded ({@code report.html})
 * @param json the report's content as JSON ({@code report.json})
 * @param directory the folder the three files are in
 */
public record ResearchReport(String markdown, String html, String json, Path directory) {

  /** Checks the components. */
  public ResearchReport {
    Objects.requireNonNull(markdown, "markdown");
    Objects.requireNonNull(html, "html");
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(directory, "directory");
  }
}
