package io.kosmos.api;

/**
 * What an execution consumed, as far as the executor can tell.
 *
 * @param peakMemoryBytes the highest memory use seen, or -1 if unknown
 * @param cpuNanos CPU time used, or -1 if unknown
 */
public record ResourceUsage(long peakMemoryBytes, long cpuNanos) {

  /** Nothing known. */
  public static final ResourceUsage UNKNOWN = new ResourceUsage(-1, -1);
}
