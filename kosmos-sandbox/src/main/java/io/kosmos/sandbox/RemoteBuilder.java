package io.kosmos.sandbox;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The options every executor on Jupyter Servers or Enterprise Gateways shares ({@link
 * RemoteGatewayExecutor} on one, {@link GatewayPoolExecutor} on several): timeouts, kernel options,
 * variables sent with each kernel start, and how datasets reach the kernels. Setting an option
 * twice fails at once with a message naming it.
 *
 * @param <B> the concrete builder
 */
abstract class RemoteBuilder<B extends RemoteBuilder<B>> {

  final OptionChecks checks = new OptionChecks();
  Duration connectTimeout = Duration.ofSeconds(10);
  Duration requestTimeout = Duration.ofSeconds(60);
  KernelOptions kernel = KernelOptions.defaults();
  final Map<String, String> kernelEnv = new TreeMap<>();
  DatasetDelivery datasets = DatasetDelivery.UPLOAD;

  RemoteBuilder() {}

  abstract B self();

  /**
   * Sets the TCP connect timeout of every call to a gateway. Default 10 s.
   *
   * @param timeout a positive duration
   * @return this builder
   */
  public B connectTimeout(Duration timeout) {
    checks.once("connectTimeout");
    this.connectTimeout = OptionChecks.positive(timeout, "connectTimeout");
    return self();
  }

  /**
   * Sets the time limit of one REST call or file transfer. Default 60 s.
   *
   * @param timeout a positive duration
   * @return this builder
   */
  public B requestTimeout(Duration timeout) {
    checks.once("requestTimeout");
    this.requestTimeout = OptionChecks.positive(timeout, "requestTimeout");
    return self();
  }

  /**
   * Sets how kernels are started, interrupted, restarted, warmed up and audited: the same value
   * {@link SandboxConfig.Builder#kernel(KernelOptions)} takes. Options left unset there take a
   * remote gateway's defaults: start timeout 2 minutes (gateways that launch pods need long),
   * interrupt grace 2 s, restart timeout 30 s, 1 MiB of output per execution, warm-up code {@code
   * %matplotlib inline}, no audit log or sink.
   *
   * @param kernel the kernel options
   * @return this builder
   */
  public B kernel(KernelOptions kernel) {
    checks.once("kernel");
    this.kernel = Objects.requireNonNull(kernel, "kernel");
    return self();
  }

  /**
   * Sends a variable with every kernel start request. Enterprise Gateway hands the {@code KERNEL_}
   * variables (and those its {@code env_whitelist} names) to the kernel's launch: {@code
   * KERNEL_USERNAME} (default: this process's user), {@code KERNEL_NAMESPACE}, {@code
   * KERNEL_CPUS_LIMIT}, {@code KERNEL_MEMORY_LIMIT} and others. Jupyter Server ignores them.
   *
   * @param name the variable, for example {@code KERNEL_USERNAME}
   * @param value its value
   * @return this builder
   */
  public B kernelEnv(String name, String value) {
    RemoteKernels.envName(name);
    checks.once("kernelEnv '" + name + "'");
    kernelEnv.put(name, Objects.requireNonNull(value, "kernelEnv"));
    return self();
  }

  /**
   * Sets how datasets reach the kernels. Default {@link DatasetDelivery#UPLOAD}.
   *
   * @param delivery upload them, or check the gateways' own copies
   * @return this builder
   */
  public B datasets(DatasetDelivery delivery) {
    checks.once("datasets");
    this.datasets = Objects.requireNonNull(delivery, "datasets");
    return self();
  }
}
