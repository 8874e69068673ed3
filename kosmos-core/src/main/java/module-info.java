/**
 * The Kosmos engine: {@link io.kosmos.core.Kosmos#workflow()} and what a workflow is built from.
 *
 * <p>Exported: the entry point ({@code io.kosmos.core}), language model clients ({@code llm}),
 * literature sources ({@code literature}) and the local paper corpus ({@code literature.corpus}),
 * the HTTP transport options they share ({@code http}), skills ({@code skills}), the two science
 * teams ({@code team.offline}, {@code team.llm}) and the validators ({@code validation}).
 * Everything under {@code io.kosmos.core.internal} is implementation: not exported, and free to
 * change in any release.
 *
 * <p>OkHttp and Micrometer types appear in the exported API (HTTP clients, meter registries), and
 * Jackson's JSON trees in the offline team's helpers, so a module that reads this one reads them
 * too.
 *
 * <p>Jackson reflects on the records a run writes to disk and on those a language model fills in
 * (structured output). The internal packages that hold them are opened to Jackson and to nothing
 * else; the public records of exported packages need no opening.
 */
// micrometer-core and PDFBox are automatic modules (their jars name themselves, no module-info).
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.kosmos.core {
  requires transitive io.kosmos.api;
  requires transitive com.fasterxml.jackson.databind;
  requires transitive okhttp3;
  requires transitive micrometer.core;
  requires transitive micrometer.observation;
  requires com.fasterxml.jackson.datatype.jsr310;
  requires com.fasterxml.jackson.dataformat.yaml;
  requires java.xml;
  requires org.apache.lucene.core;
  requires org.apache.lucene.analysis.common;
  // PDFBox and its parts are automatic modules, which declare no dependencies: name them here.
  requires org.apache.pdfbox;
  requires org.apache.pdfbox.io;
  requires org.apache.fontbox;
  requires org.apache.commons.logging;
  requires org.slf4j;

  exports io.kosmos.core;
  exports io.kosmos.core.http;
  exports io.kosmos.core.llm;
  exports io.kosmos.core.literature;
  exports io.kosmos.core.literature.corpus;
  exports io.kosmos.core.skills;
  exports io.kosmos.core.team.offline;
  exports io.kosmos.core.team.llm;
  exports io.kosmos.core.validation;

  // Structured-output drafts of the model team (Drafts.*).
  opens io.kosmos.core.internal.agents to
      com.fasterxml.jackson.databind;
  // run.json, plan.json, task records, compression and reassessment records.
  opens io.kosmos.core.internal.artifacts to
      com.fasterxml.jackson.databind;
  // The run's literature cache (literature/searches, literature/papers).
  opens io.kosmos.core.internal.literature to
      com.fasterxml.jackson.databind;
  // report/report.json.
  opens io.kosmos.core.internal.report to
      com.fasterxml.jackson.databind;
  // The statistical evidence ledger of a task.
  opens io.kosmos.core.internal.stats to
      com.fasterxml.jackson.databind;
  // The synthesis file of a report.
  opens io.kosmos.core.internal.workflow to
      com.fasterxml.jackson.databind;
  // world/findings.json and the other world files.
  opens io.kosmos.core.internal.world to
      com.fasterxml.jackson.databind;
}
