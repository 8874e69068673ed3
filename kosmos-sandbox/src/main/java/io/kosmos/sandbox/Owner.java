package io.kosmos.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The JVM that made a container, network or host directory, as written into their labels: a random
 * id for this JVM, its process id, host name and start time. The {@link Reaper} reads them back to
 * tell whether the JVM that made something is still alive.
 *
 * @param id a random id, unique per JVM
 * @param pid the process id
 * @param host the host name
 * @param startMillis when the process started, in epoch milliseconds (tells a reused pid apart)
 */
record Owner(String id, long pid, String host, long startMillis) {

  /** Label marking everything the sandbox makes. */
  public static final String LABEL = "io.kosmos.sandbox";

  static final String LABEL_OWNER = "io.kosmos.sandbox.owner";
  static final String LABEL_PID = "io.kosmos.sandbox.owner.pid";
  static final String LABEL_HOST = "io.kosmos.sandbox.owner.host";
  static final String LABEL_STARTED = "io.kosmos.sandbox.owner.started";
  static final String LABEL_DIR = "io.kosmos.sandbox.dir";
  static final String LABEL_EXECUTOR = "io.kosmos.sandbox.executor";

  private static final Owner CURRENT = current();

  /**
   * This JVM.
   *
   * @return the owner record of the running JVM
   */
  public static Owner self() {
    return CURRENT;
  }

  private static Owner current() {
    ProcessHandle self = ProcessHandle.current();
    long start = self.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    return new Owner(
        UUID.randomUUID().toString().replace("-", "").substring(0, 16),
        self.pid(),
        hostName(),
        start);
  }

  static String hostName() {
    // /etc/hostname first: shells do not always export HOSTNAME, and two JVMs of one host must
    // agree on its name for the reaper to recognise each other's leftovers.
    try {
      String name = Files.readString(Path.of("/etc/hostname"), StandardCharsets.UTF_8).strip();
      if (!name.isEmpty()) {
        return name;
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or unreadable
    }
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env.strip();
    }
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  /**
   * The labels naming this owner.
   *
   * @return label name to value
   */
  Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(LABEL, "true");
    labels.put(LABEL_OWNER, id);
    labels.put(LABEL_PID, Long.toString(pid));
    labels.put(LABEL_HOST, host);
    labels.put(LABEL_STARTED, Long.toString(startMillis));
    return labels;
  }

  /** Reads an owner back from labels; empty if they do not name one. */
  static Optional<Owner> fromLabels(Map<String, String> labels) {
    if (labels == null || !labels.containsKey(LABEL_OWNER)) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Owner(
              labels.get(LABEL_OWNER),
              Long.parseLong(labels.getOrDefault(LABEL_PID, "-1")),
              labels.getOrDefault(LABEL_HOST, ""),
              Long.parseLong(labels.getOrDefault(LABEL_STARTED, "0"))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether this owner's JVM is known to be gone: it ran on this host, and no process with its pid
   * runs now, or one does but started at another time (the pid was reused). An owner on another
   * host is never judged dead from here.
   *
   * @return {@code true} if the owner is certainly dead
   */
  boolean isDead() {
    if (id.equals(CURRENT.id)) {
      return false;
    }
    if (!host.equals(CURRENT.host)) {
      return false;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (process.isEmpty() || !process.get().isAlive()) {
      return true;
    }
    long start = process.get().info().startInstant().map(Instant::toEpochMilli).orElse(startMillis);
    return Math.abs(start - startMillis) > 2000;
  }
}
