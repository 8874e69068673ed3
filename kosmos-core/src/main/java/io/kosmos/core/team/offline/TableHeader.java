package io.kosmos.core.team.offline;

import io.kosmos.api.InvalidInputException;
import io.kosmos.core.internal.text.CsvRecords;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads a table's header on the host: the column names of a CSV or TSV file (delimiter sniffed from
 * the first line) or of the first sheet of an Excel workbook, and for CSV and TSV a sample of rows.
 * The planner uses the names to plan the first cycle before any profile exists, and the checks of
 * {@link OfflineScientist#inspect} use the sample to refuse data that has nothing to test.
 * Inference never uses it: the profile made in the sandbox does.
 */
final class TableHeader {

  /** File types the offline scientist reads. */
  static final List<String> SUPPORTED = List.of("csv", "tsv", "tab", "txt", "xlsx", "xlsm");

  /** Rows sampled from a CSV or TSV file. */
  static final int SAMPLE_ROWS = 5000;

  /** Rows read to find the indicators of a wide panel, even when only the header is asked for. */
  private static final int PANEL_SAMPLE = 2000;

  /** Names of identifiers; the same rule as {@code ID_NAME} in {@code common.py}. */
  static final Pattern ID_NAME =
      Pattern.compile(
          "^(id|uuid|guid|key|index|idx|row|rownum|row_?id|record_?id|unnamed: ?\\d+|)$"
              + "|(^|[_\\s.\\-])(id|uuid|guid|no|nr|num|number|key|code)$|^(id|uuid)[_\\s]"
              + "|[a-z]Id$|[a-z]ID$"
              + "|^(case|respondent|subject|patient|participant|person|record|household|hh|pid"
              + "|serial)([_\\s.\\-]?(id|no|nr|num|number|key))?$",
          Pattern.CASE_INSENSITIVE);

  /**
   * A header and a sample.
   *
   * @param columns the column names, in order
   * @param rows the sampled data rows (empty for Excel, which is not sampled)
   * @param sampled whether rows were sampled
   */
  record Table(List<String> columns, List<List<String>> rows, boolean sampled) {}

  private TableHeader() {}

  /** The lower-case extension of a file name, or empty. */
  static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  /**
   * Reads a table's header, and a sample of rows for CSV and TSV.
   *
   * @param file the file
   * @param sampleRows how many rows to read (0 for the header only)
   * @return the table
   * @throws InvalidInputException if the type is unsupported, or the file is empty or unreadable
   */
  static Table read(Path file, int sampleRows) {
    String name = file.getFileName().toString();
    String ext = extension(name);
    if (Files.isDirectory(file)) {
      throw new InvalidInputException(
          name + " is a folder; Kosmos reads files: " + String.join(", ", SUPPORTED));
    }
    if (!SUPPORTED.contains(ext)) {
      throw new InvalidInputException(
          name
              + ": unsupported file type"
              + (ext.isEmpty() ? " (no extension)" : " '." + ext + "'")
              + "; Kosmos reads CSV (.csv, .txt), TSV (.tsv, .tab) and"
              + " Excel (.xlsx, .xlsm, first sheet) files");
    }
    try {
      return ext.startsWith("xls") ? excel(file) : delimited(file, ext, sampleRows);
    } catch (IOException e) {
      throw new InvalidInputException(name + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static Table delimited(Path file, String ext, int sampleRows) throws IOException {
    String name = file.getFileName().toString();
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    List<String> firstLines = new ArrayList<>();
    try (BufferedReader peek = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
      String line;
      while ((line = peek.readLine()) != null && firstLines.size() < 60) {
        if (!line.isBlank()) {
          firstLines.add(line);
        }
      }
    }
    if (firstLines.isEmpty()) {
      throw new InvalidInputException(name + " is empty: it has no header and no data rows");
    }
    TableShape.Layout layout = TableShape.layout(firstLines, ext);
    int want = Math.max(Math.max(sampleRows, 1), PANEL_SAMPLE);
    try (Reader raw = new java.io.InputStreamReader(Files.newInputStream(file), decoder);
        BufferedReader in = new BufferedReader(raw)) {
      List<String> header = null;
      List<List<String>> rows = new ArrayList<>();
      List<String> record;
      int nonBlank = 0;
      while ((record = CsvRecords.next(in, layout.delimiter())) != null) {
        if (record.size() == 1 && record.getFirst().isBlank()) {
          continue;
        }
        if (nonBlank++ < layout.headerLine()) {
          continue;
        }
        if (header == null) {
          header = new ArrayList<>();
          for (String h : record) {
            header.add(h.strip().replace("\uFEFF", ""));
          }
          continue;
        }
        if (rows.size() >= want) {
          break;
        }
        rows.add(record);
      }
      if (header == null || header.stream().allMatch(String::isBlank)) {
        throw new InvalidInputException(name + " is empty: it has no header");
      }
      if (header.size() > 1
          && header.stream()
              .allMatch(h -> h.length() > 2 && h.startsWith("'") && h.endsWith("'"))) {
        header = header.stream().map(h -> h.substring(1, h.length() - 1)).toList();
      }
      if (TableShape.isData(header)) {
        rows.addFirst(header);
        List<String> numbered = new ArrayList<>();
        for (int j = 0; j < header.size(); j++) {
          numbered.add("column " + (j + 1));
        }
        header = numbered;
      }
      if (rows.isEmpty()) {
        throw new InvalidInputException(
            name + " has a header (" + header.size() + " columns) but no data rows");
      }
      List<String> panel =
          TableShape.widePanel(header, rows, name.substring(0, name.lastIndexOf('.')));
      if (panel != null) {
        // Planned from the reshaped columns; the sandbox reshapes and profiles the real table.
        return new Table(List.copyOf(panel), List.of(), false);
      }
      List<List<String>> sample = rows.subList(0, Math.min(rows.size(), Math.max(sampleRows, 0)));
      return new Table(List.copyOf(header), sampleRows > 0 ? sample : List.of(), sampleRows > 0);
    }
  }

  static char sniff(String line, String ext) {
    char best = ext.equals("tsv") || ext.equals("tab") ? '\t' : ',';
    int bestCount = count(line, best);
    for (char c : new char[] {',', '\t', ';', '|'}) {
      int n = count(line, c);
      if (n > bestCount) {
        best = c;
        bestCount = n;
      }
    }
    return best;
  }

  private static int count(String line, char c) {
    int n = 0;
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (ch == '"') {
        quoted = !quoted;
      } else if (ch == c && !quoted) {
        n++;
      }
    }
    return n;
  }

  // ---- Excel: the first row of the first sheet, from the workbook's XML ----------------------

  private static Table excel(Path file) throws IOException {
    String name = file.getFileName().toString();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      List<String> shared = sharedStrings(zip);
      String sheet = firstSheet(zip);
      ZipEntry entry = zip.getEntry(sheet);
      if (entry == null) {
        throw new InvalidInputException(name + " has no worksheet");
      }
      List<List<String>> rows = new ArrayList<>();
      try (InputStream in = zip.getInputStream(entry)) {
        XMLStreamReader r = xml(in);
        List<String> row = null;
        String type = null;
        String ref = null;
        boolean inValue = false;
        StringBuilder text = new StringBuilder();
        while (r.hasNext() && rows.size() < 2) {
          int ev = r.next();
          if (ev == XMLStreamConstants.START_ELEMENT) {
            switch (r.getLocalName()) {
              case "row" -> row = new ArrayList<>();
              case "c" -> {
                type = r.getAttributeValue(null, "t");
                ref = r.getAttributeValue(null, "r");
                text.setLength(0);
              }
              case "v", "t" -> inValue = true;
              default -> {}
            }
          } else if (ev == XMLStreamConstants.CHARACTERS && inValue) {
            text.append(r.getText());
          } else if (ev == XMLStreamConstants.END_ELEMENT) {
            switch (r.getLocalName()) {
              case "v", "t" -> inValue = false;
              case "c" -> {
                if (row != null) {
                  int col = ref == null ? row.size() : column(ref);
                  while (row.size() < col) {
                    row.add("");
                  }
                  String v = text.toString();
                  if ("s".equals(type) && !v.isEmpty()) {
                    int i = Integer.parseInt(v.strip());
                    v = i < shared.size() ? shared.get(i) : "";
                  }
                  row.add(v);
                }
              }
              case "row" -> {
                if (row != null && row.stream().anyMatch(s -> !s.isBlank())) {
                  rows.add(row);
                }
                row = null;
              }
              default -> {}
            }
          }
        }
      }
      if (rows.isEmpty()) {
        throw new InvalidInputException(name + " is empty: its first sheet has no header");
      }
      if (rows.size() < 2) {
        throw new InvalidInputException(name + " has a header but no data rows in its first sheet");
      }
      List<String> header = rows.getFirst().stream().map(String::strip).toList();
      return new Table(header, List.of(), false);
    } catch (XMLStreamException | NumberFormatException e) {
      throw new InvalidInputException(
          name + " is not a readable Excel workbook: " + e.getMessage());
    } catch (java.util.zip.ZipException e) {
      throw new InvalidInputException(name + " is not a readable Excel workbook (not a zip file)");
    }
  }

  private static int column(String ref) {
    int col = 0;
    for (int i = 0; i < ref.length() && Character.isLetter(ref.charAt(i)); i++) {
      col = col * 26 + (Character.toUpperCase(ref.charAt(i)) - 'A' + 1);
    }
    return Math.max(0, col - 1);
  }

  private static List<String> sharedStrings(ZipFile zip) throws IOException, XMLStreamException {
    ZipEntry entry = zip.getEntry("xl/sharedStrings.xml");
    List<String> out = new ArrayList<>();
    if (entry == null) {
      return out;
    }
    try (InputStream in = zip.getInputStream(entry)) {
      XMLStreamReader r = xml(in);
      StringBuilder text = null;
      boolean inT = false;
      while (r.hasNext()) {
        int ev = r.next();
        if (ev == XMLStreamConstants.START_ELEMENT) {
          if (r.getLocalName().equals("si")) {
            text = new StringBuilder();
          } else if (r.getLocalName().equals("t")) {
            inT = true;
          }
        } else if (ev == XMLStreamConstants.CHARACTERS && inT && text != null) {
          text.append(r.getText());
        } else if (ev == XMLStreamConstants.END_ELEMENT) {
          if (r.getLocalName().equals("t")) {
            inT = false;
          } else if (r.getLocalName().equals("si") && text != null) {
            out.add(text.toString());
            text = null;
          }
        }
      }
    }
    return out;
  }

  private static String firstSheet(ZipFile zip) throws IOException, XMLStreamException {
    String relId = null;
    ZipEntry wb = zip.getEntry("xl/workbook.xml");
    if (wb != null) {
      try (InputStream in = zip.getInputStream(wb)) {
        XMLStreamReader r = xml(in);
        while (r.hasNext() && relId == null) {
          if (r.next() == XMLStreamConstants.START_ELEMENT && r.getLocalName().equals("sheet")) {
            for (int i = 0; i < r.getAttributeCount(); i++) {
              if (r.getAttributeLocalName(i).equals("id")) {
                relId = r.getAttributeValue(i);
              }
            }
          }
        }
      }
    }
    ZipEntry rels = zip.getEntry("xl/_rels/workbook.xml.rels");
    if (relId != null && rels != null) {
      try (InputStream in = zip.getInputStream(rels)) {
        XMLStreamReader r = xml(in);
        while (r.hasNext()) {
          if (r.next() == XMLStreamConstants.START_ELEMENT
              && r.getLocalName().equals("Relationship")
              && relId.equals(r.getAttributeValue(null, "Id"))) {
            String target = r.getAttributeValue(null, "Target");
            return target.startsWith("/") ? target.substring(1) : "xl/" + target;
          }
        }
      }
    }
    return "xl/worksheets/sheet1.xml";
  }

  private static XMLStreamReader xml(InputStream in) throws XMLStreamException {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    return f.createXMLStreamReader(in);
  }

  // ---- a first look at a sample ----------------------------------------------------------------

  /**
   * Why a sampled column cannot be tested, or {@code null} if it may be: a constant, or an
   * identifier (named like one, or unique text per row, or a row counter). The sandbox profile
   * decides for good; this only refuses files with nothing to test before a run starts.
   */
  static Map<String, String> setAside(Table table) {
    Map<String, String> out = new LinkedHashMap<>();
    int n = table.rows().size();
    for (int j = 0; j < table.columns().size(); j++) {
      String col = table.columns().get(j);
      Set<String> distinct = new HashSet<>();
      int filled = 0;
      boolean numeric = true;
      Map<String, Integer> seen = new HashMap<>();
      for (List<String> row : table.rows()) {
        String v = j < row.size() ? row.get(j).strip() : "";
        if (v.isEmpty() || v.equalsIgnoreCase("na") || v.equalsIgnoreCase("nan")) {
          continue;
        }
        filled++;
        distinct.add(v);
        seen.merge(v, 1, Integer::sum);
        if (numeric) {
          try {
            Double.parseDouble(v);
          } catch (NumberFormatException e) {
            numeric = false;
          }
        }
      }
      if (col.isBlank() && filled == 0) {
        out.put("(unnamed column " + (j + 1) + ")", "empty");
      } else if (filled == 0) {
        out.put(col, "empty: no values");
      } else if (distinct.size() <= 1) {
        out.put(col, "constant: a single value");
      } else if (filled < 0.5 * n) {
        out.put(col, "mostly missing");
      } else if (distinct.size() > 2
          && ID_NAME.matcher(col).find()
          && distinct.size() > 0.9 * filled) {
        out.put(col, "identifier: named like one");
      } else if (!numeric && distinct.size() == filled && filled >= 20) {
        out.put(col, "identifier or free text: unique text per row");
      } else if (!numeric && distinct.size() > 20 && distinct.size() > 0.5 * filled) {
        out.put(col, "text: " + distinct.size() + " distinct labels");
      }
    }
    return out;
  }
}
