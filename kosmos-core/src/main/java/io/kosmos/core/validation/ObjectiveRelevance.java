package io.kosmos.core.validation;

import io.kosmos.api.Dataset;
import io.kosmos.api.Finding;
import io.kosmos.api.ValidationContext;
import io.kosmos.api.WorldModel;
import io.kosmos.core.internal.stats.Ledger;
import io.kosmos.core.internal.stats.ObjectiveMatcher;
import io.kosmos.core.internal.stats.Profile;
import io.kosmos.core.internal.stats.Question;
import io.kosmos.core.internal.stats.QuestionReader;
import io.kosmos.core.internal.stats.Synonyms;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a finding is about the objective, for the impact dimension of the {@link
 * StatisticalValidator}: one of its variables is named by the question as the {@link
 * QuestionReader} reads it (by name, dictionary description or synonym). Findings about other
 * variables weigh 0.75 on impact when the objective matched some column; when it matched none, or
 * nothing is known of the columns, every finding weighs 1. The columns are the usable ones of each
 * dataset's sandbox profile, once the world has it, else those its dictionary names.
 */
final class ObjectiveRelevance {
  private final Question question;
  private final List<String> datasets = new ArrayList<>();
  private final boolean objectiveMatchedSomething;

  ObjectiveRelevance(ValidationContext context) {
    WorldModel world = context.world();
    List<ObjectiveMatcher.Column> columns = new ArrayList<>();
    for (Dataset d : world.datasets()) {
      datasets.add(d.name());
      Profile profile = world.note(Ledger.PROFILE + d.name()).flatMap(Profile::parse).orElse(null);
      List<String> names =
          profile != null ? profile.usable() : new ArrayList<>(d.dictionary().keySet());
      for (String c : names) {
        columns.add(new ObjectiveMatcher.Column(d.name(), c, d.dictionary().getOrDefault(c, "")));
      }
    }
    this.question = QuestionReader.read(context.objective(), columns, Synonyms.defaults());
    this.objectiveMatchedSomething = !columns.isEmpty() && !question.matchedNothing();
  }

  /** The finding's weight on impact: 1 when it concerns the objective, else 0.75. */
  double weight(Finding f) {
    if (!objectiveMatchedSomething) {
      return 1;
    }
    for (String d : datasets) {
      for (String v : f.variables()) {
        if (question.relevant(d, v)) {
          return 1;
        }
      }
    }
    return 0.75;
  }
}
