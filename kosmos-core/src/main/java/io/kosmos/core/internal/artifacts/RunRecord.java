package io.kosmos.core.internal.artifacts;

import io.kosmos.api.Dataset;
import io.kosmos.api.ExecutorInfo;
import io.kosmos.api.RunStatus;
import io.kosmos.api.TokenUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The content of {@code run.json}: who the run is (objective and data, checked on resume), how it
 * was configured, and where it stands.
 *
 * @param formatVersion {@link Json#FORMAT_VERSION}
 * @param runId the run's id
 * @param objective the research objective
 * @param status where the run stands
 * @param stopReason why it stopped, or empty while it runs
 * @param createdAt when it started first
 * @param updatedAt when this file was last written
 * @param agents {@code Agents.description()} of the team
 * @param executor the executor, or {@code null} for a run without one
 * @param versions Kosmos, Java and OS versions
 * @param configuration the options of the last session
 * @param datasets the datasets with their hashes
 * @param cyclesCompleted cycles fully done (their world model updates included)
 * @param elapsed wall-clock time of every session so far
 * @param usage language model tokens used so far
 * @param costUsd language model cost so far
 * @param sessions one entry per call of {@code run}
 * @param environment the environment the run's code executes in, with its lock file, or {@code
 *     null} when the executor names none
 * @param cacheSavingUsd what the providers' prompt caches saved so far, in US dollars (0 in a
 *     record written before it was counted)
 */
public record RunRecord(
    int formatVersion,
    String runId,
    String objective,
    RunStatus status,
    String stopReason,
    Instant createdAt,
    Instant updatedAt,
    String agents,
    ExecutorInfo executor,
    Map<String, String> versions,
    Configuration configuration,
    List<Dataset> datasets,
    int cyclesCompleted,
    Duration elapsed,
    TokenUsage usage,
    double costUsd,
    List<Session> sessions,
    Environment environment,
    double cacheSavingUsd) {

  /** Copies the collections and fills defaults for optional fields. */
  public RunRecord {
    versions = versions == null ? Map.of() : Map.copyOf(versions);
    datasets = datasets == null ? List.of() : List.copyOf(datasets);
    sessions = sessions == null ? List.of() : List.copyOf(sessions);
    stopReason = stopReason == null ? "" : stopReason;
    elapsed = elapsed == null ? Duration.ZERO : elapsed;
    usage = usage == null ? TokenUsage.ZERO : usage;
  }

  /**
   * The environment the run's code executes in, as the executor pinned it.
   *
   * @param id the environment, for example the image {@code kosmos-executor:<base>-<hash>}
   * @param packages the packages asked for on top of the executor's base
   * @param lockFile the lock file in the run directory, {@code environment.lock}
   * @param lockSha256 the SHA-256 of the lock file
   */
  public record Environment(String id, List<String> packages, String lockFile, String lockSha256) {

    /** Copies the list. */
    public Environment {
      packages = packages == null ? List.of() : List.copyOf(packages);
    }
  }

  /**
   * Returns a copy that names another environment.
   *
   * @param newEnvironment the environment, or {@code null} for none
   * @return the copy
   */
  public RunRecord withEnvironment(Environment newEnvironment) {
    return new RunRecord(
        formatVersion,
        runId,
        objective,
        status,
        stopReason,
        createdAt,
        updatedAt,
        agents,
        executor,
        versions,
        configuration,
        datasets,
        cyclesCompleted,
        elapsed,
        usage,
        costUsd,
        sessions,
        newEnvironment,
        cacheSavingUsd);
  }

  /**
   * The options a session ran with.
   *
   * @param cyclesRequested total cycles asked for
   * @param tasksPerCycle most tasks per cycle
   * @param maxConcurrentTasks tasks run at once
   * @param taskTimeout time limit of one task
   * @param cellTimeout time limit of one cell
   * @param maxRunTime time limit of one call of {@code run}, or {@code null}
   * @param budgetUsd cost budget, or {@code null}
   * @param budgetTokens token budget, or {@code null}
   * @param reviewMinMean lowest mean review score for approval
   * @param reviewMinEach lowest review score of any dimension for approval
   * @param noveltyDetector the novelty detector
   * @param literatureSources names of the literature sources
   * @param skills names of the loaded skills
   */
  public record Configuration(
      int cyclesRequested,
      int tasksPerCycle,
      int maxConcurrentTasks,
      Duration taskTimeout,
      Duration cellTimeout,
      Duration maxRunTime,
      Double budgetUsd,
      Long budgetTokens,
      double reviewMinMean,
      double reviewMinEach,
      String noveltyDetector,
      List<String> literatureSources,
      List<String> skills) {

    /** Copies the lists. */
    public Configuration {
      literatureSources = literatureSources == null ? List.of() : List.copyOf(literatureSources);
      skills = skills == null ? List.of() : List.copyOf(skills);
    }
  }

  /**
   * One call of {@code run}.
   *
   * @param startedAt when it started
   * @param endedAt when it ended, or {@code null} if it was killed or is running
   * @param firstCycle the first cycle it ran
   * @param status how it ended, or {@code RUNNING}
   */
  public record Session(Instant startedAt, Instant endedAt, int firstCycle, RunStatus status) {}

  /**
   * Returns a copy with another status.
   *
   * @param newStatus the status
   * @param reason why
   * @param now the time
   * @return the copy
   */
  public RunRecord withStatus(RunStatus newStatus, String reason, Instant now) {
    return new RunRecord(
        formatVersion,
        runId,
        objective,
        newStatus,
        reason,
        createdAt,
        now,
        agents,
        executor,
        versions,
        configuration,
        datasets,
        cyclesCompleted,
        elapsed,
        usage,
        costUsd,
        sessions,
        environment,
        cacheSavingUsd);
  }

  /**
   * Returns a copy with progress figures.
   *
   * @param cycles cycles completed
   * @param totalElapsed elapsed time of every session
   * @param totalUsage tokens used
   * @param totalCost cost
   * @param totalCacheSaving what prompt caching saved
   * @param now the time
   * @return the copy
   */
  public RunRecord withProgress(
      int cycles,
      Duration totalElapsed,
      TokenUsage totalUsage,
      double totalCost,
      double totalCacheSaving,
      Instant now) {
    return new RunRecord(
        formatVersion,
        runId,
        objective,
        status,
        stopReason,
        createdAt,
        now,
        agents,
        executor,
        versions,
        configuration,
        datasets,
        cycles,
        totalElapsed,
        totalUsage,
        totalCost,
        sessions,
        environment,
        totalCacheSaving);
  }

  /**
   * Returns a copy for a new session: its configuration, team and executor, and a session entry.
   *
   * @param newConfiguration the options
   * @param newAgents the team
   * @param newExecutor the executor, or {@code null}
   * @param newVersions the versions
   * @param session the session entry
   * @return the copy
   */
  public RunRecord withSession(
      Configuration newConfiguration,
      String newAgents,
      ExecutorInfo newExecutor,
      Map<String, String> newVersions,
      Session session) {
    List<Session> all = new java.util.ArrayList<>(sessions);
    all.add(session);
    return new RunRecord(
        formatVersion,
        runId,
        objective,
        RunStatus.RUNNING,
        "",
        createdAt,
        session.startedAt(),
        newAgents,
        newExecutor,
        newVersions,
        newConfiguration,
        datasets,
        cyclesCompleted,
        elapsed,
        usage,
        costUsd,
        all,
        environment,
        cacheSavingUsd);
  }

  /**
   * Returns a copy whose last session ended.
   *
   * @param endedAt when
   * @param endStatus how
   * @return the copy
   */
  public RunRecord withSessionEnded(Instant endedAt, RunStatus endStatus) {
    List<Session> all = new java.util.ArrayList<>(sessions);
    if (!all.isEmpty()) {
      Session last = all.removeLast();
      all.add(new Session(last.startedAt(), endedAt, last.firstCycle(), endStatus));
    }
    return new RunRecord(
        formatVersion,
        runId,
        objective,
        status,
        stopReason,
        createdAt,
        endedAt,
        agents,
        executor,
        versions,
        configuration,
        datasets,
        cyclesCompleted,
        elapsed,
        usage,
        costUsd,
        all,
        environment,
        cacheSavingUsd);
  }
}
