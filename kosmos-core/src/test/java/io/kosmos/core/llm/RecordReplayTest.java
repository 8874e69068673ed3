package io.kosmos.core.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kosmos.api.ArtifactException;
import io.kosmos.api.ChatMessage;
import io.kosmos.api.JsonSchema;
import io.kosmos.api.LanguageModel;
import io.kosmos.api.ModelAuthenticationException;
import io.kosmos.api.ModelException;
import io.kosmos.api.ModelRequest;
import io.kosmos.api.ModelResponse;
import io.kosmos.api.ToolSpec;
import io.kosmos.core.SecretScanner;
import io.kosmos.core.http.TransportOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordReplayTest {

  private static final String KEY = "sk-ant-api03-RECORDING-SECRET-abcdefghijklmnop";

  @TempDir Path dir;
  private MockWebServer server;

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private LanguageModel client() {
    return AnthropicModel.builder()
        .apiKey(KEY)
        .baseUrl(server.url("/").toString())
        .priceTable(PriceTable.empty().withPrice("claude-sonnet-4-5", 3, 15))
        .transport(TransportOptions.builder().maxRetries(0).build())
        .build();
  }

  // Anthropic Messages API response format, as in AnthropicModelTest.
  private static MockResponse text(String text, int in, int out) {
    return new MockResponse.Builder()
        .setHeader("Content-Type", "application/json")
        .body(
            """
            {"id": "msg_1", "type": "message", "role": "assistant",
             "model": "claude-sonnet-4-5-20250929",
             "content": [{"type": "text", "text": "%s"}],
             "stop_reason": "end_turn", "stop_sequence": null,
             "usage": {"input_tokens": %d, "output_tokens": %d}}
            """
                .formatted(text, in, out))
        .build();
  }

  private static MockResponse toolUse(String name, String input) {
    return new MockResponse.Builder()
        .setHeader("Content-Type", "application/json")
        .body(
            """
            {"id": "msg_2", "type": "message", "role": "assistant",
             "model": "claude-sonnet-4-5-20250929",
             "content": [{"type": "tool_use", "id": "toolu_1", "name": "%s", "input": %s}],
             "stop_reason": "tool_use", "stop_sequence": null,
             "usage": {"input_tokens": 30, "output_tokens": 12}}
            """
                .formatted(name, input))
        .build();
  }

  private static final JsonSchema PLAN =
      StructuredOutput.schema(
          "plan",
          "{\"type\":\"object\",\"properties\":{\"tasks\":{\"type\":\"array\","
              + "\"items\":{\"type\":\"string\"}}},\"required\":[\"tasks\"],"
              + "\"additionalProperties\":false}");

  private static List<ModelRequest> conversation() {
    ToolSpec python = new ToolSpec("run_python", "runs code", "{\"type\":\"object\"}");
    return List.of(
        ModelRequest.builder()
            .system("You plan.")
            .user("Plan cycle 1")
            .schema(PLAN)
            .purpose("plan")
            .build(),
        ModelRequest.builder().user("Analyse BMI").tool(python).purpose("analyst").build(),
        ModelRequest.builder()
            .user("Analyse BMI")
            .message(
                new ChatMessage(
                    ChatMessage.Role.ASSISTANT,
                    "",
                    List.of(
                        new io.kosmos.api.ToolCall("toolu_1", "run_python", "{\"code\":\"1\"}")),
                    null))
            .message(ChatMessage.toolResult("toolu_1", "1"))
            .tool(python)
            .purpose("analyst")
            .temperature(0.0)
            .build(),
        ModelRequest.builder().user("Write the report").purpose("report").build());
  }

  private List<ModelResponse> recordConversation(Path file) {
    server.enqueue(toolUse("plan", "{\"tasks\": [\"bmi\", \"age\"]}"));
    server.enqueue(toolUse("run_python", "{\"code\": \"1\"}"));
    server.enqueue(text("BMI matters.", 40, 10));
    server.enqueue(text("Report.", 50, 20));
    RecordingModel recording = LanguageModels.recording(client(), file);
    List<ModelResponse> responses = new ArrayList<>();
    for (ModelRequest request : conversation()) {
      responses.add(recording.chat(request));
    }
    return responses;
  }

  @Test
  void aRecordedConversationReplaysIdenticallyWithoutTheServer() throws Exception {
    Path file = dir.resolve("run/llm.jsonl");
    List<ModelResponse> recorded = recordConversation(file);
    server.close();

    assertThat(Files.readAllLines(file)).hasSize(4);
    ReplayModel replay = LanguageModels.replaying(file);
    List<ModelResponse> replayed = new ArrayList<>();
    for (ModelRequest request : conversation()) {
      replayed.add(replay.chat(request));
    }

    assertThat(replayed).isEqualTo(recorded);
    assertThat(replay.provider()).isEqualTo("anthropic");
    assertThat(replay.model()).isEqualTo("claude-sonnet-4-5");
    assertThat(replay.remaining()).isZero();
    // And a second replay of the same file gives the same again.
    ReplayModel again = ReplayModel.load(file);
    assertThat(again.chat(conversation().get(3))).isEqualTo(recorded.get(3));
  }

  @Test
  void parallelTasksReplayWhateverOrderTheyAskIn() throws Exception {
    Path file = dir.resolve("llm.jsonl");
    List<ModelResponse> recorded = recordConversation(file);
    ReplayModel replay = ReplayModel.load(file);
    List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3));
    Collections.reverse(order);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<ModelResponse>> futures = new ArrayList<>();
      for (int i : order) {
        futures.add(pool.submit(() -> replay.chat(conversation().get(i))));
      }
      for (int k = 0; k < order.size(); k++) {
        assertThat(futures.get(k).get()).isEqualTo(recorded.get(order.get(k)));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void identicalRequestsGetTheirAnswersInRecordedOrder() {
    Path file = dir.resolve("llm.jsonl");
    server.enqueue(text("first", 1, 1));
    server.enqueue(text("second", 1, 1));
    LanguageModel recording = LanguageModels.recording(client(), file);
    ModelRequest same = ModelRequest.builder().user("again").build();
    recording.chat(same);
    recording.chat(same);

    ReplayModel replay = ReplayModel.load(file);
    assertThat(replay.chat(same).text()).isEqualTo("first");
    assertThat(replay.chat(same).text()).isEqualTo("second");
    assertThatThrownBy(() -> replay.chat(same))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("2 times")
        .hasMessageContaining("asked once more");
  }

  @Test
  void purposeAndTimeoutDoNotChangeTheMatch() {
    Path file = dir.resolve("llm.jsonl");
    server.enqueue(text("hi", 1, 1));
    LanguageModels.recording(client(), file)
        .chat(ModelRequest.builder().user("hello").purpose("a").build());

    ModelResponse replayed =
        ReplayModel.load(file)
            .chat(
                ModelRequest.builder()
                    .user("hello")
                    .purpose("b")
                    .timeout(Duration.ofSeconds(3))
                    .build());
    assertThat(replayed.text()).isEqualTo("hi");
  }

  @Test
  void anUnrecordedRequestSaysItsPurposeAndTheFirstDifference() {
    Path file = dir.resolve("llm.jsonl");
    recordConversation(file);
    ReplayModel replay = ReplayModel.load(file);
    ModelRequest changed =
        ModelRequest.builder().user("Write the final report").purpose("report").build();

    assertThatThrownBy(() -> replay.chat(changed))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("purpose report")
        .hasMessageContaining("line 4")
        .hasMessageContaining("$.messages[0].content")
        .hasMessageContaining("\"Write the report\"")
        .hasMessageContaining("\"Write the final report\"");
  }

  @Test
  void recordedFailuresAreThrownAgainAndKeysAreNeverWritten() throws Exception {
    Path file = dir.resolve("llm.jsonl");
    server.enqueue(
        new MockResponse.Builder()
            .code(401)
            .setHeader("Content-Type", "application/json")
            .body(
                "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\","
                    + "\"message\":\"invalid x-api-key "
                    + KEY
                    + "\"}}")
            .build());
    server.enqueue(text("fine", 1, 1));
    LanguageModel recording = LanguageModels.recording(client(), file);
    ModelRequest request = ModelRequest.builder().user("hi").build();
    assertThatThrownBy(() -> recording.chat(request))
        .isInstanceOf(ModelAuthenticationException.class);
    recording.chat(ModelRequest.builder().user("bye").build());

    assertThat(SecretScanner.scan(dir, List.of(KEY))).isEmpty();
    assertThat(Files.readString(file)).doesNotContain("x-api-key:").doesNotContain(KEY);
    ReplayModel replay = ReplayModel.load(file);
    assertThatThrownBy(() -> replay.chat(request))
        .isInstanceOf(ModelAuthenticationException.class)
        .hasMessageContaining("ANTHROPIC_API_KEY");
    assertThat(replay.chat(ModelRequest.builder().user("bye").build()).text()).isEqualTo("fine");
  }

  @Test
  void corruptRecordingsAreArtifactErrors() throws Exception {
    Path file = dir.resolve("bad.jsonl");
    Files.writeString(file, "{\"format\":1}\n");
    assertThatThrownBy(() -> ReplayModel.load(file))
        .isInstanceOf(ArtifactException.class)
        .hasMessageContaining("line 1");
    Files.writeString(file, "not json\n");
    assertThatThrownBy(() -> ReplayModel.load(file)).hasMessageContaining("not JSON");
    assertThatThrownBy(() -> ReplayModel.load(dir.resolve("missing.jsonl")))
        .isInstanceOf(ArtifactException.class);
  }

  @Test
  void budgetWrapsAReplayToo() {
    Path file = dir.resolve("llm.jsonl");
    recordConversation(file);
    Budget budget = Budget.unlimited();
    LanguageModel replay = LanguageModels.budgeted(ReplayModel.load(file), budget);
    for (ModelRequest request : conversation()) {
      replay.chat(request);
    }
    assertThat(budget.snapshot().total().calls()).isEqualTo(4);
    assertThat(budget.snapshot().byPurpose()).containsKeys("plan", "analyst", "report");
  }
}
