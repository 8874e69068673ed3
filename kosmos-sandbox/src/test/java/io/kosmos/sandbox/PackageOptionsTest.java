package io.kosmos.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kosmos.api.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The package policy, its options, requirements, tags and lock files, without an engine. */
class PackageOptionsTest {

  @Test
  void requirementsAreNamesWithOptionalVersionsNormalizedAsPep503() {
    assertThat(Requirement.parse("Scikit_Learn >= 1.2, <2").toString())
        .isEqualTo("scikit-learn>=1.2,<2");
    assertThat(Requirement.parse("lifelines==0.27.8").pinnedVersion()).isEqualTo("0.27.8");
    assertThat(Requirement.parse("lifelines").pinnedVersion()).isEmpty();
    for (String bad :
        List.of(
            "git+https://example.org/x.git",
            "./local",
            "-r requirements.txt",
            "--index-url=http://x",
            "pkg @ https://x/pkg.whl",
            "pkg; python_version<'3'",
            "pkg==1,")) {
      assertThatThrownBy(() -> Requirement.parse(bad))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining(bad)
          .hasMessageContaining("lifelines==0.27.8");
    }
  }

  @Test
  void theDefaultPolicyAllowsScienceDeniesTheKernelsMachineryAndRefusesTheRest() {
    PackagePolicy policy = new PackagePolicy(PackageOptions.defaults());
    assertThat(policy.allowed("lifelines")).isTrue();
    assertThat(policy.allowed("scikit-learn")).isTrue();
    assertThat(policy.allowed("requests")).isFalse();
    assertThat(policy.denial("requests")).isEmpty();
    assertThat(policy.denial("pyzmq")).hasValueSatisfying(r -> assertThat(r).contains("kernel"));
    assertThat(policy.denial("pip")).hasValueSatisfying(r -> assertThat(r).contains("packaging"));
    assertThat(PackagePolicy.distributionOf("sklearn")).isEqualTo("scikit-learn");
    assertThat(PackagePolicy.distributionOf("PIL")).isEqualTo("pillow");
    assertThat(PackagePolicy.distributionOf("Bio")).isEqualTo("biopython");
    assertThat(PackagePolicy.distributionOf("lifelines")).isEqualTo("lifelines");
  }

  @Test
  void patternsAndTheDenyListWinOverABroadAllowList() {
    PackagePolicy policy =
        new PackagePolicy(
            PackageOptions.builder()
                .allowList(List.of("*"))
                .deny("azure-*", "a cloud client: the sandbox has no network")
                .build());
    assertThat(policy.allowed("anything-at-all")).isTrue();
    assertThat(policy.allowed("azure-storage-blob")).isFalse();
    assertThat(policy.denial("azure-storage-blob"))
        .contains("a cloud client: the sandbox has no network");
    assertThat(policy.allowed("ipykernel")).isFalse();
    assertThat(policy.deniedPatterns()).contains("azure-*", "ipykernel");
    PackagePolicy narrow =
        new PackagePolicy(PackageOptions.builder().allowList(List.of("My_Pkg", "bio*")).build());
    assertThat(narrow.allowed("my-pkg")).isTrue();
    assertThat(narrow.allowed("biopython")).isTrue();
    assertThat(narrow.allowed("numpy")).isFalse();
  }

  @Test
  void eachOptionIsSetOnceAndBadValuesFailNamingTheOption() {
    assertThatThrownBy(() -> PackageOptions.builder().index("http://a/simple/").index("http://b/"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("index was already set; set each option once");
    assertThatThrownBy(() -> PackageOptions.builder().buildTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("buildTimeout must be positive, was PT0S");
    assertThatThrownBy(() -> PackageOptions.builder().index("file:///tmp/wheels"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("must be an http or https URL")
        .hasMessageContaining("file:///tmp/wheels");
    assertThatThrownBy(() -> PackageOptions.builder().allow("bad name"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("allow must be a distribution name, a prefix ending in * or *, was bad name");
    assertThatThrownBy(() -> PackageOptions.builder().deny("x", " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("deny reason");
    assertThatThrownBy(() -> PackageOptions.builder().require("git+https://x"))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(
            () -> PackageOptions.builder().index("http://a/").findLinks(Path.of("w")).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("set index or findLinks, not both");
    assertThatThrownBy(
            () ->
                SandboxConfig.builder()
                    .packages(PackageOptions.defaults())
                    .packages(PackageOptions.defaults()))
        .hasMessage("packages was already set; set each option once");
  }

  @Test
  void defaultsAndDerivedOptions() {
    PackageOptions d = PackageOptions.defaults();
    assertThat(d.allowed()).isEqualTo(PackageOptions.DEFAULT_ALLOWED).contains("lifelines");
    assertThat(d.denied()).isEqualTo(PackageOptions.DEFAULT_DENIED).containsKey("pyzmq");
    assertThat(d.index()).isEmpty();
    assertThat(d.findLinks()).isEmpty();
    assertThat(d.required()).isEmpty();
    assertThat(d.installOnImport()).isTrue();
    assertThat(d.buildTimeout()).isEqualTo(Duration.ofMinutes(15));
    assertThat(SandboxConfig.defaults().packages()).isSameAs(d);
    PackageOptions mine =
        d.newBuilder().require("Lifelines==0.27.8").index("http://127.0.0.1:1/simple/").build();
    assertThat(mine.required()).containsExactly("lifelines==0.27.8");
    PackageOptions derived =
        mine.newBuilder().index("http://127.0.0.1:2/simple/").require("pingouin").build();
    assertThat(derived.required()).containsExactly("lifelines==0.27.8", "pingouin");
    assertThat(derived.index()).contains("http://127.0.0.1:2/simple/");
  }

  @Test
  void derivedEnvironmentsAreNamedByTheirBaseAndTheHashOfTheirPackages() {
    List<Requirement> a = List.of(Requirement.parse("b"), Requirement.parse("A==1"));
    List<Requirement> b = List.of(Requirement.parse("a==1"), Requirement.parse("B"));
    String tag = EnvironmentBuilder.tagFor("kosmos-executor:1106ceaf3d5b", a);
    assertThat(tag).matches("kosmos-executor:1106ceaf3d5b-[0-9a-f]{12}");
    assertThat(EnvironmentBuilder.tagFor("kosmos-executor:1106ceaf3d5b", b)).isEqualTo(tag);
    assertThat(EnvironmentBuilder.tagFor("kosmos-executor:other", a)).isNotEqualTo(tag);
    assertThat(
            EnvironmentBuilder.tagFor(
                "kosmos-executor:1106ceaf3d5b", List.of(Requirement.parse("a==2"))))
        .isNotEqualTo(tag);
  }

  @Test
  void lockFilesAreReadBySectionAndComparedByContents() {
    String lock =
        """
        # Kosmos environment lock, format 1
        # image: kosmos-executor:abc-0123456789ab
        # base: kosmos-executor:abc
        # requested: lifelines
        # requested: pingouin==0.5.3
        # source: index http://127.0.0.1:9/simple/
        # created: 2026-01-01T00:00:00Z
        [installed]
        lifelines==0.27.8 --hash=sha256:00
        [python]
        lifelines==0.27.8
        numpy==1.24.2
        [debian]
        python3-numpy 1:1.24.2-1 amd64 sha256=ff
        """;
    assertThat(LockFile.header(lock, "image")).contains("kosmos-executor:abc-0123456789ab");
    assertThat(LockFile.headers(lock, "requested")).containsExactly("lifelines", "pingouin==0.5.3");
    assertThat(LockFile.section(lock, "installed"))
        .containsExactly("lifelines==0.27.8 --hash=sha256:00");
    assertThat(LockFile.section(lock, "python")).hasSize(2);
    String rebuilt = lock.replace("2026-01-01T00:00:00Z", "2027-02-02T00:00:00Z");
    assertThat(LockFile.sameContents(lock, rebuilt)).isTrue();
    assertThat(LockFile.sameContents(lock, lock.replace("numpy==1.24.2", "numpy==1.26.0")))
        .isFalse();
    Environment env =
        new Environment("i", "b", List.of("lifelines"), "none", java.time.Instant.EPOCH, 0, lock);
    assertThat(env.installed()).containsExactly("lifelines==0.27.8 --hash=sha256:00");
    assertThat(env.toExecutionEnvironment().lockSha256())
        .isEqualTo(io.kosmos.sandbox.internal.Sha256.hex(lock.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void tarArchivesRoundTrip() throws Exception {
    Map<String, byte[]> files =
        new java.util.LinkedHashMap<>(
            Map.of("Dockerfile", "FROM x\n".getBytes(), "request/wheels/a.whl", new byte[1000]));
    byte[] tar = Tar.of(files, Set.of("Dockerfile"));
    Map<String, byte[]> back = Tar.read(new java.io.ByteArrayInputStream(tar), 1 << 20);
    assertThat(back.keySet()).containsExactlyInAnyOrderElementsOf(files.keySet());
    assertThat(back.get("request/wheels/a.whl")).hasSize(1000);
    assertThatThrownBy(() -> Tar.read(new java.io.ByteArrayInputStream(tar), 100))
        .hasMessageContaining("more than 100 bytes");
  }
}
