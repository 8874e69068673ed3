package io.kosmos.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class PrestartedKernelTest {

  @Test
  void theKeyIsFreshHexTheEntryPointAccepts() {
    String a = PrestartedKernel.newKey();
    assertThat(a).matches("[0-9a-f]{64}");
    assertThat(PrestartedKernel.newKey()).isNotEqualTo(a);
    assertThat(PrestartedKernel.randomHex(24)).matches("[0-9a-f]{48}");
  }

  @Test
  void theExpectedKernelListensOnTheEntryPointsSocketsWithTheGivenKey() {
    JsonNode info = PrestartedKernel.connectionInfo("ab".repeat(32));
    assertThat(info.path("transport").asText()).isEqualTo("ipc");
    assertThat(info.path("ip").asText()).isEqualTo("/run/kosmos/kernel");
    assertThat(info.path("shell_port").asInt()).isEqualTo(1);
    assertThat(info.path("iopub_port").asInt()).isEqualTo(2);
    assertThat(info.path("key").asText()).isEqualTo("ab".repeat(32));
  }

  @Test
  void onlyTheSameSocketsAndKeyAreTheSameKernel() throws Exception {
    String key = PrestartedKernel.newKey();
    JsonNode expected = PrestartedKernel.connectionInfo(key);
    ObjectMapper json = new ObjectMapper();
    // as the server reports it: every field, ports as numbers, and more besides
    ObjectNode reported =
        (ObjectNode)
            json.readTree(
                "{\"transport\":\"ipc\",\"ip\":\"/run/kosmos/kernel\",\"shell_port\":1,"
                    + "\"iopub_port\":2,\"stdin_port\":3,\"control_port\":4,\"hb_port\":5,"
                    + "\"key\":\""
                    + key
                    + "\",\"signature_scheme\":\"hmac-sha256\",\"kernel_name\":\"python3\"}");
    assertThat(PrestartedKernel.same(reported, expected)).isTrue();

    assertThat(PrestartedKernel.same(reported.deepCopy().put("key", "0".repeat(64)), expected))
        .as("another key: the server started a kernel of its own")
        .isFalse();
    assertThat(PrestartedKernel.same(reported.deepCopy().put("shell_port", 6), expected)).isFalse();
    assertThat(PrestartedKernel.same(reported.deepCopy().put("ip", "/run/kosmos/k"), expected))
        .isFalse();
    ObjectNode noKey = reported.deepCopy();
    noKey.remove("key");
    assertThat(PrestartedKernel.same(noKey, expected)).isFalse();
    assertThat(PrestartedKernel.same(json.createObjectNode(), expected)).isFalse();
  }
}
