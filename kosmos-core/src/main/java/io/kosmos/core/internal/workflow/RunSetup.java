package io.kosmos.core.internal.workflow;

import io.kosmos.api.ExecutionEnvironment;
import io.kosmos.api.ExecutorInfo;
import io.kosmos.api.RunStatus;
import io.kosmos.api.Skill;
import io.kosmos.api.TokenUsage;
import io.kosmos.core.internal.artifacts.AtomicFiles;
import io.kosmos.core.internal.artifacts.Json;
import io.kosmos.core.internal.artifacts.Layout;
import io.kosmos.core.internal.artifacts.RunRecord;
import io.kosmos.core.internal.orchestration.TaskEnvironment;
import io.kosmos.core.llm.Budget;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code run.json} says about how a run is set up: the configuration it was asked to run with,
 * the executor and the environment it runs the code in (its lock saved beside run.json), the
 * versions of Kosmos, Java and the OS. Each session records its own, so a resumed run shows what
 * changed.
 */
final class RunSetup {

  private static final Logger LOG = LoggerFactory.getLogger(RunSetup.class);

  private RunSetup() {}

  /**
   * The record of a new run, before its first cycle.
   *
   * @param config the engine's configuration
   * @param runId the new run's id
   * @param cycles cycles asked for
   * @param tasksPerCycle tasks per cycle asked for
   * @return the record
   */
  static RunRecord newRecord(EngineConfig config, String runId, int cycles, int tasksPerCycle) {
    Instant now = config.clock().instant();
    return new RunRecord(
        Json.FORMAT_VERSION,
        runId,
        config.objective(),
        RunStatus.RUNNING,
        "",
        now,
        now,
        config.agents().description(),
        executorInfo(config),
        versions(),
        configuration(config, cycles, tasksPerCycle),
        config.datasets(),
        0,
        Duration.ZERO,
        TokenUsage.ZERO,
        0,
        List.of(),
        null,
        0);
  }

  /**
   * Saves the lock of the environment the executor runs the run's code in as {@code
   * environment.lock} (when it changed) and says how {@code run.json} names it.
   *
   * @param config the engine's configuration
   * @param layout the run's files
   * @param runId the run
   * @param current what run.json names now, or {@code null}
   * @return the environment to name, or {@code current} when the executor names none
   */
  static RunRecord.Environment environment(
      EngineConfig config, Layout layout, String runId, RunRecord.Environment current) {
    if (config.executor() == null) {
      return current;
    }
    Optional<ExecutionEnvironment> environment;
    try {
      environment = config.executor().environment(runId);
    } catch (RuntimeException e) {
      LOG.warn(
          "the executor could not say which environment run {} uses: {}", runId, e.getMessage());
      return current;
    }
    if (environment.isEmpty()) {
      return current;
    }
    ExecutionEnvironment env = environment.get();
    String sha = env.lockSha256();
    if (current == null || !sha.equals(current.lockSha256())) {
      AtomicFiles.writeString(layout.environmentLock(), env.lock(), AtomicFiles.Durability.STAGED);
    }
    return new RunRecord.Environment(
        env.id(),
        env.packages(),
        layout.root().relativize(layout.environmentLock()).toString(),
        sha);
  }

  /**
   * The configuration of a session.
   *
   * @param config the engine's configuration
   * @param cycles cycles asked for
   * @param tasksPerCycle tasks per cycle asked for
   * @return the configuration, as run.json keeps it
   */
  static RunRecord.Configuration configuration(EngineConfig config, int cycles, int tasksPerCycle) {
    TaskEnvironment tasks = config.tasks();
    List<String> skills;
    try {
      skills =
          tasks.skills() == null
              ? List.of()
              : tasks.skills().skills().stream().map(Skill::name).toList();
    } catch (RuntimeException e) {
      skills = List.of("(skills could not be loaded: " + e.getMessage() + ")");
    }
    Budget budget = config.budget();
    return new RunRecord.Configuration(
        cycles,
        tasksPerCycle,
        config.maxConcurrentTasks(),
        tasks.taskTimeout(),
        tasks.cellTimeout(),
        config.maxRunTime(),
        budget == null || budget.maxUsd().isEmpty() ? null : budget.maxUsd().getAsDouble(),
        budget == null || budget.maxTokens().isEmpty() ? null : budget.maxTokens().getAsLong(),
        config.planning().reviewMinMean(),
        config.planning().reviewMinEach(),
        config.planning().novelty().toString(),
        tasks.sources().stream().map(s -> s.name()).toList(),
        skills);
  }

  /**
   * What the executor says about itself.
   *
   * @param config the engine's configuration
   * @return the executor's description, or {@code null} for a run without one
   */
  static ExecutorInfo executorInfo(EngineConfig config) {
    if (config.executor() == null) {
      return null;
    }
    try {
      return config.executor().info();
    } catch (RuntimeException e) {
      return new ExecutorInfo("unknown", "info() failed: " + e.getMessage(), Map.of());
    }
  }

  /**
   * The versions of Kosmos, Java and the OS.
   *
   * @return name to version
   */
  static Map<String, String> versions() {
    Map<String, String> v = new LinkedHashMap<>();
    String kosmos = ResearchEngine.class.getPackage().getImplementationVersion();
    v.put("kosmos", kosmos == null ? "development" : kosmos);
    v.put("java", System.getProperty("java.version", "?"));
    v.put("os", System.getProperty("os.name", "?") + " " + System.getProperty("os.arch", "?"));
    return v;
  }
}
