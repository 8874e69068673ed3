package io.kosmos.sandbox;

import java.time.Instant;
import java.util.Objects;

/**
 * What a {@link GatewayPoolExecutor} knows of one of its gateways at a moment.
 *
 * @param url the gateway's base URL
 * @param state whether sessions are placed there
 * @param sessions sessions open or starting there
 * @param capacity how many it may hold
 * @param reason why it is down (what its last checks found); while up, why it is passed over for a
 *     while (full, or sessions failing to start there), else empty
 * @param since when it entered its state (for an up gateway that was never down, when the pool was
 *     built)
 */
public record GatewayStatus(
    String url, State state, int sessions, int capacity, String reason, Instant since) {

  /** Whether a gateway takes sessions. */
  public enum State {
    /** Answering its health checks (or not checked yet): sessions are placed there. */
    UP,
    /**
     * It stopped answering, refused the token, or lost its kernel spec: its sessions were ended and
     * no session is placed there until a check succeeds again.
     */
    DOWN
  }

  /** Checks the components. */
  public GatewayStatus {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(since, "since");
  }

  /**
   * One line for people: {@code http://10.0.0.5:8888/ up, 2/4 sessions} or {@code ... DOWN since
   * ...: reason}.
   *
   * @return the line
   */
  public String describe() {
    if (state == State.DOWN) {
      return url + " DOWN since " + since + ": " + reason;
    }
    return url
        + " up, "
        + sessions
        + "/"
        + capacity
        + " sessions"
        + (reason.isEmpty() ? "" : "; " + reason);
  }
}
