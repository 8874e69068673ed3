package io.kosmos.sandbox.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 as lowercase hex: the image's content tag and the audit log's code hashes. */
public final class Sha256 {

  private Sha256() {}

  /**
   * SHA-256 of bytes as lowercase hex.
   *
   * @param bytes the input
   * @return 64 hex characters
   */
  public static String hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
