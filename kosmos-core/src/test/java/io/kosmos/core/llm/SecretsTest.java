package io.kosmos.core.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kosmos.api.KosmosException;
import io.kosmos.api.LanguageModel;
import io.kosmos.api.LiteratureSource;
import io.kosmos.api.ModelRequest;
import io.kosmos.core.SecretScanner;
import io.kosmos.core.http.TransportOptions;
import io.kosmos.core.literature.PubMedSource;
import io.kosmos.core.literature.SemanticScholarSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys never reach logs, exceptions, stack traces, {@code toString()} or recordings: drives every
 * client through retries and failures whose bodies echo the key, writes everything a run would keep
 * into a directory, and scans it.
 */
class SecretsTest {

  private static final String ANTHROPIC_KEY = "sk-ant-api03-SECRETS-TEST-0123456789abcdefghij";
  private static final String OPENAI_KEY = "sk-proj-SECRETS-TEST-0123456789abcdefghijklmn";
  private static final String NCBI_KEY = "ncbi-SECRETS-TEST-0123456789abcdef";
  private static final String S2_KEY = "s2-SECRETS-TEST-0123456789abcdef";
  private static final List<String> KEYS = List.of(ANTHROPIC_KEY, OPENAI_KEY, NCBI_KEY, S2_KEY);

  @TempDir Path dir;

  private static MockResponse echo(int code, String key) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json")
        .body(
            "{\"type\":\"error\",\"error\":{\"type\":\"x\",\"message\":\"bad key "
                + key
                + "\"},\"api-key\":\""
                + key
                + "\"}")
        .build();
  }

  @Test
  void aRunsLogsExceptionsAndRecordingsHoldNoKey() throws Exception {
    StringBuilder kept = new StringBuilder();
    PrintStream originalErr = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      LanguageModel anthropic =
          LanguageModels.recording(
              AnthropicModel.builder()
                  .apiKey(ANTHROPIC_KEY)
                  .baseUrl(server.url("/").toString())
                  .transport(TransportOptions.builder().maxRetries(1).sleeper(d -> {}).build())
                  .build(),
              dir.resolve("llm.jsonl"));
      LanguageModel openAi =
          LanguageModels.recording(
              OpenAiCompatibleModel.builder()
                  .apiKey(OPENAI_KEY)
                  .model("gpt-4.1")
                  .baseUrl(server.url("/v1").toString())
                  .transport(TransportOptions.builder().maxRetries(1).sleeper(d -> {}).build())
                  .build(),
              dir.resolve("llm.jsonl"));
      LiteratureSource pubmed =
          PubMedSource.builder()
              .apiKey(NCBI_KEY)
              .baseUrl(server.url("/").toString())
              .transport(TransportOptions.builder().maxRetries(1).sleeper(d -> {}).build())
              .build();
      LiteratureSource s2 =
          SemanticScholarSource.builder()
              .apiKey(S2_KEY)
              .baseUrl(server.url("/").toString())
              .transport(TransportOptions.builder().maxRetries(1).sleeper(d -> {}).build())
              .build();
      ModelRequest request =
          ModelRequest.builder().user("hi").timeout(Duration.ofSeconds(5)).build();
      for (String key : List.of(ANTHROPIC_KEY, OPENAI_KEY)) {
        LanguageModel model = key.equals(ANTHROPIC_KEY) ? anthropic : openAi;
        for (int status : new int[] {401, 403, 400, 429, 500}) {
          server.enqueue(echo(status, key));
          server.enqueue(echo(status, key));
          kept.append(failure(() -> model.chat(request)));
        }
        kept.append(model).append('\n');
      }
      for (LiteratureSource source : List.of(pubmed, s2)) {
        String key = source == pubmed ? NCBI_KEY : S2_KEY;
        for (int status : new int[] {403, 429, 503}) {
          server.enqueue(echo(status, key));
          server.enqueue(echo(status, key));
          kept.append(failure(() -> source.search("q", 3)));
        }
        kept.append(source).append('\n');
      }
      kept.append(
          ModelConfig.fromEnvironment(java.util.Map.of("ANTHROPIC_API_KEY", ANTHROPIC_KEY))
              .orElseThrow()
              .describe());
    } finally {
      System.setErr(originalErr);
    }
    String logged = log.toString(StandardCharsets.UTF_8);
    assertThat(logged).as("the clients logged their retries").contains("retrying");
    Files.writeString(dir.resolve("log.txt"), logged);
    Files.writeString(dir.resolve("exceptions.txt"), kept);

    assertThat(Files.readString(dir.resolve("llm.jsonl"))).contains("REDACTED");
    SecretScanner.assertNoSecrets(dir, KEYS);
  }

  private static String failure(Supplier<?> call) {
    StringWriter out = new StringWriter();
    assertThatThrownBy(call::get)
        .isInstanceOf(KosmosException.class)
        .satisfies(e -> e.printStackTrace(new PrintWriter(out)));
    return out + "\n";
  }
}
