package io.kosmos.sandbox;

/**
 * How datasets reach a kernel on a remote gateway. Analyses read a dataset at {@code /data/<name>}
 * ({@code Dataset.mountPath()}) wherever the kernel runs; a remote gateway cannot mount the files
 * of the machine that runs Kosmos, so they are either sent or already there. Either way every file
 * is checked by SHA-256 against the local one before the session's first cell.
 */
public enum DatasetDelivery {
  /**
   * Kosmos sends each file through the kernel into {@code /data} (in chunks, into a partial file
   * renamed when complete and checked), and makes it read-only ({@code 0444}). The kernel must be
   * able to write {@code /data}: the executor image has the folder; give it a writable volume (an
   * {@code emptyDir} in the kernel pod on Kubernetes, a {@code tmpfs} for a container). A file
   * already there with the same SHA-256 is not sent again. The default.
   */
  UPLOAD,

  /**
   * The gateway's kernels already have the datasets at {@code /data/<name>} (a shared volume, an
   * image with the data): Kosmos sends nothing and only checks their SHA-256; a file missing or
   * different fails the session with {@code InvalidInputException} naming it.
   */
  GATEWAY_MOUNT
}
