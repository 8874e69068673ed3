package io.kosmos.api;

/**
 * Receives the {@link ResearchEvent}s of a run, for progress displays, metrics and logs. Called on
 * engine threads, possibly concurrently; an exception thrown by a listener is logged and ignored.
 */
@FunctionalInterface
public interface ResearchListener {

  /**
   * Called for each event.
   *
   * @param event the event
   */
  void onEvent(ResearchEvent event);
}
