package io.kosmos.sandbox.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.kosmos.api.ExecutionResult;
import io.kosmos.api.InvalidInputException;
import io.kosmos.api.Output;
import io.kosmos.api.OutputListener;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Files moved through the kernel itself, as Python cells run silently: the way to reach a kernel's
 * file system where the server has no contents API (Kernel Gateway, Enterprise Gateway) and where
 * the path lies outside the server's root (the datasets under {@code /data}). Large files go in
 * chunks, small enough for the server's WebSocket message limit, into a partial file that replaces
 * the target only once complete, so a reader never sees half a file.
 */
public final class KernelFiles {

  /** Raw bytes per cell: 2 MiB, under 3 MiB as base64, well below Tornado's 10 MiB message cap. */
  static final int CHUNK_BYTES = 2 << 20;

  private static final long TRANSFER_CAP = 512L << 20;

  private final Supplier<KernelChannel> channel;
  private final Duration timeout;
  private final String where;

  /**
   * Files through a session's current channel.
   *
   * @param channel the kernel's channel (read at each call: it changes when the kernel restarts)
   * @param timeout how long one transfer cell may take
   * @param where the server, for messages
   */
  public KernelFiles(Supplier<KernelChannel> channel, Duration timeout, String where) {
    this.channel = channel;
    this.timeout = timeout;
    this.where = where;
  }

  /**
   * Writes a file, making its folders; in chunks, through a partial file renamed at the end.
   *
   * @param path where, absolute or relative to the kernel's working directory
   * @param content the bytes
   * @throws IOException if a cell fails (the message carries the Python error) or times out
   */
  public void write(String path, byte[] content) throws IOException {
    String part = path + ".kosmos-" + UUID.randomUUID() + ".part";
    for (int offset = 0; offset < content.length || offset == 0; offset += CHUNK_BYTES) {
      int end = Math.min(content.length, offset + CHUNK_BYTES);
      String b64 =
          Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(content, offset, end));
      String mode = offset == 0 ? "wb" : "ab";
      run(
          (offset == 0
                  ? "import os as _o\n_o.makedirs(_o.path.dirname("
                      + py(path)
                      + ") or '.', exist_ok=True)\n"
                  : "")
              + "import base64 as _b\nwith open("
              + py(part)
              + ", '"
              + mode
              + "') as _f:\n    _f.write(_b.b64decode('"
              + b64
              + "'))\n");
      if (end == content.length) {
        break;
      }
    }
    run("import os as _o\n_o.replace(" + py(part) + ", " + py(path) + ")\n");
  }

  /**
   * Reads a file.
   *
   * @param path where, absolute or relative to the kernel's working directory
   * @return the bytes
   * @throws IOException if the cell fails or times out
   * @throws InvalidInputException if there is no such file
   */
  public byte[] read(String path) throws IOException {
    ExecutionResult r =
        run(
            "import base64 as _b, os as _o\n_p = "
                + py(path)
                + "\nprint('MISSING' if not _o.path.isfile(_p) else"
                + " _b.b64encode(open(_p, 'rb').read()).decode())\n");
    String out = r.stdout().strip();
    if (out.equals("MISSING")) {
      throw new InvalidInputException("no file " + path + " in the workspace");
    }
    return Base64.getDecoder().decode(out);
  }

  /**
   * Lists the files below a folder, recursively.
   *
   * @param dir the folder
   * @return the files' paths, joined to {@code dir}, sorted; empty if the folder does not exist
   * @throws IOException if the cell fails or times out
   */
  public List<String> list(String dir) throws IOException {
    ExecutionResult r =
        run(
            "import os as _o\n_d = "
                + py(dir)
                + "\nfor _r, _ds, _fs in _o.walk(_d):\n"
                + "    for _f in _fs: print(_o.path.join(_r, _f))\n");
    List<String> files = new ArrayList<>();
    for (String line : r.stdout().split("\n")) {
      if (!line.isBlank()) {
        files.add(line.strip());
      }
    }
    files.sort(null);
    return files;
  }

  /**
   * Runs a housekeeping cell silently and returns what it printed.
   *
   * @param code Python source
   * @return the result, whose status is OK
   * @throws IOException if the cell raised (the message has the error) or did not finish in time
   */
  public ExecutionResult run(String code) throws IOException {
    KernelChannel c = channel.get();
    if (c == null) {
      throw new IOException("no kernel at " + where);
    }
    Execution execution = c.execute(code, true, OutputListener.NONE, TRANSFER_CAP, "the cap");
    try {
      if (!execution.await(timeout)) {
        execution.abandon("timed out");
        throw new IOException(
            "a file transfer with the kernel at "
                + where
                + " did not finish within "
                + Durations.human(timeout));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      c.forget(execution);
    }
    if (execution.end() != Execution.End.COMPLETED) {
      throw new IOException(
          "the kernel at " + where + " went away during a file transfer: " + execution.endDetail());
    }
    ExecutionResult r = execution.result(null, null, false);
    if (!r.isOk()) {
      throw new IOException(
          r.errorOutput().map(e -> e.name() + ": " + e.value()).orElse("the cell failed"));
    }
    return r;
  }

  /**
   * A Python string literal for any text: JSON's string syntax is a subset of Python's.
   *
   * @param s the text
   * @return the literal, quotes included
   */
  public static String py(String s) {
    try {
      return JupyterClient.JSON.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The first error of a failed cell, for messages.
   *
   * @param r the result
   * @return {@code Name: value}
   */
  static String error(ExecutionResult r) {
    return r.errorOutput().map(Output.Error::value).orElse("?");
  }
}
