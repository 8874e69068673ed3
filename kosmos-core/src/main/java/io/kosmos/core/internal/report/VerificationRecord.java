package io.kosmos.core.internal.report;

import io.kosmos.api.ArtifactException;
import io.kosmos.api.Verification;
import io.kosmos.core.internal.artifacts.AtomicFiles;
import io.kosmos.core.internal.artifacts.Hashing;
import io.kosmos.core.internal.artifacts.Json;
import io.kosmos.core.internal.artifacts.Layout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code report/verification.json}: the last {@code kosmos verify} of a run, with the fingerprint
 * of the report statements it checked, so that a report rebuilt later says whether the verification
 * still speaks of what it says.
 *
 * @param formatVersion the file format
 * @param reportFingerprint the SHA-256 of the checked statements' texts
 * @param verification what was reproduced
 */
public record VerificationRecord(
    int formatVersion, String reportFingerprint, Verification verification) {

  /** The sections whose statements verification checks, in the report's order. */
  public static final List<String> CHECKED =
      List.of(
          "answer", "how the question was read", "synthesis", "other associations", "key findings");

  /**
   * Where the record is kept.
   *
   * @param layout the run's layout
   * @return {@code report/verification.json}
   */
  public static Path file(Layout layout) {
    return layout.reportDir().resolve("verification.json");
  }

  /**
   * Saves a verification.
   *
   * @param layout the run's layout
   * @param fingerprint the fingerprint of the statements checked
   * @param verification the result
   */
  public static void write(Layout layout, String fingerprint, Verification verification) {
    Json.write(
        file(layout),
        new VerificationRecord(Json.FORMAT_VERSION, fingerprint, verification),
        AtomicFiles.Durability.COMMIT);
  }

  /**
   * The fingerprint of a report's checked statements.
   *
   * @param sections the report's statements by section
   * @return the SHA-256 of their texts, section by section
   */
  public static String fingerprint(Map<String, List<ReportModel.Statement>> sections) {
    StringBuilder sb = new StringBuilder();
    for (String name : CHECKED) {
      sb.append("## ").append(name).append('\n');
      for (ReportModel.Statement s : sections.getOrDefault(name, List.of())) {
        sb.append(s.text()).append('\n');
      }
    }
    return Hashing.sha256(sb.toString());
  }

  /**
   * The last verification as the report shows it, or {@code null} when there is none (or it cannot
   * be read, which the report then treats as never verified).
   *
   * @param layout the run's layout
   * @param fingerprint the fingerprint of the statements of the report being built
   * @return the summary, or {@code null}
   */
  static ReportModel.Verification summary(Layout layout, String fingerprint) {
    Path file = file(layout);
    if (!Files.exists(file)) {
      return null;
    }
    VerificationRecord r;
    try {
      r = Json.read(file, VerificationRecord.class);
    } catch (ArtifactException e) {
      return null;
    }
    Verification v = r.verification();
    if (v == null) {
      return null;
    }
    return new ReportModel.Verification(
        v.verifiedAt().toString(),
        v.executor(),
        v.cells().size(),
        (int) v.cellsReproduced(),
        v.numbers().size(),
        (int) v.numbersReproduced(),
        fingerprint.equals(r.reportFingerprint()));
  }
}
