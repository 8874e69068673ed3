package io.kosmos.core.internal.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of strings and files, as lowercase hex. */
public final class Hashing {

  private Hashing() {}

  /**
   * A new SHA-256 digest.
   *
   * @return the digest
   */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /**
   * SHA-256 of a string's UTF-8 bytes.
   *
   * @param text the text
   * @return lowercase hex
   */
  public static String sha256(String text) {
    return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * SHA-256 of bytes.
   *
   * @param bytes the bytes
   * @return lowercase hex
   */
  public static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(sha256().digest(bytes));
  }

  /**
   * Feeds a file's content to a digest, streaming.
   *
   * @param digest the digest
   * @param file the file
   * @return the number of bytes read
   * @throws IOException if it cannot be read
   */
  public static long update(MessageDigest digest, Path file) throws IOException {
    long total = 0;
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
        total += n;
      }
    }
    return total;
  }
}
