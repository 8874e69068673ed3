package io.kosmos.core.internal.http;

import java.util.Collection;
import java.util.regex.Pattern;

/**
 * Removes secrets from text that may end up in a log, an exception or a file: the given secret
 * values, and anything shaped like a provider API key.
 */
public final class Redactor {

  /** What a redacted secret is replaced with. */
  public static final String REDACTED = "[REDACTED]";

  /** Shapes of common API keys: Anthropic ({@code sk-ant-...}), OpenAI ({@code sk-...}). */
  public static final Pattern KEY_SHAPE =
      Pattern.compile("(?<![A-Za-z0-9])sk-(?:ant-)?[A-Za-z0-9_\\-*]{12,}");

  private Redactor() {}

  /**
   * Replaces every occurrence of the secrets, and every key-shaped word, with {@link #REDACTED}.
   *
   * @param text the text, or {@code null}
   * @param secrets secret values; {@code null} and values shorter than 4 characters are ignored
   * @return the redacted text, or {@code null} if the text was {@code null}
   */
  public static String redact(String text, Collection<String> secrets) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String secret : secrets) {
      if (secret != null && secret.length() >= 4) {
        out = out.replace(secret, REDACTED);
      }
    }
    return KEY_SHAPE.matcher(out).replaceAll(REDACTED);
  }
}
