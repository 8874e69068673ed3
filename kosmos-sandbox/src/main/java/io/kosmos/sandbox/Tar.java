package io.kosmos.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The few tar archives Docker's API exchanges: a build context written from files in memory, and a
 * file copied out of an image read back. Regular files only (ustar, names up to 100 bytes).
 */
final class Tar {

  private Tar() {}

  /**
   * An archive of files.
   *
   * @param files path to content, in order
   * @param executables the paths that get mode 0755 (the others 0644)
   * @return the archive's bytes
   */
  static byte[] of(Map<String, byte[]> files, Set<String> executables) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      byte[] content = file.getValue();
      out.writeBytes(
          header(file.getKey(), content.length, executables.contains(file.getKey()) ? 0755 : 0644));
      out.writeBytes(content);
      out.writeBytes(new byte[(512 - content.length % 512) % 512]);
    }
    out.writeBytes(new byte[1024]);
    return out.toByteArray();
  }

  /**
   * The regular files of an archive, up to a total size.
   *
   * @param in the archive
   * @param maxBytes the most content read
   * @return path to content
   * @throws IOException if the archive is malformed or larger than {@code maxBytes}
   */
  static Map<String, byte[]> read(InputStream in, long maxBytes) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    long total = 0;
    while (true) {
      byte[] header = in.readNBytes(512);
      if (header.length < 512 || isZero(header)) {
        return files;
      }
      String name = field(header, 0, 100);
      long size =
          Long.parseLong(
              field(header, 124, 12).strip().isEmpty() ? "0" : field(header, 124, 12).strip(), 8);
      total += size;
      if (total > maxBytes) {
        throw new IOException("the archive holds more than " + maxBytes + " bytes");
      }
      byte[] content = in.readNBytes((int) size);
      if (content.length < size) {
        throw new IOException("the archive ends inside " + name);
      }
      in.readNBytes((int) ((512 - size % 512) % 512));
      char type = (char) header[156];
      if (type == '0' || type == 0) {
        files.put(name, content);
      }
    }
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static String field(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static byte[] header(String name, long size, int mode) {
    byte[] header = new byte[512];
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    if (nameBytes.length > 100) {
      throw new IllegalArgumentException("path too long for a tar header: " + name);
    }
    System.arraycopy(nameBytes, 0, header, 0, nameBytes.length);
    octal(header, 100, 8, mode);
    octal(header, 108, 8, 0);
    octal(header, 116, 8, 0);
    octal(header, 124, 12, size);
    octal(header, 136, 12, 0);
    Arrays.fill(header, 148, 156, (byte) ' ');
    header[156] = '0';
    byte[] magic = "ustar\u000000".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(magic, 0, header, 257, magic.length);
    long checksum = 0;
    for (byte b : header) {
      checksum += b & 0xff;
    }
    octal(header, 148, 7, checksum);
    return header;
  }

  private static void octal(byte[] header, int offset, int length, long value) {
    String digits = Long.toOctalString(value);
    String padded = "0".repeat(length - 1 - digits.length()) + digits;
    byte[] bytes = padded.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, header, offset, bytes.length);
    header[offset + length - 1] = 0;
  }
}
