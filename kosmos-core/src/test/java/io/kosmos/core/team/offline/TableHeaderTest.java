package io.kosmos.core.team.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kosmos.api.InvalidInputException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableHeaderTest {

  @TempDir Path tmp;

  private Path write(String name, String text) throws IOException {
    return Files.writeString(tmp.resolve(name), text);
  }

  @Test
  void readsQuotedCsvAndSniffsTheDelimiter() throws IOException {
    Path csv =
        write("a.csv", "\uFEFFid,\"name, full\",score\n1,\"Smith, \"\"J\"\"\",3.5\n2,Lee,4\n");
    TableHeader.Table t = TableHeader.read(csv, 10);
    assertThat(t.columns()).containsExactly("id", "name, full", "score");
    assertThat(t.rows().getFirst()).containsExactly("1", "Smith, \"J\"", "3.5");
    assertThat(TableHeader.read(write("b.tsv", "x\ty\n1\t2\n"), 0).columns())
        .containsExactly("x", "y");
    assertThat(TableHeader.read(write("c.txt", "x;y;z\n1;2;3\n"), 0).columns())
        .containsExactly("x", "y", "z");
  }

  @Test
  void refusesWhatItCannotRead() throws IOException {
    assertThatThrownBy(() -> TableHeader.read(write("d.parquet", "PAR1"), 0))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("unsupported file type '.parquet'")
        .hasMessageContaining("CSV")
        .hasMessageContaining("Excel");
    assertThatThrownBy(() -> TableHeader.read(write("e.csv", "\n\n"), 0))
        .hasMessageContaining("is empty");
    assertThatThrownBy(() -> TableHeader.read(write("f.csv", "x,y\n"), 0))
        .hasMessageContaining("has a header (2 columns) but no data rows");
    assertThatThrownBy(() -> TableHeader.read(write("g.xlsx", "not a zip"), 0))
        .hasMessageContaining("not a readable Excel workbook");
  }

  @Test
  void readsTheHeaderOfTheFirstSheetOfAWorkbook() throws IOException {
    Path xlsx = tmp.resolve("book.xlsx");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(xlsx))) {
      put(
          z,
          "xl/workbook.xml",
          "<workbook xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
              + "<sheets><sheet name=\"Data\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
      put(
          z,
          "xl/_rels/workbook.xml.rels",
          "<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>");
      put(z, "xl/sharedStrings.xml", "<sst><si><t>age</t></si><si><t>group</t></si></sst>");
      put(
          z,
          "xl/worksheets/sheet1.xml",
          "<worksheet><sheetData>"
              + "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"C1\" t=\"inlineStr\"><is><t>score</t></is></c></row>"
              + "<row r=\"2\"><c r=\"A2\"><v>41</v></c><c r=\"C2\"><v>3</v></c></row>"
              + "</sheetData></worksheet>");
    }
    assertThat(TableHeader.read(xlsx, 0).columns()).containsExactly("age", "", "score");
  }

  private static void put(ZipOutputStream z, String name, String xml) throws IOException {
    z.putNextEntry(new ZipEntry(name));
    OutputStream o = z;
    o.write(xml.getBytes(StandardCharsets.UTF_8));
    z.closeEntry();
  }

  @Test
  void aSampleShowsColumnsThatCannotBeTested() throws IOException {
    StringBuilder sb = new StringBuilder("patient_id,name,site,age\n");
    for (int i = 0; i < 30; i++) {
      sb.append(1000 + i)
          .append(",person ")
          .append(i)
          .append(",A,")
          .append(30 + i % 7)
          .append('\n');
    }
    Map<String, String> aside =
        TableHeader.setAside(TableHeader.read(write("p.csv", sb.toString()), 100));
    assertThat(aside.keySet()).containsExactly("patient_id", "name", "site");
    assertThat(aside.get("site")).startsWith("constant");
  }

  @Test
  void inspectSaysWhatIsWrongAndWhatToDo() throws IOException {
    Path big = write("big.csv", "x,y\n" + "1,2\n".repeat(100));
    assertThatThrownBy(() -> OfflineScientist.inspect(big, Map.of(), 100))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("over the size limit of 0.1 KiB")
        .hasMessageContaining("--max-data-size");
    assertThatThrownBy(() -> OfflineScientist.inspect(write("empty.csv", ""), Map.of(), 1000))
        .hasMessageContaining("is empty (0 bytes)");
    StringBuilder ids = new StringBuilder("id,code\n");
    for (int i = 0; i < 25; i++) {
      ids.append(i).append(",k").append(i).append('\n');
    }
    assertThatThrownBy(
            () -> OfflineScientist.inspect(write("ids.csv", ids.toString()), Map.of(), 1 << 20))
        .hasMessageContaining("has no usable columns")
        .hasMessageContaining("id (identifier")
        .hasMessageContaining("code (identifier or free text");
    assertThatThrownBy(() -> OfflineScientist.inspect(tmp.resolve("missing.csv"), Map.of(), 1000))
        .hasMessageContaining("does not exist");
    List<String> warnings =
        OfflineScientist.inspect(
            write("ok.csv", "x,y\n1,2\n2,3\n3,5\n"), Map.of("x", "a number", "zz", "?"), 1 << 20);
    assertThat(warnings).singleElement().asString().contains("zz").contains("ignored");
  }
}
