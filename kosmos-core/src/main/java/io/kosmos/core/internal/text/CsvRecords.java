package io.kosmos.core.internal.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads delimited text (CSV, TSV) record by record: data files and data dictionaries. */
public final class CsvRecords {
  private CsvRecords() {}

  /**
   * Reads one record of RFC 4180 text: quoted fields may hold delimiters, quotes and new lines; a
   * carriage return outside quotes is dropped.
   *
   * @param in the text, positioned at the start of a record
   * @param delimiter the field delimiter
   * @return the record's fields, or {@code null} at the end of the text
   * @throws IOException if the text cannot be read
   */
  public static List<String> next(BufferedReader in, char delimiter) throws IOException {
    int ch = in.read();
    if (ch < 0) {
      return null;
    }
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    while (true) {
      if (ch < 0) {
        fields.add(field.toString());
        return fields;
      }
      char c = (char) ch;
      if (quoted) {
        if (c == '"') {
          in.mark(1);
          int peek = in.read();
          if (peek == '"') {
            field.append('"');
          } else {
            quoted = false;
            if (peek >= 0) {
              in.reset();
            }
          }
        } else {
          field.append(c);
        }
      } else if (c == '"' && field.isEmpty()) {
        quoted = true;
      } else if (c == delimiter) {
        fields.add(field.toString());
        field.setLength(0);
      } else if (c == '\n') {
        fields.add(field.toString());
        return fields;
      } else if (c != '\r') {
        field.append(c);
      }
      ch = in.read();
    }
  }
}
