package io.kosmos.api;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One output of an executed cell. The kinds are those of Jupyter's messaging protocol and of
 * nbformat 4, so that a cell's outputs can be written to a notebook unchanged.
 *
 * <p>Rich data ({@link DisplayData}, {@link ExecuteResult}) is a map from MIME type to content, as
 * Jupyter sends it: {@code text/plain} and {@code text/html} as text, {@code image/png} as base64,
 * {@code application/json} as JSON text.
 */
public sealed interface Output
    permits Output.Stream, Output.DisplayData, Output.ExecuteResult, Output.Error {

  /** MIME type of plain text. */
  String TEXT_PLAIN = "text/plain";

  /** MIME type of HTML. */
  String TEXT_HTML = "text/html";

  /** MIME type of PNG images (base64 content). */
  String IMAGE_PNG = "image/png";

  /** MIME type of JSON (JSON text content). */
  String APPLICATION_JSON = "application/json";

  /**
   * The nbformat {@code output_type}: {@code stream}, {@code display_data}, {@code execute_result}
   * or {@code error}.
   *
   * @return the output type
   */
  String outputType();

  /**
   * Text written to standard output or standard error.
   *
   * @param name {@code stdout} or {@code stderr}
   * @param text the text
   */
  record Stream(String name, String text) implements Output {
    /** Checks the components. */
    public Stream {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(text, "text");
    }

    @Override
    public String outputType() {
      return "stream";
    }
  }

  /**
   * Rich output displayed by the code, for example a matplotlib figure.
   *
   * @param data MIME type to content
   * @param metadata MIME type to metadata (JSON text), often empty
   * @param displayId the display's identifier for later updates, or {@code null}
   */
  record DisplayData(
      Map<String, String> data, Map<String, String> metadata, @Nullable String displayId)
      implements Output {
    /** Checks the components and copies the maps. */
    public DisplayData {
      data = Map.copyOf(data);
      metadata = Map.copyOf(metadata);
    }

    @Override
    public String outputType() {
      return "display_data";
    }

    /**
     * The PNG image, decoded.
     *
     * @return the image bytes, if this output holds a PNG
     */
    public Optional<byte[]> png() {
      return Output.decodePng(data);
    }
  }

  /**
   * The value of the cell's last expression.
   *
   * @param executionCount the kernel's execution counter for the cell
   * @param data MIME type to content
   * @param metadata MIME type to metadata (JSON text), often empty
   */
  record ExecuteResult(int executionCount, Map<String, String> data, Map<String, String> metadata)
      implements Output {
    /** Checks the components and copies the maps. */
    public ExecuteResult {
      data = Map.copyOf(data);
      metadata = Map.copyOf(metadata);
    }

    @Override
    public String outputType() {
      return "execute_result";
    }

    /**
     * The PNG image, decoded.
     *
     * @return the image bytes, if this output holds a PNG
     */
    public Optional<byte[]> png() {
      return Output.decodePng(data);
    }
  }

  /**
   * An exception raised by the code, or an error the executor reports about the cell (a timeout, a
   * kernel that died).
   *
   * @param name the exception class, for example {@code ZeroDivisionError}
   * @param value the exception message
   * @param traceback the traceback lines as the kernel sent them (with ANSI colour codes)
   */
  record Error(String name, String value, List<String> traceback) implements Output {
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]");

    /** Checks the components and copies the list. */
    public Error {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      traceback = List.copyOf(traceback);
    }

    @Override
    public String outputType() {
      return "error";
    }

    /**
     * The traceback with ANSI colour codes removed, one line per line.
     *
     * @return the readable traceback
     */
    public String plainTraceback() {
      return ANSI.matcher(String.join("\n", traceback)).replaceAll("");
    }
  }

  private static Optional<byte[]> decodePng(Map<String, String> data) {
    String b64 = data.get(IMAGE_PNG);
    if (b64 == null) {
      return Optional.empty();
    }
    return Optional.of(Base64.getMimeDecoder().decode(b64));
  }
}
