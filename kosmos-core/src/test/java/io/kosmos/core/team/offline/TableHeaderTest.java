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
        .hasMessageContaining("code (identifier");
    assertThatThrownBy(() -> OfflineScientist.inspect(tmp.resolve("missing.csv"), Map.of(), 1000))
        .hasMessageContaining("does not exist");
    List<String> warnings =
        OfflineScientist.inspect(
            write("ok.csv", "x,y\n1,2\n2,3\n3,5\n"), Map.of("x", "a number", "zz", "?"), 1 << 20);
    assertThat(warnings).singleElement().asString().contains("zz").contains("ignored");
  }

  @Test
  void realTablesAreReadAsTheyAre() throws IOException {
    // semicolons and decimal commas
    Path semi = write("semi.csv", "id;größe;gewicht\n1;182,9;81,6\n2;169,6;79,35\n");
    assertThat(TableHeader.read(semi, 10).columns()).containsExactly("id", "größe", "gewicht");
    assertThat(TableHeader.read(semi, 10).rows().getFirst()).containsExactly("1", "182,9", "81,6");
    // a tab-separated file with quoted headers and an identifier named with a space
    Path tsv =
        write("nls.tsv", "\"CASE ID\"\t\"SAMPLE_SEX\"\t\"FAMILY SIZE\"\n1000\t1\t\n1001\t2\t4\n");
    assertThat(TableHeader.read(tsv, 0).columns())
        .containsExactly("CASE ID", "SAMPLE_SEX", "FAMILY SIZE");
    assertThat(TableHeader.ID_NAME.matcher("CASE ID").find()).isTrue();
    assertThat(TableHeader.ID_NAME.matcher("SAMPLE_SEX").find()).isFalse();
    // an unnamed index column, as R's write.csv makes it
    Path r = write("r.csv", "\"\",\"Ozone\",\"Temp\"\n\"1\",41,67\n\"2\",36,72\n");
    assertThat(TableHeader.read(r, 0).columns()).containsExactly("", "Ozone", "Temp");
    assertThat(TableHeader.ID_NAME.matcher("").find()).isTrue();
    // no header: numbered columns
    Path data = write("n.csv", "0.5,1.5,1\n0.7,2.5,0\n");
    assertThat(TableHeader.read(data, 5).columns())
        .containsExactly("column 1", "column 2", "column 3");
    assertThat(TableHeader.read(data, 5).rows()).hasSize(2);
  }

  @Test
  void aWidePanelAfterAPreambleIsPlannedFromItsReshapedColumns() throws IOException {
    Path wdi =
        write(
            "wdi.csv",
            "\"Data Source\",\"World Development Indicators\",\n\n"
                + "\"Last Updated Date\",\"2024-01-01\",\n\n"
                + "\"Country Name\",\"Country Code\",\"Indicator Name\",\"Indicator Code\",\"2000\",\"2001\",\"2002\",\n"
                + "\"Aland\",\"ALA\",\"GDP per capita\",\"NY.GDP\",\"1.5\",\"2.5\",\"\",\n"
                + "\"Aland\",\"ALA\",\"Life expectancy\",\"SP.LE\",\"70\",\"71\",\"72\",\n"
                + "\"Bolu\",\"BOL\",\"GDP per capita\",\"NY.GDP\",\"3.5\",\"4.5\",\"5\",\n"
                + "\"Bolu\",\"BOL\",\"Life expectancy\",\"SP.LE\",\"60\",\"61\",\"62\",\n");
    assertThat(TableHeader.read(wdi, 0).columns())
        .containsExactly("Country Name", "year", "GDP per capita", "Life expectancy");
    Path oneIndicator = write("gdp.csv", "country,1990,1991,1992\nA,1,2,3\nB,4,5,6\n");
    assertThat(TableHeader.read(oneIndicator, 0).columns())
        .containsExactly("country", "year", "gdp");
  }
}
