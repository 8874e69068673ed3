package io.kosmos.core.internal.agents;

import io.kosmos.api.ExecutedCell;
import io.kosmos.api.ExecutionResult;
import io.kosmos.api.Output;

/** What a model reads of an executed cell: its status, its text outputs and its error. */
public final class CellText {

  private CellText() {}

  /**
   * The status in a few words.
   *
   * @param r the result
   * @return for example {@code ran without error} or {@code failed with NameError}
   */
  public static String status(ExecutionResult r) {
    return switch (r.status()) {
      case OK -> "ran without error";
      case ERROR -> "failed with " + r.errorOutput().map(Output.Error::name).orElse("an error");
      case TIMEOUT -> "timed out (the kernel was interrupted)";
      case KERNEL_DIED -> "failed: the kernel died and was restarted, so its state is lost";
    };
  }

  /**
   * Every text output in order: streams, results and displays as plain text, with a mark for
   * outputs that have no text form.
   *
   * @param r the result
   * @return the text
   */
  public static String output(ExecutionResult r) {
    StringBuilder sb = new StringBuilder();
    for (Output o : r.outputs()) {
      switch (o) {
        case Output.Stream s -> {
          if (s.name().equals("stderr")) {
            sb.append("[stderr] ");
          }
          sb.append(s.text());
        }
        case Output.ExecuteResult e -> appendData(sb, e.data());
        case Output.DisplayData d -> appendData(sb, d.data());
        case Output.Error e -> {}
      }
    }
    if (sb.isEmpty() && !r.stdout().isEmpty()) {
      sb.append(r.stdout());
    }
    if (r.truncated()) {
      sb.append("\n[the sandbox truncated this output]");
    }
    return sb.toString().strip();
  }

  private static void appendData(StringBuilder sb, java.util.Map<String, String> data) {
    if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != '\n') {
      sb.append('\n');
    }
    String plain = data.get(Output.TEXT_PLAIN);
    if (plain != null && !(data.containsKey(Output.IMAGE_PNG) && plain.startsWith("<Figure"))) {
      sb.append(plain).append('\n');
    } else if (data.containsKey(Output.IMAGE_PNG)) {
      sb.append("[figure]\n");
    } else if (data.containsKey(Output.TEXT_HTML)) {
      sb.append("[HTML output]\n");
    }
  }

  /**
   * The error with the end of its traceback, without terminal colours.
   *
   * @param r the result
   * @param max the most characters
   * @return the error, or empty when the cell ran
   */
  public static String error(ExecutionResult r, int max) {
    if (r.isOk() || r.error() == null) {
      return "";
    }
    Output.Error e = r.error();
    String head = e.name() + ": " + e.value();
    String tb = e.plainTraceback().strip();
    if (tb.isEmpty()) {
      return Text.clip(head, max);
    }
    int room = Math.max(200, max - head.length() - 1);
    String tail = tb.length() <= room ? tb : "…" + tb.substring(tb.length() - room);
    return head + "\n" + tail;
  }

  /**
   * The cell's first code line that says something, for lists of cells.
   *
   * @param cell the cell
   * @return the line, bounded
   */
  public static String firstLine(ExecutedCell cell) {
    for (String line : cell.code().split("\n")) {
      String s = line.strip();
      if (!s.isEmpty()) {
        return Text.clip(s, 100);
      }
    }
    return "";
  }
}
