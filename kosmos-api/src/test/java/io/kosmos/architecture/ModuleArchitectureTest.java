package io.kosmos.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.LineMap;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The architecture rules every Kosmos module is held to, checked on its own main code. A module's
 * tests extend this class in a short {@code ArchitectureTest} that names the module's root package;
 * see docs/contributing.md, "Architecture rules". There are no exceptions to list.
 *
 * <ul>
 *   <li>No package cycles within the module (ArchUnit slices, one slice per package).
 *   <li>No class of the module depends on an {@code ..internal..} package of another module: those
 *       packages are not exported (module-info) and may change in any release.
 *   <li>Size limits: no source file over {@value #MAX_FILE_LINES} physical lines, no method or
 *       constructor over {@value #MAX_METHOD_LINES} lines from its first modifier (annotations
 *       included) to its closing brace; javadoc is not counted. Measured on the parse tree of the
 *       JDK's own compiler.
 * </ul>
 *
 * <p>The rules read {@code target/classes} and {@code src/main/java} of the module under test
 * (Surefire runs a module's tests in its directory), so they see exactly the module's main code.
 */
public abstract class ModuleArchitectureTest {

  /** The longest a source file may be, in physical lines. */
  public static final int MAX_FILE_LINES = 500;

  /** The longest a method or constructor may be, in lines, javadoc not counted. */
  public static final int MAX_METHOD_LINES = 80;

  /** Creates the test; the subclass names the module. */
  protected ModuleArchitectureTest() {}

  /**
   * The module's root package, for example {@code io.kosmos.core}.
   *
   * @return the package every class of the module lives in or under
   */
  protected abstract String rootPackage();

  private static Path moduleDir() {
    return Path.of(System.getProperty("basedir", "."));
  }

  private JavaClasses mainClasses() {
    Path classes = moduleDir().resolve("target/classes");
    assertThat(classes).as("compiled main classes").isDirectory();
    return new ClassFileImporter().importPath(classes);
  }

  @Test
  void packagesHaveNoCycles() {
    String root = rootPackage();
    JavaClasses classes = mainClasses();
    // One slice per package of the module, the root package included.
    slices()
        .matching(root.substring(0, root.lastIndexOf('.')) + ".(**)")
        .should()
        .beFreeOfCycles()
        .check(classes);
  }

  /** Every dependency between outer classes, as {@code Origin -> Target}. */
  private static Set<String> dependencies(JavaClasses classes) {
    Set<String> out = new TreeSet<>();
    for (var javaClass : classes) {
      for (var dependency : javaClass.getDirectDependenciesFromSelf()) {
        out.add(
            outer(javaClass.getName())
                + " -> "
                + outer(dependency.getTargetClass().getBaseComponentType().getName()));
      }
    }
    return out;
  }

  private static String outer(String className) {
    return className.replaceFirst("\\$.*", "");
  }

  @Test
  void nothingDependsOnAnotherModulesInternals() {
    String root = rootPackage();
    Set<String> offenders = new TreeSet<>();
    for (String dependency : dependencies(mainClasses())) {
      String target = dependency.substring(dependency.indexOf(" -> ") + 4);
      String pkg = target.contains(".") ? target.substring(0, target.lastIndexOf('.')) : "";
      boolean foreign = !pkg.equals(root) && !pkg.startsWith(root + ".");
      if (foreign && pkg.startsWith("io.kosmos.") && isInternal(pkg)) {
        offenders.add(dependency);
      }
    }
    assertThat(offenders)
        .as("classes of %s that depend on another module's internal packages", root)
        .isEmpty();
  }

  private static boolean isInternal(String pkg) {
    return pkg.endsWith(".internal") || pkg.contains(".internal.");
  }

  @Test
  void sourceFilesAndMethodsStayWithinTheSizeLimits() {
    Path sources = moduleDir().resolve("src/main/java");
    assertThat(SizeReport.of(sources).offenders())
        .as(
            "files over %d lines or methods over %d lines (split them; see docs/contributing.md)",
            MAX_FILE_LINES, MAX_METHOD_LINES)
        .isEmpty();
  }

  /** The sizes of a source tree, measured on the javac parse tree. */
  public static final class SizeReport {
    private final List<String> offenders = new ArrayList<>();

    private SizeReport() {}

    /**
     * Measures every {@code .java} file under a source root.
     *
     * @param sourceRoot for example {@code src/main/java}
     * @return the report
     */
    public static SizeReport of(Path sourceRoot) {
      SizeReport report = new SizeReport();
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null);
          Stream<Path> walk = Files.walk(sourceRoot)) {
        for (Path file : walk.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
          report.measure(javac, files, sourceRoot, file);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return report;
    }

    /**
     * The key of a file over the limit: {@code FILE path}.
     *
     * @param path the file, relative to the source root, with {@code /}
     * @return the key
     */
    public static String key(String path) {
      return "FILE " + path;
    }

    /**
     * The key of a method over the limit: {@code METHOD path Class.method}, nested classes joined
     * with dots; overloads share a key.
     *
     * @param path the file, relative to the source root, with {@code /}
     * @param method the enclosing classes and the method's name ({@code <init>} for constructors)
     * @return the key
     */
    public static String key(String path, String method) {
      return "METHOD " + path + " " + method;
    }

    /**
     * What is over a limit, as keys.
     *
     * @return the offenders
     */
    public List<String> offenders() {
      return List.copyOf(offenders);
    }

    private void measure(JavaCompiler javac, StandardJavaFileManager files, Path root, Path file)
        throws IOException {
      String path = root.relativize(file).toString().replace('\\', '/');
      long lines;
      try (Stream<String> s = Files.lines(file)) {
        lines = s.count();
      }
      if (lines > MAX_FILE_LINES) {
        offenders.add(key(path));
      }
      JavacTask task =
          (JavacTask)
              javac.getTask(
                  null,
                  files,
                  d -> {},
                  List.of("-proc:none"),
                  null,
                  files.getJavaFileObjects(file));
      CompilationUnitTree unit = task.parse().iterator().next();
      SourcePositions positions = Trees.instance(task).getSourcePositions();
      LineMap lineMap = unit.getLineMap();
      Deque<String> classes = new ArrayDeque<>();
      new TreePathScanner<Void, Void>() {
        @Override
        public Void visitClass(ClassTree node, Void unused) {
          String name = node.getSimpleName().toString();
          classes.addLast(name.isEmpty() ? "<anonymous>" : name);
          try {
            return super.visitClass(node, unused);
          } finally {
            classes.removeLast();
          }
        }

        @Override
        public Void visitMethod(MethodTree node, Void unused) {
          long start = positions.getStartPosition(unit, node);
          long end = positions.getEndPosition(unit, node);
          if (start >= 0 && end >= 0) {
            long length = lineMap.getLineNumber(end) - lineMap.getLineNumber(start) + 1;
            if (length > MAX_METHOD_LINES) {
              offenders.add(key(path, String.join(".", classes) + "." + node.getName()));
            }
          }
          return super.visitMethod(node, unused);
        }
      }.scan(unit, null);
    }
  }
}
