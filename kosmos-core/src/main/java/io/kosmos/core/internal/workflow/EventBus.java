package io.kosmos.core.internal.workflow;

import io.kosmos.api.ResearchEvent;
import io.kosmos.api.ResearchListener;
import io.kosmos.core.internal.orchestration.Debug;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands events to listeners; a listener that throws is logged and the others still hear. */
final class EventBus {
  private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);

  private final List<ResearchListener> listeners = new CopyOnWriteArrayList<>();

  void add(ResearchListener listener) {
    listeners.add(listener);
  }

  void emit(ResearchEvent event) {
    for (ResearchListener listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (RuntimeException e) {
        LOG.warn(
            "research listener {} failed on {}; ignored: {}",
            listener.getClass().getName(),
            event.getClass().getSimpleName(),
            Debug.describe(e),
            Debug.trace(e));
      }
    }
  }
}
