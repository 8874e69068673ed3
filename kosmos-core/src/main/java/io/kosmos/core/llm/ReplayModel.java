package io.kosmos.core.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.kosmos.api.ArtifactException;
import io.kosmos.api.LanguageModel;
import io.kosmos.api.ModelException;
import io.kosmos.api.ModelRequest;
import io.kosmos.api.ModelResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link LanguageModel} that answers from a recording made by {@link RecordingModel}, with no
 * network: the same run, rerun, gets the same answers, and so does the same again.
 *
 * <p>A request is matched to its answer by a hash of its content (system prompt, messages, token
 * limit, temperature, schema and tools; not its purpose or timeout), so tasks that ran in parallel
 * replay correctly whatever order they ask in. Identical requests get their recorded answers in
 * recorded order. A recorded failure is thrown again, as the same exception type with the same
 * message. A request the recording does not hold fails with a {@link ModelException} that names its
 * purpose and where it first differs from the closest recorded request.
 *
 * <pre>{@code
 * LanguageModel model = ReplayModel.load(runDir.resolve("llm.jsonl"));
 * }</pre>
 */
public final class ReplayModel implements LanguageModel {

  private record Entry(int line, String purpose, JsonNode content, JsonNode answer) {}

  private final Path file;
  private final String provider;
  private final String model;
  private final Map<String, Deque<Entry>> answers = new HashMap<>();
  private final List<Entry> all = new ArrayList<>();
  private final Map<String, Integer> served = new HashMap<>();

  private ReplayModel(Path file, String provider, String model) {
    this.file = file;
    this.provider = provider;
    this.model = model;
  }

  /**
   * Loads a recording.
   *
   * @param file the JSON Lines file a {@link RecordingModel} wrote
   * @return the replaying model
   * @throws ArtifactException if the file cannot be read or a line is not a recorded exchange
   */
  public static ReplayModel load(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new ArtifactException(
          "cannot read the model recording " + file + ": " + e.getMessage(), e);
    }
    ReplayModel replay = null;
    for (int i = 0; i < lines.size(); i++) {
      String text = lines.get(i);
      if (text.isBlank()) {
        continue;
      }
      JsonNode line;
      try {
        line = Json.parse(text);
      } catch (JsonProcessingException e) {
        throw new ArtifactException(
            "line "
                + (i + 1)
                + " of the model recording "
                + file
                + " is not JSON: "
                + Json.describe(e),
            e);
      }
      if (!line.has("request") || !(line.has("response") || line.has("error"))) {
        throw new ArtifactException(
            "line " + (i + 1) + " of the model recording " + file + " is not a recorded exchange");
      }
      if (line.path("format").asInt() != Exchanges.FORMAT) {
        throw new ArtifactException(
            "line "
                + (i + 1)
                + " of the model recording "
                + file
                + " has format "
                + line.path("format")
                + "; this version reads format "
                + Exchanges.FORMAT);
      }
      if (replay == null) {
        replay =
            new ReplayModel(
                file, line.path("provider").asText("replay"), line.path("model").asText("replay"));
      }
      ModelRequest request;
      try {
        request = Exchanges.readRequest(line.get("request"));
      } catch (RuntimeException e) {
        throw new ArtifactException(
            "line "
                + (i + 1)
                + " of the model recording "
                + file
                + " holds an unreadable request: "
                + e.getMessage(),
            e);
      }
      JsonNode content = Exchanges.content(request);
      Entry entry = new Entry(i + 1, request.purpose(), content, line);
      replay.all.add(entry);
      replay.answers.computeIfAbsent(Exchanges.hash(content), h -> new ArrayDeque<>()).add(entry);
    }
    if (replay == null) {
      replay = new ReplayModel(file, "replay", "replay");
    }
    return replay;
  }

  @Override
  public ModelResponse chat(ModelRequest request) {
    String hash = Exchanges.hash(request);
    Entry entry;
    synchronized (this) {
      Deque<Entry> queue = answers.get(hash);
      entry = queue == null ? null : queue.poll();
      if (entry == null) {
        throw notRecorded(request, hash);
      }
      served.merge(hash, 1, Integer::sum);
    }
    JsonNode line = entry.answer();
    if (line.has("error")) {
      throw Exchanges.readError(line.get("error"));
    }
    return Exchanges.readResponse(line.get("response"));
  }

  private ModelException notRecorded(ModelRequest request, String hash) {
    Integer times = served.get(hash);
    if (times != null) {
      return new ModelException(
          "The model recording "
              + file
              + " answers this request (purpose "
              + request.purpose()
              + ") "
              + times
              + (times == 1 ? " time" : " times")
              + ", and it was asked once more. The replayed run makes more identical calls than"
              + " the recorded one.");
    }
    JsonNode now = Exchanges.content(request);
    Entry closest = null;
    int best = -1;
    String nowText = Json.write(now);
    for (Entry e : all) {
      String recorded = Json.write(e.content());
      int common = 0;
      while (common < Math.min(recorded.length(), nowText.length())
          && recorded.charAt(common) == nowText.charAt(common)) {
        common++;
      }
      if (e.purpose().equals(request.purpose())) {
        common += 1_000_000;
      }
      if (common > best) {
        best = common;
        closest = e;
      }
    }
    String where =
        closest == null
            ? " The recording is empty."
            : " The closest recorded request (line "
                + closest.line()
                + ", purpose "
                + closest.purpose()
                + ") differs at "
                + Exchanges.firstDifference(closest.content(), now, "$")
                + ".";
    return new ModelException(
        "The model recording "
            + file
            + " holds no answer for this request (purpose "
            + request.purpose()
            + ")."
            + where
            + " Was the run changed since it was recorded?");
  }

  /**
   * How many recorded answers have not been asked for yet.
   *
   * @return the count
   */
  public synchronized int remaining() {
    return answers.values().stream().mapToInt(Deque::size).sum();
  }

  @Override
  public String provider() {
    return provider;
  }

  @Override
  public String model() {
    return model;
  }

  @Override
  public String toString() {
    return "ReplayModel{" + file + ", " + all.size() + " exchanges}";
  }
}
