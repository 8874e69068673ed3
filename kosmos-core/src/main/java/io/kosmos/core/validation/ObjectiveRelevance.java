package io.kosmos.core.validation;

import io.kosmos.api.Dataset;
import io.kosmos.api.Finding;
import io.kosmos.api.ValidationContext;
import io.kosmos.api.WorldModel;
import io.kosmos.core.internal.stats.Ledger;
import io.kosmos.core.internal.stats.ObjectiveMatcher;
import io.kosmos.core.internal.stats.Profile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a finding is about the objective, for the impact dimension of the {@link
 * StatisticalValidator}: one of its variables matches the objective's words (by name or dictionary
 * description). Findings about other variables weigh 0.75 on impact when the objective matched some
 * column; when it matched none, or nothing is known of the columns, every finding weighs 1. The
 * columns are the usable ones of each dataset's sandbox profile, once the world has it, else those
 * its dictionary names.
 */
final class ObjectiveRelevance {
  private final List<String> terms;
  private final boolean objectiveMatchedSomething;
  private final Map<String, String> descriptions = new LinkedHashMap<>();

  ObjectiveRelevance(ValidationContext context) {
    this.terms = ObjectiveMatcher.terms(context.objective());
    WorldModel world = context.world();
    List<ObjectiveMatcher.Column> columns = new ArrayList<>();
    for (Dataset d : world.datasets()) {
      Profile profile = world.note(Ledger.PROFILE + d.name()).flatMap(Profile::parse).orElse(null);
      List<String> names =
          profile != null ? profile.usable() : new ArrayList<>(d.dictionary().keySet());
      for (String c : names) {
        String description = d.dictionary().getOrDefault(c, "");
        descriptions.put(c, description);
        columns.add(new ObjectiveMatcher.Column(d.name(), c, description));
      }
    }
    this.objectiveMatchedSomething =
        !columns.isEmpty()
            && !ObjectiveMatcher.match(context.objective(), columns).matchedNothing();
  }

  /** The finding's weight on impact: 1 when it concerns the objective, else 0.75. */
  double weight(Finding f) {
    if (!objectiveMatchedSomething) {
      return 1;
    }
    for (String v : f.variables()) {
      List<String> words = new ArrayList<>(ObjectiveMatcher.terms(ObjectiveMatcher.splitName(v)));
      words.addAll(ObjectiveMatcher.terms(descriptions.getOrDefault(v, "")));
      for (String t : terms) {
        if (words.contains(t)) {
          return 1;
        }
      }
    }
    return 0.75;
  }
}
