package io.kosmos.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.kosmos.api.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Puts a session's datasets where analyses read them, {@code /data/<name>} ({@code
 * Dataset.mountPath()}), on a kernel that cannot mount the caller's files, and checks every file by
 * SHA-256 before the first cell runs. Two ways:
 *
 * <ul>
 *   <li><b>upload</b>: each file goes through the kernel in chunks into a partial file, is checked,
 *       made read-only ({@code 0444}) and renamed into place. A file already there with the same
 *       SHA-256 (another session on the same server put it there) is not sent again.
 *   <li><b>verify</b>: the gateway provides the files itself (a volume mounted at {@code /data});
 *       only their hashes are checked.
 * </ul>
 *
 * <p>Kernels of one Jupyter Server share its file system: two runs whose datasets differ but share
 * a name replace each other's file. A kernel per pod (Enterprise Gateway on Kubernetes) has its
 * own.
 */
public final class DatasetPlacement {

  /** Hashes of local files by path, size and modification time: a run opens many sessions. */
  private static final Map<String, String> LOCAL_HASHES = new ConcurrentHashMap<>();

  private DatasetPlacement() {}

  /** One file of a dataset: where it is here, where the kernel reads it, its size and hash. */
  record Item(Path local, String target, long size, String sha256) {}

  /**
   * Places the datasets and checks them.
   *
   * @param files the kernel's files
   * @param datasets files or folders on this machine
   * @param root where datasets go on the kernel's side, normally {@code /data}
   * @param upload {@code true} to upload, {@code false} to only check what the gateway provides
   * @param where the server, for messages
   * @throws IOException if a transfer fails or a check does not match after an upload
   * @throws InvalidInputException if a dataset cannot be read here, or (verify) the gateway's copy
   *     is missing or differs
   */
  public static void place(
      KernelFiles files, List<Path> datasets, String root, boolean upload, String where)
      throws IOException {
    List<Item> items = items(datasets, root);
    if (items.isEmpty()) {
      return;
    }
    Map<String, There> present = hashesThere(files, items);
    List<Item> missing = new ArrayList<>();
    for (Item item : items) {
      There there = present.get(item.target());
      if (there == null || !item.sha256().equals(there.sha256())) {
        missing.add(item);
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    if (!upload) {
      Item first = missing.getFirst();
      There there = present.get(first.target());
      throw new InvalidInputException(
          "dataset file "
              + first.local()
              + " is "
              + (there == null
                  ? "missing at " + first.target()
                  : "different at "
                      + first.target()
                      + " ("
                      + there.describe()
                      + "; here "
                      + first.size()
                      + " bytes, SHA-256 "
                      + abbreviate(first.sha256())
                      + ")")
              + " on the kernel of "
              + where
              + ", which should provide it (DatasetDelivery.GATEWAY_MOUNT). Mount the same files"
              + " at "
              + root
              + " on the gateway's kernels, or let Kosmos upload them (DatasetDelivery.UPLOAD)");
    }
    for (Item item : missing) {
      send(files, item, where, root);
    }
    Map<String, There> after = hashesThere(files, missing);
    for (Item item : missing) {
      There there = after.get(item.target());
      if (there == null || !item.sha256().equals(there.sha256())) {
        throw new IOException(
            "dataset file "
                + item.target()
                + " on the kernel of "
                + where
                + " is "
                + (there == null ? "missing" : there.describe())
                + " after the upload, not "
                + item.size()
                + " bytes with SHA-256 "
                + item.sha256()
                + " as "
                + item.local()
                + " has here");
      }
    }
  }

  /** A file found on the kernel's side: its size, and its SHA-256 when the size was as expected. */
  record There(long size, String sha256) {
    String describe() {
      return size + " bytes" + (sha256 == null ? "" : ", SHA-256 " + abbreviate(sha256));
    }
  }

  private static void send(KernelFiles files, Item item, String where, String root)
      throws IOException {
    byte[] content = Files.readAllBytes(item.local());
    if (!Sha256.hex(content).equals(item.sha256())) {
      throw new InvalidInputException(
          "dataset file " + item.local() + " changed while the run used it; do not edit it");
    }
    try {
      files.write(item.target(), content);
      files.run("import os as _o\n_o.chmod(" + KernelFiles.py(item.target()) + ", 0o444)\n");
    } catch (IOException e) {
      throw new IOException(
          "the kernel at "
              + where
              + " cannot write "
              + item.target()
              + " ("
              + e.getMessage()
              + "). Analyses read datasets at "
              + root
              + "/<name>: give the gateway's kernels a writable "
              + root
              + " (an emptyDir volume in the kernel pod on Kubernetes, a tmpfs for a container),"
              + " or mount the datasets there and choose DatasetDelivery.GATEWAY_MOUNT",
          e);
    }
  }

  /**
   * What is at each target, in one cell: its size, and its SHA-256 when it has the expected size
   * (hashing a file that cannot match is wasted time).
   */
  private static Map<String, There> hashesThere(KernelFiles files, List<Item> items)
      throws IOException {
    List<List<Object>> wanted = new ArrayList<>();
    for (Item item : items) {
      wanted.add(List.of(item.target(), item.size()));
    }
    String json = JupyterClient.JSON.writeValueAsString(wanted);
    String out =
        files
            .run(
                "import hashlib as _h, json as _j, os as _o\n"
                    + "def _kosmos_sha(p):\n"
                    + "    d = _h.sha256()\n"
                    + "    with open(p, 'rb') as f:\n"
                    + "        for b in iter(lambda: f.read(1 << 20), b''):\n"
                    + "            d.update(b)\n"
                    + "    return d.hexdigest()\n"
                    + "print(_j.dumps({p: [_o.path.getsize(p), _kosmos_sha(p)"
                    + " if _o.path.getsize(p) == n else None] for p, n in _j.loads("
                    + KernelFiles.py(json)
                    + ") if _o.path.isfile(p)}))\n")
            .stdout()
            .strip();
    Map<String, There> found = new LinkedHashMap<>();
    JsonNode node = JupyterClient.JSON.readTree(out.isEmpty() ? "{}" : out);
    for (Map.Entry<String, JsonNode> f : node.properties()) {
      JsonNode v = f.getValue();
      found.put(
          f.getKey(),
          new There(v.path(0).asLong(), v.path(1).isTextual() ? v.path(1).asText() : null));
    }
    return found;
  }

  /** Every file of the datasets with its target under {@code root}, size and hash. */
  static List<Item> items(List<Path> datasets, String root) throws IOException {
    List<Item> items = new ArrayList<>();
    for (Path dataset : datasets) {
      Path source = dataset.toAbsolutePath().normalize();
      if (!Files.exists(source)) {
        throw new InvalidInputException(
            "dataset " + dataset + " does not exist; pass an existing file or folder");
      }
      String base = root + "/" + source.getFileName();
      if (Files.isDirectory(source)) {
        try (Stream<Path> walk = Files.walk(source)) {
          for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
            String rel = source.relativize(p).toString().replace('\\', '/');
            items.add(new Item(p, base + "/" + rel, Files.size(p), hash(p)));
          }
        }
      } else {
        items.add(new Item(source, base, Files.size(source), hash(source)));
      }
    }
    return items;
  }

  /** SHA-256 of a file here, remembered while its size and modification time stay the same. */
  static String hash(Path file) throws IOException {
    String key = file + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis();
    String known = LOCAL_HASHES.get(key);
    if (known != null) {
      return known;
    }
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    String hex = HexFormat.of().formatHex(digest.digest());
    LOCAL_HASHES.put(key, hex);
    return hex;
  }

  private static String abbreviate(String sha) {
    return sha.length() > 12 ? sha.substring(0, 12) + "…" : sha;
  }
}
