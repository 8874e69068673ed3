package io.kosmos.core.internal.artifacts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.kosmos.api.ArtifactException;
import io.kosmos.api.Citation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The one JSON mapper of the engine's artifacts, and the readers that turn any problem with a file
 * into an {@link ArtifactException} naming it. API records are written as they are (their
 * components become fields); citations carry a {@code type} of {@code cell} or {@code paper}; paths
 * are strings; durations are ISO-8601 ({@code PT1.5S}); null fields are left out.
 */
public final class Json {

  /** Version of every JSON format the engine writes; files carry it as {@code formatVersion}. */
  public static final int FORMAT_VERSION = 1;

  private static final ObjectMapper MAPPER = create();

  private Json() {}

  /**
   * The shared mapper.
   *
   * @return the mapper
   */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = Citation.NotebookCell.class, name = "cell"),
    @JsonSubTypes.Type(value = Citation.PaperPassage.class, name = "paper")
  })
  private interface CitationMixin {}

  private static ObjectMapper create() {
    SimpleModule paths = new SimpleModule("kosmos-paths");
    paths.addSerializer(
        Path.class,
        new StdSerializer<>(Path.class) {
          @Override
          public void serialize(Path value, JsonGenerator gen, SerializerProvider provider)
              throws IOException {
            gen.writeString(value.toString());
          }
        });
    paths.addDeserializer(
        Path.class,
        new StdDeserializer<>(Path.class) {
          @Override
          public Path deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return Path.of(p.getValueAsString());
          }
        });
    return JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .addModule(paths)
        .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .enable(SerializationFeature.INDENT_OUTPUT)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .defaultPropertyInclusion(
            JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.ALWAYS))
        .addMixIn(Citation.class, CitationMixin.class)
        .build();
  }

  /**
   * Serializes a value to pretty-printed JSON bytes.
   *
   * @param value the value
   * @return UTF-8 JSON
   */
  public static byte[] bytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize " + value.getClass().getName(), e);
    }
  }

  /**
   * Serializes a value to pretty-printed JSON text.
   *
   * @param value the value
   * @return the JSON
   */
  public static String text(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize " + value.getClass().getName(), e);
    }
  }

  /**
   * Writes a value as JSON, atomically, as a commit point.
   *
   * @param file the file
   * @param value the value
   */
  public static void write(Path file, Object value) {
    AtomicFiles.write(file, bytes(value));
  }

  /**
   * Writes a value as JSON, atomically, as durable as asked.
   *
   * @param file the file
   * @param value the value
   * @param durability how durable
   */
  public static void write(Path file, Object value, AtomicFiles.Durability durability) {
    AtomicFiles.write(file, bytes(value), durability);
  }

  /**
   * Reads a JSON file into a type, checking its format version.
   *
   * @param file the file
   * @param type the type
   * @param <T> the type
   * @return the value
   * @throws ArtifactException if the file is missing, unreadable, corrupt or of another version
   */
  public static <T> T read(Path file, Class<T> type) {
    JsonNode tree = readTree(file);
    try {
      return MAPPER.treeToValue(tree, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw corrupt(file, e);
    }
  }

  /**
   * Reads a JSON file as a tree, checking its format version when it has one.
   *
   * @param file the file
   * @return the tree
   * @throws ArtifactException if the file is missing, unreadable, corrupt or of another version
   */
  public static JsonNode readTree(Path file) {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ArtifactException(
          "artifact file " + file + " is missing; the run directory is incomplete", e);
    } catch (IOException e) {
      throw new ArtifactException("cannot read artifact file " + file + ": " + e, e);
    }
    JsonNode tree;
    try {
      tree = MAPPER.readTree(content);
    } catch (IOException e) {
      throw corrupt(file, e);
    }
    if (tree == null || tree.isMissingNode()) {
      throw new ArtifactException("artifact file " + file + " is empty (corrupt)");
    }
    JsonNode version = tree.get("formatVersion");
    if (version != null && version.asInt(-1) != FORMAT_VERSION) {
      throw new ArtifactException(
          "artifact file "
              + file
              + " has format version "
              + version
              + ", this Kosmos reads version "
              + FORMAT_VERSION
              + "; resume it with the Kosmos version that wrote it");
    }
    return tree;
  }

  /**
   * Converts a tree to a type, naming the file if that fails.
   *
   * @param file the file the tree came from
   * @param tree the tree
   * @param type the type
   * @param <T> the type
   * @return the value
   */
  public static <T> T convert(Path file, JsonNode tree, Class<T> type) {
    try {
      return MAPPER.treeToValue(tree, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw corrupt(file, e);
    }
  }

  private static ArtifactException corrupt(Path file, Exception e) {
    String detail =
        e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
    return new ArtifactException(
        "artifact file "
            + file
            + " is corrupt ("
            + detail
            + "); nothing else was changed. Restore the file, or delete it if it is a task's"
            + " result.json (the task then runs again, and so does every later cycle) or a file"
            + " under world/ (it is rebuilt from the task results)",
        e);
  }

  /**
   * Reads a UTF-8 text file, naming it if that fails.
   *
   * @param file the file
   * @return its content
   */
  public static String readString(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new ArtifactException("cannot read artifact file " + file + ": " + e, e);
    }
  }
}
