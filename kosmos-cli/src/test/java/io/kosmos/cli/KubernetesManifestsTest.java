package io.kosmos.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.kosmos.core.SecretScanner;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests of {@code docs/operations/k8s}, checked offline against the Kubernetes
 * API's own schema: each object is validated by the model class the Kubernetes Java client
 * generates from the API's OpenAPI document ({@code validateJsonElement}: unknown fields, missing
 * required fields, wrong JSON types), so a misspelt field or a field at the wrong level fails here,
 * not on a cluster. Then what the operations docs promise of them: the run is non-root with a
 * read-only root file system and no capabilities, egress is limited, the keys come from the Secret,
 * and no key is written in a file.
 */
class KubernetesManifestsTest {

  static final Path K8S = repo().resolve("docs/operations/k8s");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static Path repo() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("docs/operations"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("no docs/operations above " + Path.of("").toAbsolutePath());
    }
    return p;
  }

  record Manifest(Path file, JsonNode object) {
    String kind() {
      return object.path("kind").asText();
    }

    String name() {
      return object.path("metadata").path("name").asText();
    }
  }

  static List<Manifest> manifests() throws IOException {
    List<Manifest> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(K8S)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        if (f.getFileName().toString().equals("kustomization.yaml")) {
          continue;
        }
        try (YAMLParser parser = (YAMLParser) YAML.getFactory().createParser(f.toFile())) {
          for (JsonNode doc : YAML.readValues(parser, JsonNode.class).readAll()) {
            all.add(new Manifest(f, doc));
          }
        }
      }
    }
    return all;
  }

  /** Validates an object with the generated model of its kind, e.g. batch/v1 Job → V1Job. */
  static void validate(JsonNode object) throws Exception {
    String apiVersion = object.path("apiVersion").asText();
    String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
    String model =
        "io.kubernetes.client.openapi.models."
            + Character.toUpperCase(version.charAt(0))
            + version.substring(1)
            + object.path("kind").asText();
    Method validate = Class.forName(model).getMethod("validateJsonElement", JsonElement.class);
    try {
      validate.invoke(null, JsonParser.parseString(object.toString()));
    } catch (InvocationTargetException e) {
      throw (Exception) e.getCause();
    }
  }

  @Test
  void everyObjectIsValidAgainstTheKubernetesApiSchema() throws Exception {
    List<Manifest> all = manifests();
    assertThat(all)
        .extracting(Manifest::kind)
        .contains(
            "Namespace",
            "Secret",
            "ResourceQuota",
            "LimitRange",
            "PersistentVolumeClaim",
            "Job",
            "NetworkPolicy");
    for (Manifest m : all) {
      try {
        validate(m.object());
      } catch (Exception e) {
        throw new AssertionError(m.file().getFileName() + " " + m.kind() + " " + m.name(), e);
      }
    }
  }

  @Test
  void theSchemaCheckCatchesAMisspeltFieldAMissingOneAndAWrongType() throws Exception {
    JsonNode job =
        manifests().stream().filter(m -> m.kind().equals("Job")).findFirst().orElseThrow().object();
    ObjectNode container = containerOf(job.deepCopy());

    ObjectNode misspelt = job.deepCopy();
    containerOf(misspelt).set("resource", containerOf(misspelt).remove("resources"));
    assertThatThrownBy(() -> validate(misspelt)).hasMessageContaining("`resource`");

    ObjectNode unnamed = job.deepCopy();
    containerOf(unnamed).remove("name");
    assertThatThrownBy(() -> validate(unnamed)).hasMessageContaining("`name`");

    ObjectNode wrongType = job.deepCopy();
    containerOf(wrongType).put("args", "run --data x");
    assertThatThrownBy(() -> validate(wrongType)).hasMessageContaining("args");
    assertThat(container.path("name").asText()).isEqualTo("kosmos");
  }

  private static ObjectNode containerOf(JsonNode job) {
    return (ObjectNode) job.path("spec").path("template").path("spec").path("containers").get(0);
  }

  @Test
  void theRunIsNonRootReadOnlyWithoutCapabilitiesAndReadsItsKeysFromTheSecret() throws IOException {
    List<Manifest> all = manifests();
    Manifest job = all.stream().filter(m -> m.kind().equals("Job")).findFirst().orElseThrow();
    JsonNode pod = job.object().path("spec").path("template").path("spec");
    assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).isFalse();
    for (JsonNode c : pod.path("containers")) {
      JsonNode sc = c.path("securityContext");
      assertThat(sc.path("readOnlyRootFilesystem").asBoolean()).isTrue();
      assertThat(sc.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
      assertThat(sc.path("capabilities").path("drop").toString()).contains("ALL");
      assertThat(c.path("resources").path("limits").has("memory")).isTrue();
      String secret = c.path("envFrom").get(0).path("secretRef").path("name").asText();
      assertThat(all).anyMatch(m -> m.kind().equals("Secret") && m.name().equals(secret));
      // the image needs no Docker socket: nothing mounts one
      assertThat(c.path("volumeMounts").toString()).doesNotContain("docker.sock");
    }
    assertThat(pod.path("volumes").toString()).doesNotContain("docker.sock");
  }

  @Test
  void egressIsLimitedToDnsTheGatewayAndHttpsToPublicAddresses() throws IOException {
    Manifest policy =
        manifests().stream()
            .filter(m -> m.kind().equals("NetworkPolicy") && m.name().equals("kosmos-run"))
            .findFirst()
            .orElseThrow();
    JsonNode spec = policy.object().path("spec");
    assertThat(spec.path("policyTypes").toString()).contains("Egress").contains("Ingress");
    Set<Integer> ports = new java.util.TreeSet<>();
    for (JsonNode rule : spec.path("egress")) {
      rule.path("ports").forEach(p -> ports.add(p.path("port").asInt()));
      for (JsonNode to : rule.path("to")) {
        if (to.has("ipBlock")) {
          assertThat(to.path("ipBlock").path("except").toString())
              .contains("10.0.0.0/8")
              .contains("169.254.0.0/16");
        }
      }
    }
    assertThat(ports).containsExactly(53, 443, 8888);
  }

  @Test
  void kustomizationListsEveryManifestButTheSecretAndNoFileHoldsAKey() throws IOException {
    JsonNode k = YAML.readTree(K8S.resolve("kustomization.yaml").toFile());
    List<String> listed = new ArrayList<>();
    k.path("resources").forEach(r -> listed.add(r.asText()));
    try (Stream<Path> files = Files.list(K8S)) {
      List<String> present =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".yaml"))
              .filter(n -> !n.equals("kustomization.yaml") && !n.equals("secret.yaml"))
              .sorted()
              .toList();
      assertThat(listed).containsExactlyInAnyOrderElementsOf(present);
    }
    SecretScanner.assertNoSecrets(K8S, List.of());
  }
}
