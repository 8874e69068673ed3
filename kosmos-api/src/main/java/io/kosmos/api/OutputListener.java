package io.kosmos.api;

/**
 * Receives the outputs of a running cell as they arrive (streamed text, figures, errors). Called on
 * an executor thread; implementations must be quick and must not block.
 */
@FunctionalInterface
public interface OutputListener {

  /** A listener that ignores everything. */
  OutputListener NONE = output -> {};

  /**
   * Called once per output, in the order the kernel sent them.
   *
   * @param output the output
   */
  void onOutput(Output output);
}
