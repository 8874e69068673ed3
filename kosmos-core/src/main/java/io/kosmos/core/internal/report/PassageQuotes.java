package io.kosmos.core.internal.report;

/** How a paper citation's quote is shown in a report: whole, unless it is long. */
final class PassageQuotes {

  /** The most characters of a quote shown; the whole quote is in report.json. */
  static final int MAX_SHOWN = 300;

  private PassageQuotes() {}

  static String shown(String quote) {
    String t = quote.replaceAll("\\s+", " ").strip();
    return t.length() <= MAX_SHOWN ? t : t.substring(0, MAX_SHOWN - 1).strip() + "…";
  }
}
