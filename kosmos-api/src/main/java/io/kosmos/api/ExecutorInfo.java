package io.kosmos.api;

import java.util.Map;
import java.util.Objects;

/**
 * What an {@link Executor} is, as recorded in {@code run.json} and the audit log.
 *
 * @param name the implementation, for example {@code docker-sandbox}, {@code remote-gateway} or
 *     {@code mock}
 * @param environment the image tag, gateway URL or other identity of where code runs
 * @param details limits and versions worth recording (memory limit, CPU limit, package versions,
 *     ...)
 */
public record ExecutorInfo(String name, String environment, Map<String, String> details) {

  /** Checks the components and copies the map. */
  public ExecutorInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(environment, "environment");
    details = Map.copyOf(details);
  }
}
