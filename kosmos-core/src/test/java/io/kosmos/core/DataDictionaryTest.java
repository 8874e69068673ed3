package io.kosmos.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kosmos.api.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDictionaryTest {

  @TempDir Path dir;

  @Test
  void csvWithQuotedFieldsAndEntriesPerDataFile() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("all.csv"),
            "\uFEFFColumn,Description,Dataset\n"
                + "bmi,body mass index,\n"
                + "s5,\"log of serum triglycerides, mmol/L\",diabetes.csv\n"
                + "\n"
                + "s5,something else,other.csv\n");
    DataDictionary d = DataDictionary.read(file);
    assertThat(d.common()).containsExactly(Map.entry("bmi", "body mass index"));
    assertThat(d.forDataset("diabetes.csv"))
        .containsExactly(
            Map.entry("bmi", "body mass index"),
            Map.entry("s5", "log of serum triglycerides, mmol/L"));
    assertThat(d.forDataset(Path.of("data", "other.csv"))).containsEntry("s5", "something else");
    assertThat(d.byDataset()).containsOnlyKeys("diabetes.csv", "other.csv");
  }

  @Test
  void jsonAndLaterDictionariesWin() throws Exception {
    Path json =
        Files.writeString(
            dir.resolve("d.json"), "{\"y\": \"the y\", \"d.csv\": {\"x\": \"x for d\"}}");
    Path csv = Files.writeString(dir.resolve("d2.csv"), "column,description\ny,a better y\n");
    DataDictionary d = DataDictionary.read(json).and(DataDictionary.read(csv));
    assertThat(d.forDataset("d.csv"))
        .containsExactly(Map.entry("y", "a better y"), Map.entry("x", "x for d"));
    assertThat(DataDictionary.empty().and(d)).isEqualTo(d);
  }

  @Test
  void theDictionaryBesideADataFile() throws Exception {
    Path data = Files.writeString(dir.resolve("diabetes.csv"), "x\n1\n");
    assertThat(DataDictionary.besideDataFile(data)).isEmpty();
    Path beside = Files.writeString(dir.resolve("diabetes.dictionary.json"), "{\"x\": \"the x\"}");
    assertThat(DataDictionary.besideDataFile(data)).contains(beside);
  }

  @Test
  void unusableFilesAreInvalidInputNamingTheFile() throws Exception {
    Path noHeader = Files.writeString(dir.resolve("bad.csv"), "name,text\nx,y\n");
    assertThatThrownBy(() -> DataDictionary.read(noHeader))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(noHeader.toString())
        .hasMessageContaining("needs a header row naming the columns 'column' and 'description'");
    Path badJson = Files.writeString(dir.resolve("bad.json"), "{oops");
    assertThatThrownBy(() -> DataDictionary.read(badJson))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("is not valid JSON");
    assertThatThrownBy(() -> DataDictionary.read(dir.resolve("missing.csv")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("cannot be read");
  }
}
