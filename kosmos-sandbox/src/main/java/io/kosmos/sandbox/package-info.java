/**
 * Code execution for Kosmos in Docker and on Jupyter gateways: {@link
 * io.kosmos.sandbox.DockerSandboxExecutor} runs Jupyter kernels in hardened, pooled containers on a
 * Docker engine; {@link io.kosmos.sandbox.RemoteGatewayExecutor} drives a Jupyter Server, Kernel
 * Gateway or Enterprise Gateway over HTTP; {@link io.kosmos.sandbox.GatewayPoolExecutor} drives
 * several, placing sessions on the healthy gateway with the most room and moving work off one that
 * dies. All implement {@link io.kosmos.api.Executor}.
 *
 * <p>Everything in {@code io.kosmos.sandbox.internal} is implementation and may change without
 * notice.
 */
@NullMarked
package io.kosmos.sandbox;

import org.jspecify.annotations.NullMarked;
