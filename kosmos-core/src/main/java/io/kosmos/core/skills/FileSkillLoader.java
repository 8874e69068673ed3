package io.kosmos.core.skills;

import io.kosmos.api.InvalidInputException;
import io.kosmos.api.Skill;
import io.kosmos.api.SkillLoader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SkillLoader} that reads skill folders: each holds a {@code SKILL.md} that starts with
 * YAML front matter ({@code name} and {@code description}, both required) followed by the markdown
 * instructions.
 *
 * <pre>
 * ---
 * name: tabular-statistics
 * description: Choosing and running the right test for a pair of columns of a table.
 * ---
 * # Tabular statistics
 * ...
 * </pre>
 *
 * <p>Skills come from directories on the file system (each searched three levels deep for {@code
 * SKILL.md} files) and from the class path: every {@code META-INF/kosmos/skills.list} resource
 * lists, one per line, the class path resources of the {@code SKILL.md} files its jar ships (so
 * that skills in jars can be found without listing jar contents). kosmos-core ships {@code
 * tabular-statistics} and {@code plotting}. A skill found on the file system replaces a class path
 * skill of the same name. A malformed {@code SKILL.md} fails loading with an {@link
 * InvalidInputException} that names the file and the problem.
 *
 * <p>{@link #select} ranks skills by TF-IDF cosine similarity of the text with each skill's name,
 * description (weighted double) and body. Skills are read once, on first use; the loader is
 * thread-safe.
 */
public final class FileSkillLoader implements SkillLoader {

  private static final Logger LOG = LoggerFactory.getLogger(FileSkillLoader.class);

  /** The class path resource listing the {@code SKILL.md} files of a jar. */
  public static final String INDEX_RESOURCE = "META-INF/kosmos/skills.list";

  private final List<Path> directories;
  private final boolean classpath;
  private final ClassLoader classLoader;
  private volatile SkillIndex index;

  private FileSkillLoader(List<Path> directories, boolean classpath, ClassLoader classLoader) {
    this.directories = List.copyOf(directories);
    this.classpath = classpath;
    this.classLoader = classLoader;
  }

  /**
   * The skills on the class path: those kosmos-core ships and those of other jars.
   *
   * @return the loader
   */
  public static FileSkillLoader classpath() {
    return new FileSkillLoader(List.of(), true, FileSkillLoader.class.getClassLoader());
  }

  /**
   * The skills under these directories, then those on the class path.
   *
   * @param directories folders holding skill folders
   * @return the loader
   */
  public static FileSkillLoader of(List<Path> directories) {
    return new FileSkillLoader(directories, true, FileSkillLoader.class.getClassLoader());
  }

  /**
   * The skills under these directories only.
   *
   * @param directories folders holding skill folders
   * @return the loader
   */
  public static FileSkillLoader directoriesOnly(List<Path> directories) {
    return new FileSkillLoader(directories, false, FileSkillLoader.class.getClassLoader());
  }

  @Override
  public List<Skill> skills() {
    return index().skills();
  }

  @Override
  public List<Skill> select(String text, int limit) {
    Objects.requireNonNull(text, "text");
    if (limit <= 0) {
      return List.of();
    }
    return index().select(text, limit);
  }

  private SkillIndex index() {
    SkillIndex i = index;
    if (i == null) {
      synchronized (this) {
        i = index;
        if (i == null) {
          i = new SkillIndex(load());
          index = i;
        }
      }
    }
    return i;
  }

  private List<Skill> load() {
    Map<String, Skill> byName = new LinkedHashMap<>();
    for (Path dir : directories) {
      if (!Files.isDirectory(dir)) {
        throw new InvalidInputException(
            "skills directory " + dir.toAbsolutePath() + " does not exist or is not a directory");
      }
      List<Path> files;
      try (Stream<Path> walk = Files.walk(dir, 3)) {
        files = walk.filter(p -> p.getFileName().toString().equals("SKILL.md")).sorted().toList();
      } catch (IOException e) {
        throw new InvalidInputException("cannot list skills directory " + dir + ": " + e, e);
      }
      for (Path file : files) {
        String content;
        try {
          content = Files.readString(file);
        } catch (IOException e) {
          throw new InvalidInputException("cannot read skill file " + file + ": " + e, e);
        }
        put(byName, SkillFile.parse(content, file.toAbsolutePath().toString()));
      }
    }
    if (classpath) {
      for (Skill skill : classpathSkills()) {
        if (!byName.containsKey(skill.name())) {
          byName.put(skill.name(), skill);
        }
      }
    }
    return new ArrayList<>(byName.values());
  }

  private static void put(Map<String, Skill> byName, Skill skill) {
    Skill earlier = byName.putIfAbsent(skill.name(), skill);
    if (earlier != null) {
      LOG.warn(
          "skill '{}' of {} ignored: {} has the same name",
          skill.name(),
          skill.source(),
          earlier.source());
    }
  }

  private List<Skill> classpathSkills() {
    Map<String, Skill> byName = new LinkedHashMap<>();
    Enumeration<URL> indexes;
    try {
      indexes = classLoader.getResources(INDEX_RESOURCE);
    } catch (IOException e) {
      throw new InvalidInputException("cannot list " + INDEX_RESOURCE + " resources: " + e, e);
    }
    for (URL url : Collections.list(indexes)) {
      for (String line : read(url).split("\n")) {
        String resource = line.strip();
        if (resource.isEmpty() || resource.startsWith("#")) {
          continue;
        }
        URL skillUrl = classLoader.getResource(resource);
        if (skillUrl == null) {
          skillUrl = besideIndex(url, resource);
        }
        if (skillUrl == null) {
          throw new InvalidInputException(
              url + " lists skill " + resource + ", which is not on the class path");
        }
        put(byName, SkillFile.parse(read(skillUrl), skillUrl.toString()));
      }
    }
    return new ArrayList<>(byName.values());
  }

  /**
   * The listed resource in the jar (or folder) of the index that lists it. On the module path the
   * class loader does not hand out a named module's resources (a folder such as {@code
   * skills/plotting} is one of its packages), but the index and its skills travel together.
   */
  private static @Nullable URL besideIndex(URL index, String resource) {
    String text = index.toString();
    if (!text.endsWith(INDEX_RESOURCE)) {
      return null;
    }
    try {
      URL candidate =
          URI.create(text.substring(0, text.length() - INDEX_RESOURCE.length()) + resource).toURL();
      candidate.openStream().close();
      return candidate;
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }

  private static String read(URL url) {
    try (InputStream in = url.openStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidInputException("cannot read " + url + ": " + e, e);
    }
  }

  @Override
  public String toString() {
    return "FileSkillLoader" + directories + (classpath ? " + class path" : "");
  }
}
