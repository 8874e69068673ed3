package io.kosmos.sandbox;

import io.kosmos.api.Executor;
import io.kosmos.testing.ExecutorConformance;

/** The conformance suite against a {@link DockerSandboxExecutor}, whatever its configuration. */
abstract class DockerConformance extends ExecutorConformance {

  /** The executor under test, made by the subclass before the tests run. */
  abstract DockerSandboxExecutor docker();

  @Override
  protected Executor executor() {
    return docker();
  }

  @Override
  protected String dataPath(String name) {
    return "/data/" + name;
  }

  @Override
  protected long maxOutputBytes() {
    return docker().config().kernel().maxOutputBytes();
  }
}
