/**
 * Code execution in Docker containers and on remote Jupyter gateways: {@link
 * io.kosmos.sandbox.DockerSandboxExecutor}, {@link io.kosmos.sandbox.RemoteGatewayExecutor} and
 * {@link io.kosmos.sandbox.GatewayPoolExecutor}.
 *
 * <p>The kernel protocol in {@code io.kosmos.sandbox.internal} is not exported. Nothing here is
 * opened: Jackson only reads and writes JSON trees and maps in this module.
 *
 * <p>docker-java is not modular: its jars name themselves ({@code com.github.dockerjava.*}) and are
 * automatic modules, which declare no dependencies. The explicit modules that docker-java loads at
 * run time are therefore required below, only so that they are resolved whenever this module is: an
 * application that requires {@code io.kosmos.sandbox} then runs on the module path with no {@code
 * --add-modules}.
 */
// docker-java's four jars and micrometer-core are automatic modules.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.kosmos.sandbox {
  requires transitive io.kosmos.api;
  requires com.fasterxml.jackson.databind;
  requires com.github.dockerjava.api;
  requires com.github.dockerjava.core;
  requires com.github.dockerjava.transport;
  requires com.github.dockerjava.transport.httpclient5;
  requires okhttp3;
  // DockerSandboxExecutor is a MeterBinder: Micrometer types are in its API.
  requires transitive micrometer.core;
  requires org.newsclub.net.unix;
  requires org.slf4j;

  // junixsocket's native library (AF_UNIX sockets to the kernel): none of its classes are used
  // here, but junixsocket finds the library through it, so it must be resolved with this module.
  requires com.kohlschutter.junixsocket.nativecommon;

  // What docker-java (automatic modules, see above) loads at run time.
  requires com.google.common;
  requires org.apache.commons.compress;
  requires org.apache.commons.io;
  requires org.apache.commons.lang3;
  requires org.bouncycastle.pkix;
  requires org.bouncycastle.provider;

  exports io.kosmos.sandbox;
}
