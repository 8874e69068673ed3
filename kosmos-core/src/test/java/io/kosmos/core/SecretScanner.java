package io.kosmos.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds secrets in a directory tree, for tests that check a run leaves no API key in its artifacts,
 * recordings or logs. It looks for the given secret values and for anything shaped like a provider
 * key ({@code sk-ant-...}, {@code sk-...}, {@code sk-proj-...}). Every regular file is read as
 * bytes, so binary files are scanned too. Reports never quote the secret.
 *
 * <pre>{@code
 * SecretScanner.assertNoSecrets(runDir, List.of(apiKey));
 * }</pre>
 */
public final class SecretScanner {

  /** Key shapes: Anthropic, OpenAI project and legacy keys; 20 or more key characters. */
  public static final Pattern KEY_SHAPE =
      Pattern.compile("(?<![A-Za-z0-9])sk-(?:ant-[a-z0-9]+-|proj-)?[A-Za-z0-9_\\-]{20,}");

  /**
   * A secret found in a file.
   *
   * @param file the file
   * @param line the line (from 1) where it starts
   * @param what which secret: {@code secret #n} (the n-th given value) or {@code key-shaped text}
   */
  public record Leak(Path file, int line, String what) {}

  private SecretScanner() {}

  /**
   * Scans every regular file under a directory.
   *
   * @param root the directory (or a single file)
   * @param secrets the secret values to look for; values shorter than 8 characters are ignored
   * @return the leaks found, empty if none
   */
  public static List<Leak> scan(Path root, Collection<String> secrets) {
    List<Leak> leaks = new ArrayList<>();
    List<String> values = secrets.stream().filter(s -> s != null && s.length() >= 8).toList();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        // ISO-8859-1 maps every byte to one char, so any file decodes and ASCII keys match.
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        int n = 0;
        for (String secret : values) {
          n++;
          int at = text.indexOf(secret);
          while (at >= 0) {
            leaks.add(new Leak(file, line(text, at), "secret #" + n));
            at = text.indexOf(secret, at + 1);
          }
        }
        Matcher m = KEY_SHAPE.matcher(text);
        while (m.find()) {
          leaks.add(new Leak(file, line(text, m.start()), "key-shaped text"));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot scan " + root, e);
    }
    return leaks;
  }

  /**
   * Fails if a directory holds a secret.
   *
   * @param root the directory
   * @param secrets the secret values to look for
   * @throws AssertionError listing the files and lines, never the secret
   */
  public static void assertNoSecrets(Path root, Collection<String> secrets) {
    List<Leak> leaks = scan(root, secrets);
    if (!leaks.isEmpty()) {
      StringBuilder message = new StringBuilder("secrets found under " + root + ":");
      for (Leak leak : leaks) {
        message.append("\n  ").append(leak.file()).append(':').append(leak.line());
        message.append(" (").append(leak.what()).append(')');
      }
      throw new AssertionError(message.toString());
    }
  }

  private static int line(String text, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }
}
