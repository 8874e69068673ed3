package io.kosmos.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kosmos.api.AuditSink;
import io.kosmos.api.InvalidInputException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The option values of the two executors ({@link KernelOptions}, {@link ContainerLimits}, {@link
 * PoolOptions}) and the builders that take them follow the builder convention: each option once,
 * bad values rejected when set, naming the option and the value.
 */
class OptionValuesTest {

  private static final AuditSink SINK = r -> {};

  @Test
  void kernelOptionsLeaveTheExecutorDependentDefaultsToTheExecutor() {
    KernelOptions k = KernelOptions.defaults();
    assertThat(k.startTimeout()).isEmpty();
    assertThat(k.restartTimeout()).isEmpty();
    assertThat(k.warmupCode()).isEmpty();
    assertThat(k.interruptGrace()).isEqualTo(Duration.ofSeconds(2));
    assertThat(k.maxOutputBytes()).isEqualTo(1L << 20);
    assertThat(k.auditLog()).isEmpty();
    assertThat(k.auditSink()).isEmpty();
    assertThat(k).isEqualTo(KernelOptions.builder().build());

    KernelOptions docker = SandboxConfig.defaults().kernel();
    assertThat(docker.startTimeout()).contains(Duration.ofSeconds(90));
    assertThat(docker.restartTimeout()).contains(Duration.ofSeconds(20));
    assertThat(docker.warmupCode()).contains(SandboxConfig.DEFAULT_WARMUP_CODE);
  }

  @Test
  void whatIsSetWinsOverTheExecutorsDefaults() {
    KernelOptions mine =
        KernelOptions.builder()
            .startTimeout(Duration.ofSeconds(5))
            .restartTimeout(Duration.ofSeconds(6))
            .warmupCode("")
            .maxOutputBytes(4096)
            .auditLog(Path.of("audit.jsonl"))
            .auditSink(SINK)
            .build();
    KernelOptions k = SandboxConfig.builder().kernel(mine).build().kernel();
    assertThat(k).isEqualTo(mine);
    assertThat(k.auditSink()).containsSame(SINK);
    assertThat(k.toString()).contains("auditLog=audit.jsonl").contains("auditSink=set");
  }

  @Test
  void newBuilderCopiesAndLetsEachOptionBeSetOnceMore() {
    KernelOptions k = KernelOptions.builder().maxOutputBytes(2048).build();
    assertThat(k.newBuilder().maxOutputBytes(4096).build().maxOutputBytes()).isEqualTo(4096);
    assertThat(k.newBuilder().build()).isEqualTo(k).hasSameHashCodeAs(k);
    ContainerLimits l = ContainerLimits.builder().cpus(2).build();
    assertThat(l.newBuilder().pidsLimit(64).build())
        .extracting(ContainerLimits::cpus, ContainerLimits::pidsLimit)
        .containsExactly(2.0, 64L);
    PoolOptions p = PoolOptions.builder().maxContainers(2).build();
    assertThat(p.newBuilder().minIdle(2).build().maxContainers()).isEqualTo(2);
    assertThat(p.newBuilder().build()).isEqualTo(p).hasSameHashCodeAs(p);
    SandboxConfig c = SandboxConfig.builder().pool(p).build();
    assertThat(c.toBuilder().pool(PoolOptions.defaults()).build().pool())
        .isEqualTo(PoolOptions.defaults());
  }

  static Stream<Arguments> options() {
    return Stream.of(
        kernel("startTimeout", b -> b.startTimeout(Duration.ofSeconds(1))),
        kernel("interruptGrace", b -> b.interruptGrace(Duration.ofSeconds(1))),
        kernel("restartTimeout", b -> b.restartTimeout(Duration.ofSeconds(1))),
        kernel("maxOutputBytes", b -> b.maxOutputBytes(2048)),
        kernel("warmupCode", b -> b.warmupCode("")),
        kernel("auditLog", b -> b.auditLog(Path.of("a.jsonl"))),
        kernel("auditSink", b -> b.auditSink(SINK)),
        limits("memoryLimitBytes", b -> b.memoryLimitBytes(1L << 30)),
        limits("cpus", b -> b.cpus(2)),
        limits("pidsLimit", b -> b.pidsLimit(64)),
        limits("openFilesLimit", b -> b.openFilesLimit(64)),
        limits("workspaceSizeBytes", b -> b.workspaceSizeBytes(1L << 20)),
        limits("tmpSizeBytes", b -> b.tmpSizeBytes(16L << 20)),
        pool("minIdle", b -> b.minIdle(0)),
        pool("maxContainers", b -> b.maxContainers(2)),
        pool("maxSessionsPerContainer", b -> b.maxSessionsPerContainer(2)),
        pool("maxContainerAge", b -> b.maxContainerAge(Duration.ofMinutes(1))),
        pool("acquireTimeout", b -> b.acquireTimeout(Duration.ofMinutes(1))),
        config("image", b -> b.image("kosmos-executor:dev")),
        config("useLatestImage", b -> b.useLatestImage(true)),
        config("buildImageIfMissing", b -> b.buildImageIfMissing(true)),
        config("dockerHost", b -> b.dockerHost("unix:///x.sock")),
        config("networkMode", b -> b.networkMode(SandboxConfig.NetworkMode.INTERNAL)),
        config("kernelTransport", b -> b.kernelTransport(SandboxConfig.KernelTransport.ZMQ)),
        config("sandboxRoot", b -> b.sandboxRoot(Path.of("/tmp/x"))),
        config("containerUser", b -> b.containerUser("1000:1000")),
        config("reapOnStart", b -> b.reapOnStart(false)),
        config("shutdownHook", b -> b.shutdownHook(false)),
        config("limits", b -> b.limits(ContainerLimits.defaults())),
        config("pool", b -> b.pool(PoolOptions.defaults())),
        config("kernel", b -> b.kernel(KernelOptions.defaults())),
        remote("token", b -> b.token("t")),
        remote("kernelName", b -> b.kernelName("python3")),
        remote("connectTimeout", b -> b.connectTimeout(Duration.ofSeconds(1))),
        remote("requestTimeout", b -> b.requestTimeout(Duration.ofSeconds(1))),
        remote("kernel", b -> b.kernel(KernelOptions.defaults())),
        remote("kernelEnv 'KERNEL_USERNAME'", b -> b.kernelEnv("KERNEL_USERNAME", "alice")),
        remote("datasets", b -> b.datasets(DatasetDelivery.GATEWAY_MOUNT)),
        gateway("token", b -> b.token("t")),
        gateway("capacity", b -> b.capacity(2)),
        gateway("kernelName", b -> b.kernelName("python3")),
        gatewayPool("connectTimeout", b -> b.connectTimeout(Duration.ofSeconds(1))),
        gatewayPool("requestTimeout", b -> b.requestTimeout(Duration.ofSeconds(1))),
        gatewayPool("kernel", b -> b.kernel(KernelOptions.defaults())),
        gatewayPool("kernelEnv 'KERNEL_NAMESPACE'", b -> b.kernelEnv("KERNEL_NAMESPACE", "k")),
        gatewayPool("datasets", b -> b.datasets(DatasetDelivery.UPLOAD)),
        gatewayPool("healthCheckInterval", b -> b.healthCheckInterval(Duration.ofSeconds(1))),
        gatewayPool("healthCheckTimeout", b -> b.healthCheckTimeout(Duration.ofSeconds(1))),
        gatewayPool("failuresBeforeDown", b -> b.failuresBeforeDown(3)),
        gatewayPool("pendingTimeout", b -> b.pendingTimeout(Duration.ofSeconds(1))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("options")
  void settingAnOptionTwiceFailsNamingIt(String option, Runnable setTwice) {
    assertThatThrownBy(setTwice::run)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(option.replaceFirst("^\\w+ ", "") + " was already set; set each option once");
  }

  @Test
  void badValuesFailWhenSetNamingTheOptionAndTheValue() {
    assertThatThrownBy(() -> KernelOptions.builder().startTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("startTimeout must be positive, was PT0S");
    assertThatThrownBy(() -> KernelOptions.builder().maxOutputBytes(10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxOutputBytes must be at least 1024, was 10");
    assertThatThrownBy(() -> ContainerLimits.builder().pidsLimit(3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pidsLimit must be at least 32, was 3");
    assertThatThrownBy(() -> PoolOptions.builder().minIdle(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("minIdle must be 0 or more, was -1");
    assertThatThrownBy(() -> PoolOptions.builder().maxContainers(2).minIdle(3).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("minIdle must be between 0 and maxContainers (2), was 3");
    assertThatThrownBy(() -> SandboxConfig.builder().containerUser("root"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("containerUser must be uid:gid with a uid other than 0, was root");
    assertThatThrownBy(() -> SandboxConfig.builder().dockerHost(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("dockerHost must not be blank");
    assertThatThrownBy(() -> RemoteGatewayExecutor.builder("http://h/").requestTimeout(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("requestTimeout");
    assertThatThrownBy(() -> RemoteGatewayExecutor.builder("not a url"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("baseUrl")
        .hasMessageContaining("not a url");
    assertThatThrownBy(() -> Gateway.builder("ftp//nowhere"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("url must be an http(s) URL such as http://10.0.0.5:8888/, was 'ftp//nowhere'");
    assertThatThrownBy(() -> Gateway.builder("http://h/").capacity(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("capacity must be 1 or more, was 0");
    assertThatThrownBy(() -> GatewayPoolExecutor.builder().failuresBeforeDown(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("failuresBeforeDown must be 1 or more, was 0");
    assertThatThrownBy(() -> GatewayPoolExecutor.builder().pendingTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pendingTimeout must be positive, was PT0S");
    assertThatThrownBy(() -> GatewayPoolExecutor.builder().kernelEnv("NOT A NAME", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("kernelEnv must be a variable name such as KERNEL_USERNAME, was NOT A NAME");
    assertThatThrownBy(() -> GatewayPoolExecutor.builder().kernelEnv("KERNEL_X", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("kernelEnv");
    assertThatThrownBy(
            () ->
                GatewayPoolExecutor.builder()
                    .gateway(Gateway.of("http://h:1"))
                    .gateway(Gateway.of("http://h:1/")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("gateway http://h:1/ was already added; add each gateway once");
    assertThatThrownBy(() -> GatewayPoolExecutor.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("GatewayPoolExecutor needs at least one gateway: call gateway(...)");
  }

  @Test
  void aGatewayKeepsItsValuesHidesItsTokenAndDerivesAnother() {
    Gateway g = Gateway.builder("http://10.0.0.5:8888").token("s3cret").capacity(8).build();
    assertThat(g.url()).isEqualTo("http://10.0.0.5:8888/");
    assertThat(g.token()).contains("s3cret");
    assertThat(g.capacity()).isEqualTo(8);
    assertThat(g.kernelName()).isEqualTo("python3");
    assertThat(g.toString()).doesNotContain("s3cret").contains("token=set");
    Gateway other = g.newBuilder().capacity(2).build();
    assertThat(other.capacity()).isEqualTo(2);
    assertThat(other.token()).contains("s3cret");
    assertThat(g.newBuilder().build()).isEqualTo(g).hasSameHashCodeAs(g);
    assertThat(Gateway.builder("http://h/").token(" ").build().token()).isEmpty();
  }

  @Test
  void oneKernelOptionsValueServesBothExecutors() {
    KernelOptions kernel = KernelOptions.builder().maxOutputBytes(4096).build();
    assertThat(SandboxConfig.builder().kernel(kernel).build().kernel().maxOutputBytes())
        .isEqualTo(4096);
    try (RemoteGatewayExecutor remote =
        RemoteGatewayExecutor.builder("http://127.0.0.1:1/").kernel(kernel).build()) {
      assertThat(remote.info().details()).containsEntry("maxOutputBytes", "4096");
    }
  }

  private static Arguments kernel(String option, Consumer<KernelOptions.Builder> set) {
    return Arguments.of(
        "KernelOptions " + option,
        (Runnable)
            () -> {
              KernelOptions.Builder b = KernelOptions.builder();
              set.accept(b);
              set.accept(b);
            });
  }

  private static Arguments limits(String option, Consumer<ContainerLimits.Builder> set) {
    return Arguments.of(
        "ContainerLimits " + option,
        (Runnable)
            () -> {
              ContainerLimits.Builder b = ContainerLimits.builder();
              set.accept(b);
              set.accept(b);
            });
  }

  private static Arguments pool(String option, Consumer<PoolOptions.Builder> set) {
    return Arguments.of(
        "PoolOptions " + option,
        (Runnable)
            () -> {
              PoolOptions.Builder b = PoolOptions.builder();
              set.accept(b);
              set.accept(b);
            });
  }

  private static Arguments config(String option, Consumer<SandboxConfig.Builder> set) {
    return Arguments.of(
        "SandboxConfig " + option,
        (Runnable)
            () -> {
              SandboxConfig.Builder b = SandboxConfig.builder();
              set.accept(b);
              set.accept(b);
            });
  }

  private static Arguments gateway(String option, Consumer<Gateway.Builder> set) {
    return Arguments.of(
        "Gateway " + option,
        (Runnable)
            () -> {
              Gateway.Builder b = Gateway.builder("http://h/");
              set.accept(b);
              set.accept(b);
            });
  }

  private static Arguments gatewayPool(String option, Consumer<GatewayPoolExecutor.Builder> set) {
    return Arguments.of(
        "GatewayPoolExecutor " + option,
        (Runnable)
            () -> {
              GatewayPoolExecutor.Builder b = GatewayPoolExecutor.builder();
              set.accept(b);
              set.accept(b);
            });
  }

  private static Arguments remote(String option, Consumer<RemoteGatewayExecutor.Builder> set) {
    return Arguments.of(
        "RemoteGatewayExecutor " + option,
        (Runnable)
            () -> {
              RemoteGatewayExecutor.Builder b = RemoteGatewayExecutor.builder("http://h/");
              set.accept(b);
              set.accept(b);
            });
  }
}
