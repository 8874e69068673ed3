package io.kosmos.sandbox;

import io.kosmos.api.Executor;

/** The conformance suite against a {@link DockerSandboxExecutor}, whatever its configuration. */
abstract class DockerConformance extends ExecutorConformance {

  /** The executor under test, made by the subclass before the tests run. */
  abstract DockerSandboxExecutor docker();

  @Override
  Executor executor() {
    return docker();
  }

  @Override
  String dataPath(String name) {
    return "/data/" + name;
  }

  @Override
  long maxOutputBytes() {
    return docker().config().maxOutputBytes();
  }
}
