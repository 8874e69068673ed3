package io.kosmos.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What {@link ResearchWorkflow#verify()} found when it re-executed a finished run: every cited
 * notebook cell run again in a fresh sandbox, and every number of every report statement checked
 * against what the cells printed, within the precision the report printed it with.
 *
 * <p>A number is reproduced when a cell the statement cites prints it again (rounded as the report
 * rounded it); an adjusted p value when the Benjamini-Hochberg value recomputed from the p values
 * the re-executed cells printed gives it; a count of tests when the re-executed run has that many.
 *
 * @param runId the run
 * @param verifiedAt when
 * @param executor where the cells ran again (name and environment)
 * @param cells every re-executed cited cell
 * @param numbers every number of every statement checked
 */
public record Verification(
    String runId,
    Instant verifiedAt,
    String executor,
    List<CellCheck> cells,
    List<NumberCheck> numbers) {

  /** What became of a cell or a number. */
  public enum Status {
    /** The same again. */
    REPRODUCED,
    /** Re-executed, but it printed something else. */
    DIFFERS,
    /** The re-executed cell failed. */
    FAILED,
    /** The cell's code is not the code the report cites (its hash differs). */
    CHANGED,
    /** The number is printed by none of the cells the statement cites. */
    NOT_FOUND
  }

  /**
   * One cited cell, re-executed.
   *
   * @param cell its label ({@code c1-t02#11})
   * @param notebook the notebook's path in the run
   * @param index the cell's index in the notebook
   * @param status what became of it
   * @param detail what differed or failed, or empty
   */
  public record CellCheck(String cell, String notebook, int index, Status status, String detail) {
    /** Checks the components. */
    public CellCheck {
      Objects.requireNonNull(cell, "cell");
      Objects.requireNonNull(notebook, "notebook");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /**
   * One number of one statement.
   *
   * @param section the report section ({@code answer}, {@code synthesis}, {@code key finding} ...)
   * @param statement the statement, shortened
   * @param number the number as the report prints it
   * @param status what became of it
   * @param source where it was found ({@code c1-t02#11}, {@code adjusted p recomputed}), or why it
   *     was not
   */
  public record NumberCheck(
      String section, String statement, String number, Status status, String source) {
    /** Checks the components. */
    public NumberCheck {
      Objects.requireNonNull(section, "section");
      Objects.requireNonNull(statement, "statement");
      Objects.requireNonNull(number, "number");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(source, "source");
    }
  }

  /** Checks the components and copies the lists. */
  public Verification {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(verifiedAt, "verifiedAt");
    Objects.requireNonNull(executor, "executor");
    cells = List.copyOf(cells);
    numbers = List.copyOf(numbers);
  }

  /**
   * The cells that reproduced their outputs.
   *
   * @return how many
   */
  public long cellsReproduced() {
    return cells.stream().filter(c -> c.status() == Status.REPRODUCED).count();
  }

  /**
   * The numbers reproduced.
   *
   * @return how many
   */
  public long numbersReproduced() {
    return numbers.stream().filter(n -> n.status() == Status.REPRODUCED).count();
  }

  /**
   * Whether every cell and every number was reproduced.
   *
   * @return {@code true} when nothing differs, failed, changed or was not found
   */
  public boolean passed() {
    return cellsReproduced() == cells.size() && numbersReproduced() == numbers.size();
  }
}
