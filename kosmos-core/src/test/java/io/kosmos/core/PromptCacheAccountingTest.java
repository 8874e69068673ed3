package io.kosmos.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.kosmos.api.Agents;
import io.kosmos.api.ResearchResult;
import io.kosmos.api.ResearchWorkflow;
import io.kosmos.api.TokenUsage;
import io.kosmos.core.fixtures.Fixtures;
import io.kosmos.core.internal.artifacts.Json;
import io.kosmos.core.llm.Budget;
import io.kosmos.core.llm.PriceTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens read from the prompt cache and what that saved reach run.json and the report footer. */
class PromptCacheAccountingTest {

  @TempDir Path tmp;

  @Test
  void theReportSaysWhatThePromptCacheReadAndSaved() throws Exception {
    Path data = Fixtures.dataset(tmp.resolve("data"));
    Path dir = tmp.resolve("run");
    Budget budget = Budget.unlimited();
    PriceTable.Price sonnet = new PriceTable.Price(3, 15);
    // 1,000 prompt tokens a call, 800 of them read from the cache
    TokenUsage call = new TokenUsage(1000, 100, 800, 0);
    Agents base = Fixtures.agents(Fixtures.Options.defaults());
    Agents cached =
        new Agents(
            base.description(),
            base.planCreator(),
            base.planReviewer(),
            ctx -> {
              budget.record("analyst", call, sonnet.cost(call), sonnet.cacheSaving(call));
              return base.dataAnalyst().analyze(ctx);
            },
            base.literatureAnalyst(),
            base.validator(),
            base.reportWriter());
    ResearchResult result;
    try (ResearchWorkflow wf =
        Kosmos.workflow()
            .objective("What drives disease progression in this cohort?")
            .dataset(data)
            .artifactsDir(dir)
            .executor(Fixtures.executor(Duration.ZERO))
            .agents(cached)
            .budget(budget)
            .maxConcurrentTasks(1)
            .build()) {
      result = wf.run(1, 2);
    }

    assertThat(result.usage()).isEqualTo(new TokenUsage(2000, 200, 1600, 0));
    // each call: 800 tokens at $0.30/M instead of $3/M saves $0.00216
    JsonNode run = Json.readTree(dir.resolve("run.json"));
    assertThat(run.path("cacheSavingUsd").asDouble()).isCloseTo(0.00432, within(1e-12));
    assertThat(run.path("usage").path("cacheReadTokens").asLong()).isEqualTo(1600);
    assertThat(Files.readString(dir.resolve("report/report.md")))
        .contains(
            "2000 input + 200 output tokens, $0.00; 1600 input tokens read from the prompt cache,"
                + " saving $0.0043");
  }
}
