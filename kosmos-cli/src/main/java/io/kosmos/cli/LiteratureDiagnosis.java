package io.kosmos.cli;

import io.kosmos.api.LiteratureException;
import io.kosmos.api.LiteratureSource;
import io.kosmos.core.http.TransportOptions;
import io.kosmos.core.literature.LiteratureSources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The literature lines of {@code kosmos doctor}: which online sources answer a one-paper search
 * from this machine, now, with the keys and addresses of the environment. A source that does not
 * answer is a note, not a missing piece: a run falls back to the next source, and searches none
 * with {@code --literature off}.
 */
final class LiteratureDiagnosis {

  private static final String QUERY = "type 2 diabetes";

  private LiteratureDiagnosis() {}

  static List<DoctorCheck> run(Map<String, String> env) {
    String order = env.get(LiteratureChoice.ENV_ORDER);
    if (order != null && order.strip().equalsIgnoreCase("off")) {
      return List.of(
          new DoctorCheck(
              "Literature",
              DoctorCheck.Status.NOTE,
              "off (" + LiteratureChoice.ENV_ORDER + "=off): runs search no literature",
              ""));
    }
    TransportOptions probe =
        TransportOptions.builder()
            .maxRetries(0)
            .connectTimeout(Duration.ofSeconds(4))
            .callTimeout(Duration.ofSeconds(8))
            .requestsPerMinute(0)
            .build();
    List<DoctorCheck> out = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<DoctorCheck>> checks = new ArrayList<>();
      for (String name : LiteratureSources.ONLINE) {
        checks.add(threads.submit(() -> probe(name, env, probe)));
      }
      for (Future<DoctorCheck> f : checks) {
        try {
          out.add(f.get());
        } catch (Exception e) {
          out.add(new DoctorCheck("Literature", DoctorCheck.Status.NOTE, "probe failed: " + e, ""));
        }
      }
    }
    return out;
  }

  private static DoctorCheck probe(String name, Map<String, String> env, TransportOptions t) {
    String label = name;
    LiteratureSource source;
    try {
      source = LiteratureSources.online(name, env, t);
    } catch (RuntimeException e) {
      return new DoctorCheck(label, DoctorCheck.Status.MISSING, e.getMessage(), "fix the variable");
    }
    long start = System.nanoTime();
    try {
      int found = source.search(QUERY, 1).size();
      long ms = (System.nanoTime() - start) / 1_000_000;
      return new DoctorCheck(
          label,
          DoctorCheck.Status.OK,
          "answers (" + ms + " ms, " + found + " result)" + keys(name, env),
          "");
    } catch (LiteratureException e) {
      return new DoctorCheck(
          label,
          DoctorCheck.Status.NOTE,
          "does not answer: " + reason(e) + keys(name, env),
          fix(name, e));
    }
  }

  private static String reason(LiteratureException e) {
    return switch (e.reason()) {
      case RATE_LIMITED ->
          "refuses for rate"
              + e.retryAfter().map(d -> " (wait " + d.toSeconds() + " s)").orElse("");
      case SERVER_ERROR -> "server error";
      case TIMEOUT -> "no answer in time";
      case UNREACHABLE -> "not reachable from this machine";
      case REJECTED -> "refused the request";
      case MALFORMED -> "answered in an unexpected format";
      case OTHER -> "failed";
    };
  }

  private static String fix(String name, LiteratureException e) {
    String key =
        switch (name) {
          case "semantic-scholar" -> "SEMANTIC_SCHOLAR_API_KEY";
          case "openalex" -> "OPENALEX_API_KEY";
          case "pubmed" -> "NCBI_API_KEY";
          default -> null;
        };
    if (e.reason() == LiteratureException.Reason.RATE_LIMITED && key != null) {
      return "optional: set " + key + " for a higher limit; runs fall back to the next source";
    }
    if (e.reason() == LiteratureException.Reason.UNREACHABLE
        || e.reason() == LiteratureException.Reason.TIMEOUT) {
      return "optional: runs fall back to the next source; use --papers DIR for your own papers,"
          + " or --literature off";
    }
    return "optional: runs fall back to the next source";
  }

  private static String keys(String name, Map<String, String> env) {
    List<String> set = new ArrayList<>();
    for (String v :
        switch (name) {
          case "semantic-scholar" -> List.of("SEMANTIC_SCHOLAR_API_KEY");
          case "openalex" -> List.of("OPENALEX_API_KEY", LiteratureSources.ENV_CONTACT_EMAIL);
          case "pubmed" -> List.of("NCBI_API_KEY", "NCBI_EMAIL");
          case "crossref" -> List.of(LiteratureSources.ENV_CONTACT_EMAIL);
          default -> List.<String>of();
        }) {
      String value = env.get(v);
      if (value != null && !value.isBlank()) {
        set.add(v + " set");
      }
    }
    return set.isEmpty() ? "" : "; " + String.join(", ", set);
  }
}
