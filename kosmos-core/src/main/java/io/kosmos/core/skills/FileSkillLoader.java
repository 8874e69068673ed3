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
 * A {@link SkillLoader} that reads skill folders in the Agent Skills format: each holds a {@code
 * SKILL.md} that starts with YAML front matter ({@code name} and {@code description}, both
 * required; any other key, such as {@code license}, {@code allowed-tools}, {@code compatibility} or
 * a nested {@code metadata} map, is kept in {@link Skill#frontMatter()}) followed by the markdown
 * instructions, and optionally further files ({@code references/}, {@code scripts/}, {@code
 * assets/}) that the instructions point to.
 *
 * <pre>
 * ---
 * name: tabular-statistics
 * description: Choosing and running the right test for a pair of columns of a table.
 * license: Apache-2.0
 * metadata:
 *   version: "1.2"
 *   tags: [statistics, tables]
 * ---
 * # Tabular statistics
 * ... see references/tests.md for the table of tests ...
 * </pre>
 *
 * <p>Skills come from directories on the file system (each searched {@value #DEPTH} levels deep for
 * {@code SKILL.md} files) and from the class path: every {@code META-INF/kosmos/skills.list}
 * resource lists, one per line, the class path resources of the {@code SKILL.md} files its jar
 * ships and of their further files (so that skills in jars can be found without listing jar
 * contents). kosmos-core ships {@code tabular-statistics} and {@code plotting}. A skill found on
 * the file system replaces a class path skill of the same name.
 *
 * <p>A {@code SKILL.md} that cannot be read or parsed is skipped, never failing the others: a
 * warning names the file, the line and the problem, and {@link #problems()} lists them. A directory
 * that does not exist fails with an {@link InvalidInputException}.
 *
 * <p>A skill's further files are listed in {@link Skill#files()} (at most {@value #MAX_FILES}, none
 * hidden) and read with {@link #readFile}, which refuses any path that is not one of them. {@link
 * #select} ranks skills by TF-IDF cosine similarity of the text with each skill's name, description
 * (weighted double) and body. Skills are read once, on first use; the loader is thread-safe.
 */
public final class FileSkillLoader implements SkillLoader {

  private static final Logger LOG = LoggerFactory.getLogger(FileSkillLoader.class);

  /** The class path resource listing the {@code SKILL.md} files of a jar. */
  public static final String INDEX_RESOURCE = "META-INF/kosmos/skills.list";

  /** How deep directories are searched for {@code SKILL.md} files. */
  public static final int DEPTH = 4;

  /** Most further files listed for one skill. */
  public static final int MAX_FILES = 200;

  /** Largest further file {@link #readFile} reads, in bytes. */
  public static final long MAX_FILE_BYTES = 512 * 1024;

  private final List<Path> directories;
  private final boolean classpath;
  private final ClassLoader classLoader;
  private volatile SkillIndex index;
  private final List<String> problems = new java.util.concurrent.CopyOnWriteArrayList<>();

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

  /**
   * The skill files that were skipped, and why: each names the file, the line and the problem.
   * Reading the skills (any call of {@link #skills()} or {@link #select}) fills it.
   *
   * @return the problems, in the order found
   */
  public List<String> problems() {
    index();
    return List.copyOf(problems);
  }

  @Override
  public String readFile(Skill skill, String path) {
    Objects.requireNonNull(skill, "skill");
    Objects.requireNonNull(path, "path");
    if (!skill.files().contains(path)) {
      throw new InvalidInputException(
          "skill '"
              + skill.name()
              + "' has no file "
              + path
              + (skill.files().isEmpty()
                  ? "; it has none besides SKILL.md"
                  : "; its files are " + skill.files()));
    }
    String source = skill.source();
    try {
      if (source.matches("^[a-z][a-z0-9+.-]*:.*") && !Files.exists(Path.of(source))) {
        // a class path skill: its files sit beside its SKILL.md in the same jar or folder
        String base = source.substring(0, source.lastIndexOf('/') + 1);
        return read(URI.create(base + path).toURL());
      }
      Path dir = Path.of(source).toAbsolutePath().getParent();
      Path file = dir.resolve(path).normalize();
      if (!file.startsWith(dir) || Files.isSymbolicLink(file)) {
        throw new InvalidInputException("skill file " + path + " is outside its skill's folder");
      }
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new InvalidInputException(
            "skill file " + file + " is over " + (MAX_FILE_BYTES / 1024) + " KiB");
      }
      return Files.readString(file);
    } catch (IOException | IllegalArgumentException e) {
      throw new InvalidInputException(
          "cannot read file " + path + " of skill '" + skill.name() + "': " + e.getMessage(), e);
    }
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
      try (Stream<Path> walk = Files.walk(dir, DEPTH)) {
        files = walk.filter(p -> p.getFileName().toString().equals("SKILL.md")).sorted().toList();
      } catch (IOException | java.io.UncheckedIOException e) {
        throw new InvalidInputException("cannot list skills directory " + dir + ": " + e, e);
      }
      for (Path file : files) {
        try {
          String content = Files.readString(file);
          put(
              byName,
              SkillFile.parse(content, file.toAbsolutePath().toString(), furtherFiles(file)));
        } catch (IOException e) {
          skip("cannot read skill file " + file.toAbsolutePath() + ": " + e.getMessage());
        } catch (InvalidInputException e) {
          skip(e.getMessage());
        }
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

  private void skip(String problem) {
    problems.add(problem);
    LOG.warn("{}; the skill is skipped, the others are loaded", problem);
  }

  /**
   * The files of a skill's folder besides {@code SKILL.md}, relative to it: none hidden, none in a
   * folder that holds a skill of its own.
   */
  private static List<String> furtherFiles(Path skillFile) throws IOException {
    Path dir = skillFile.toAbsolutePath().getParent();
    List<String> out = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir, DEPTH)) {
      for (Path p : walk.sorted().toList()) {
        Path rel = dir.relativize(p);
        if (!Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
            || rel.toString().equals("SKILL.md")
            || hidden(rel)
            || nestedSkill(dir, p)) {
          continue;
        }
        if (out.size() == MAX_FILES) {
          break;
        }
        out.add(rel.toString().replace('\\', '/'));
      }
    }
    return out;
  }

  private static boolean hidden(Path rel) {
    for (Path part : rel) {
      if (part.toString().startsWith(".") || part.toString().equals("__pycache__")) {
        return true;
      }
    }
    return false;
  }

  private static boolean nestedSkill(Path dir, Path file) {
    for (Path p = file.getParent(); p != null && !p.equals(dir); p = p.getParent()) {
      if (Files.exists(p.resolve("SKILL.md"))) {
        return true;
      }
    }
    return false;
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
    // a jar's skills.list names its skills' SKILL.md files and their further files
    Map<String, Skill> byName = new LinkedHashMap<>();
    Enumeration<URL> indexes;
    try {
      indexes = classLoader.getResources(INDEX_RESOURCE);
    } catch (IOException e) {
      throw new InvalidInputException("cannot list " + INDEX_RESOURCE + " resources: " + e, e);
    }
    for (URL url : Collections.list(indexes)) {
      List<String> listed = new ArrayList<>();
      for (String line : read(url).split("\n")) {
        String resource = line.strip();
        if (!resource.isEmpty() && !resource.startsWith("#")) {
          listed.add(resource);
        }
      }
      for (String resource : listed) {
        if (!resource.endsWith("/SKILL.md") && !resource.equals("SKILL.md")) {
          continue;
        }
        URL skillUrl = classLoader.getResource(resource);
        if (skillUrl == null) {
          skillUrl = besideIndex(url, resource);
        }
        if (skillUrl == null) {
          skip(url + " lists skill " + resource + ", which is not on the class path");
          continue;
        }
        String folder = resource.substring(0, resource.length() - "SKILL.md".length());
        List<String> files =
            listed.stream()
                .filter(r -> r.startsWith(folder) && !r.equals(resource))
                .map(r -> r.substring(folder.length()))
                .toList();
        try {
          put(byName, SkillFile.parse(read(skillUrl), skillUrl.toString(), files));
        } catch (InvalidInputException e) {
          skip(e.getMessage());
        }
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
