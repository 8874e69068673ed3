package io.kosmos.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.kosmos.api.ExecutionResult;
import io.kosmos.api.Output;
import io.kosmos.api.ResourceUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecutionTest {

  final List<Output> heard = new ArrayList<>();

  Execution execution(long cap) {
    return new Execution("m1", heard::add, cap, "SandboxConfig.maxOutputBytes");
  }

  static JsonNode json(String text) {
    try {
      return JupyterClient.JSON.readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static void finish(Execution e, String status) {
    e.onReply(json("{'status':'" + status + "','execution_count':3}"), json("{}"));
    e.onIopub("status", json("{'execution_state':'idle'}"));
  }

  @Test
  void completesOnlyWhenReplyAndIdleHaveBothArrived() throws Exception {
    Execution e = execution(1024);
    e.onIopub("status", json("{'execution_state':'idle'}"));
    assertThat(e.isDone()).isFalse();
    e.onReply(json("{'status':'ok','execution_count':1}"), json("{}"));
    assertThat(e.await(Duration.ofSeconds(1))).isTrue();
    assertThat(e.end()).isEqualTo(Execution.End.COMPLETED);
  }

  @Test
  void theMetersReadingInTheReplysMetadataBecomesTheResourceUsage() {
    Execution e = execution(1024);
    e.onReply(
        json("{'status':'error','execution_count':1}"),
        json("{'status':'error','kosmos_usage':{'cpu_ns':1500000,'peak_bytes':734003200}}"));
    e.onIopub("status", json("{'execution_state':'idle'}"));
    assertThat(e.result(null, null, false).resources())
        .isEqualTo(new ResourceUsage(734003200L, 1500000L));
  }

  @Test
  void aMissingOrMalformedMeterLeavesTheUsageUnknown() {
    assertThat(OutputGuard.usageOf(json("{}"))).isEqualTo(ResourceUsage.UNKNOWN);
    assertThat(OutputGuard.usageOf(MissingNode.getInstance())).isEqualTo(ResourceUsage.UNKNOWN);
    assertThat(OutputGuard.usageOf(json("{'cpu_ns':12}"))).isEqualTo(ResourceUsage.UNKNOWN);
    assertThat(OutputGuard.usageOf(json("{'cpu_ns':'12','peak_bytes':3}")))
        .isEqualTo(ResourceUsage.UNKNOWN);
    assertThat(OutputGuard.usageOf(json("{'cpu_ns':-5,'peak_bytes':3}")))
        .isEqualTo(new ResourceUsage(3, -1));
    Execution e = execution(1024);
    finish(e, "ok");
    assertThat(e.result(null, null, false).resources()).isEqualTo(ResourceUsage.UNKNOWN);
  }

  @Test
  void consecutiveStreamChunksMergeButTheListenerHearsEachChunk() {
    Execution e = execution(1024);
    e.onIopub("stream", json("{'name':'stdout','text':'a'}"));
    e.onIopub("stream", json("{'name':'stdout','text':'b'}"));
    e.onIopub("stream", json("{'name':'stderr','text':'c'}"));
    e.onIopub("stream", json("{'name':'stdout','text':'d'}"));
    finish(e, "ok");
    ExecutionResult r = e.result(null, null, false);
    assertThat(r.outputs()).hasSize(3);
    assertThat(r.stdout()).isEqualTo("abd");
    assertThat(r.stderr()).isEqualTo("c");
    assertThat(heard).hasSize(4);
    assertThat(r.executionCount()).isEqualTo(3);
  }

  @Test
  void outputPastTheCapIsCountedButNotKept() {
    Execution e = execution(1024);
    e.onIopub("stream", json("{'name':'stdout','text':'" + "x".repeat(1000) + "'}"));
    e.onIopub("stream", json("{'name':'stdout','text':'" + "y".repeat(1000) + "'}"));
    e.onIopub("stream", json("{'name':'stdout','text':'" + "z".repeat(1000) + "'}"));
    finish(e, "ok");
    ExecutionResult r = e.result(null, null, false);
    assertThat(r.truncated()).isTrue();
    assertThat(r.outputBytes()).isEqualTo(3000);
    assertThat(r.stdout()).hasSize(1024).startsWith("x".repeat(1000)).endsWith("y".repeat(24));
    assertThat(r.stderr())
        .contains("[output truncated: 3000 bytes produced, 1024 kept")
        .contains("raise SandboxConfig.maxOutputBytes");
  }

  @Test
  void theKernelGuardsReportOfDroppedBytesCountsButIsNotShown() {
    Execution e = execution(1024);
    e.onIopub("stream", json("{'name':'stdout','text':'abc'}"));
    e.onIopub(
        "display_data",
        json("{'data':{'" + OutputGuard.DROPPED_MIME + "':{'bytes':5000}},'metadata':{}}"));
    finish(e, "ok");
    ExecutionResult r = e.result(null, null, false);
    assertThat(r.outputBytes()).isEqualTo(5003);
    assertThat(r.truncated()).isTrue();
    assertThat(r.outputs()).hasSize(2);
  }

  @Test
  void capCountsUtf8BytesAndNeverSplitsACharacter() {
    Execution e = execution(1024);
    String text = "é".repeat(600); // 1200 bytes
    e.onIopub("stream", json("{'name':'stdout','text':'" + text + "'}"));
    finish(e, "ok");
    ExecutionResult r = e.result(null, null, false);
    assertThat(r.stdout()).isEqualTo("é".repeat(512));
    assertThat(r.outputBytes()).isEqualTo(1200);
  }

  @Test
  void clearOutputEmptiesWhatCameBefore() {
    Execution e = execution(1024);
    e.onIopub("stream", json("{'name':'stdout','text':'old'}"));
    e.onIopub("clear_output", json("{'wait':false}"));
    e.onIopub("stream", json("{'name':'stdout','text':'new'}"));
    e.onIopub("clear_output", json("{'wait':true}"));
    e.onIopub("stream", json("{'name':'stdout','text':'newest'}"));
    finish(e, "ok");
    assertThat(e.result(null, null, false).stdout()).isEqualTo("newest");
  }

  @Test
  void updateDisplayDataReplacesTheDisplayWithThatId() {
    Execution e = execution(1024);
    e.onIopub(
        "display_data",
        json("{'data':{'text/plain':'1'},'metadata':{},'transient':{'display_id':'d1'}}"));
    e.onIopub("stream", json("{'name':'stdout','text':'between'}"));
    e.onIopub(
        "update_display_data",
        json("{'data':{'text/plain':'2'},'metadata':{},'transient':{'display_id':'d1'}}"));
    finish(e, "ok");
    ExecutionResult r = e.result(null, null, false);
    Output.DisplayData d = (Output.DisplayData) r.outputs().get(0);
    assertThat(d.data()).containsEntry("text/plain", "2");
    assertThat(d.displayId()).isEqualTo("d1");
    assertThat(r.outputs()).hasSize(2);
  }

  @Test
  void mimeBundlesKeepTextAndTurnJsonIntoJsonText() {
    assertThat(
            Execution.mimeBundle(
                json(
                    "{'text/plain':['a','b'],'application/json':{'k':[1,2]},"
                        + "'image/png':'iVBOR'}")))
        .containsEntry("text/plain", "ab")
        .containsEntry("application/json", "{\"k\":[1,2]}")
        .containsEntry("image/png", "iVBOR");
  }

  @Test
  void anErrorBecomesTheResultsError() {
    Execution e = execution(1024);
    e.onIopub(
        "error",
        json("{'ename':'KeyError','evalue':'bmi','traceback':['\\u001b[31mKeyError\\u001b[0m']}"));
    finish(e, "error");
    ExecutionResult r = e.result(null, null, false);
    assertThat(r.status()).isEqualTo(ExecutionResult.Status.ERROR);
    assertThat(r.error().name()).isEqualTo("KeyError");
    assertThat(r.error().plainTraceback()).isEqualTo("KeyError");
  }

  @Test
  void aReplyWithoutAnErrorMessageStillGivesAnError() {
    Execution e = execution(1024);
    finish(e, "aborted");
    assertThat(e.result(null, null, false).error().name()).isEqualTo("Aborted");
  }

  @Test
  void kernelDeathAndClosedChannelsEndTheExecution() {
    Execution dead = execution(1024);
    dead.onKernelDied("restarting");
    assertThat(dead.end()).isEqualTo(Execution.End.KERNEL_DIED);
    Execution closed = execution(1024);
    closed.onChannelClosed("gone");
    assertThat(closed.end()).isEqualTo(Execution.End.CHANNEL_CLOSED);
    closed.onIopub("stream", json("{'name':'stdout','text':'late'}"));
    assertThat(closed.result(ExecutionResult.Status.KERNEL_DIED, null, true).stdout()).isEmpty();
  }

  @Test
  void aThrowingListenerDoesNotBreakCollection() {
    Execution e =
        new Execution(
            "m",
            o -> {
              throw new IllegalStateException("boom");
            },
            1024,
            "x");
    e.onIopub("stream", json("{'name':'stdout','text':'ok'}"));
    finish(e, "ok");
    assertThat(e.result(null, null, false).stdout()).isEqualTo("ok");
  }

  @Test
  void utf8LengthAndPrefix() {
    assertThat(Utf8.length("aé€😀")).isEqualTo(1 + 2 + 3 + 4);
    assertThat(Utf8.prefix("a😀b", 3)).isEqualTo("a");
    assertThat(Utf8.prefix("a😀b", 5)).isEqualTo("a😀");
    assertThat(Utf8.prefix("abc", 10)).isEqualTo("abc");
  }
}
