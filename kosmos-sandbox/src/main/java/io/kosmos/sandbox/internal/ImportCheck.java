package io.kosmos.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.kosmos.api.ExecutionResult;
import io.kosmos.api.Output;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds, before a cell runs, the packages it needs that the kernel's environment lacks.
 *
 * <p>The check is an IPython AST transformer installed in the kernel: it walks the cell's syntax
 * tree ({@code ast}) for {@code import} statements, {@code importlib.import_module} and {@code
 * __import__} calls with a constant name, and the {@code %pip install} and {@code !pip install}
 * lines (IPython turns them into calls first). A top-level module that neither is loaded nor can be
 * found, and a pip requirement that is not installed, make the cell fail before any of it runs,
 * with an error named {@link #ERROR_NAME} whose value lists them as JSON; the session then decides
 * (install them, or refuse the cell with a message). Imports guarded by {@code try ... except
 * ImportError} are optional and not reported. A {@code %pip install} of packages already there is
 * replaced by a line saying so: pip inside the kernel never runs, and could not reach a network.
 *
 * <p>This is a convenience, not a boundary: code can remove the transformer, and then gets the
 * usual {@code ModuleNotFoundError}. What the executor installs is decided by its policy, in the
 * JVM.
 */
public final class ImportCheck {

  /** The error a cell fails with when it needs packages the environment lacks. */
  public static final String ERROR_NAME = "KosmosMissingPackages";

  /** The error name of a cell refused because it needs a package the policy does not allow. */
  public static final String REFUSED = "PackageRefused";

  /** The error name of a cell that needs an allowed package that could not be installed. */
  public static final String UNAVAILABLE = "PackageUnavailable";

  private static final String CODE =
      """
      def __kosmos_import_check():
          import ast, importlib.util, json, re, shlex, sys
          from IPython import get_ipython
          from IPython.core.error import InputRejected
          ip = get_ipython()
          if ip is None or any(getattr(t, '_kosmos', False) for t in ip.ast_transformers):
              return

          class KosmosMissingPackages(InputRejected):
              pass

          OPTIONAL = {'ImportError', 'ModuleNotFoundError', 'Exception', 'BaseException'}
          PIP = re.compile(r'(?:^|[\\s/])(?:pip3?|-m\\s+pip)\\s+install\\b(.*)$')

          def const(node):
              return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None

          def optional(handler):
              t = handler.type
              if t is None:
                  return True
              names = t.elts if isinstance(t, ast.Tuple) else [t]
              return any(getattr(n, 'id', getattr(n, 'attr', None)) in OPTIONAL for n in names)

          def present(module):
              if module in sys.modules:
                  return True
              try:
                  return importlib.util.find_spec(module) is not None
              except (ImportError, ValueError):
                  return True

          def installed(requirement):
              m = re.match(r'([A-Za-z0-9][A-Za-z0-9._-]*)\\s*(?:==\\s*([^,;\\s]+))?\\s*$', requirement)
              if not m:
                  return False
              try:
                  # Imported here, at the first pip line: 25 ms of every kernel's start otherwise.
                  import importlib.metadata
                  version = importlib.metadata.version(m.group(1))
              except importlib.metadata.PackageNotFoundError:
                  return False
              return m.group(2) is None or m.group(2) == version

          class Finder(ast.NodeTransformer):
              _kosmos = True

              def visit(self, node):
                  if not isinstance(node, ast.Module):
                      return super().visit(node)
                  self.modules, self.pip, self.unusable, self.pip_calls, self.guarded = [], [], [], [], 0
                  super().visit(node)
                  missing = sorted({m for m in self.modules if not present(m)})
                  wanted = sorted({r for r in self.pip if not installed(r)})
                  if missing or wanted or self.unusable:
                      raise KosmosMissingPackages(json.dumps(
                          {'modules': missing, 'pip': wanted, 'unusable': self.unusable}))
                  return node

              def visit_Try(self, node):
                  guarded = any(optional(h) for h in node.handlers)
                  self.guarded += guarded
                  node.body = [self.visit(child) for child in node.body]
                  self.guarded -= guarded
                  node.handlers = [self.visit(child) for child in node.handlers]
                  node.orelse = [self.visit(child) for child in node.orelse]
                  node.finalbody = [self.visit(child) for child in node.finalbody]
                  return node

              visit_TryStar = visit_Try

              def visit_Import(self, node):
                  if not self.guarded:
                      self.modules += [a.name.split('.')[0] for a in node.names]
                  return node

              def visit_ImportFrom(self, node):
                  if not self.guarded and node.level == 0 and node.module:
                      self.modules.append(node.module.split('.')[0])
                  return node

              def visit_Expr(self, node):
                  line = self.pip_line(node.value)
                  if line is None:
                      return self.generic_visit(node)
                  args = [a for a in shlex.split(line) if a]
                  if any(a.startswith('-') and a not in ('-q', '--quiet', '-U', '--upgrade', '--user')
                         or '/' in a or ':' in a for a in args):
                      self.unusable.append('pip install ' + line.strip())
                  reqs = [a for a in args if not a.startswith('-')]
                  self.pip += reqs
                  text = 'kosmos: already installed: ' + ', '.join(reqs)
                  return ast.copy_location(ast.Expr(ast.Call(
                      ast.Name('print', ast.Load()), [ast.Constant(text)], [])), node)

              def pip_line(self, call):
                  if not isinstance(call, ast.Call):
                      return None
                  f = call.func
                  name = getattr(f, 'attr', getattr(f, 'id', ''))
                  args = [const(a) for a in call.args]
                  if name == 'run_line_magic' and len(args) >= 2 and args[0] in ('pip', 'conda'):
                      text = args[0] + ' ' + (args[1] or '')
                  elif name in ('system', 'getoutput') and args and args[0]:
                      text = args[0]
                  else:
                      return None
                  m = PIP.search(text) if 'install' in text else None
                  if m is None and text.startswith('conda install'):
                      return text[len('conda install'):]
                  return m.group(1) if m else None

              def visit_Call(self, node):
                  f = node.func
                  name = getattr(f, 'attr', getattr(f, 'id', ''))
                  if name in ('import_module', '__import__') and node.args and not self.guarded:
                      module = const(node.args[0])
                      if module and not module.startswith('.'):
                          self.modules.append(module.split('.')[0])
                  return self.generic_visit(node)

          ip.ast_transformers.append(Finder())

      __kosmos_import_check()
      del __kosmos_import_check
      """;

  private ImportCheck() {}

  /**
   * The check's Python code.
   *
   * @return Python source
   */
  public static String code() {
    return CODE;
  }

  /**
   * What a cell needs that the environment lacks, as the kernel reported it.
   *
   * @param modules top-level modules imported but not found
   * @param pip requirements of {@code pip install} lines not installed
   * @param unusable {@code pip install} lines with options, paths or URLs, which are not accepted
   */
  public record Missing(List<String> modules, List<String> pip, List<String> unusable) {

    /** Copies the lists. */
    public Missing {
      modules = List.copyOf(modules);
      pip = List.copyOf(pip);
      unusable = List.copyOf(unusable);
    }
  }

  /** How a session answers a cell that needs packages. */
  public sealed interface Answer {

    /**
     * The cell is not run; its result is an error.
     *
     * @param error the error, named {@code PackageRefused} or {@code PackageUnavailable}
     */
    record Refuse(Output.Error error) implements Answer {}

    /**
     * The session moved to an environment that has the packages: the cell runs again.
     *
     * @param note what was installed and what the move cost, put first in the result
     */
    record RunAgain(String note) implements Answer {}
  }

  /**
   * The report in a result, if the cell failed the check.
   *
   * @param result a cell's result
   * @return what is missing
   */
  static Optional<Missing> missing(ExecutionResult result) {
    Output.Error error = result.error();
    if (error == null || !ERROR_NAME.equals(error.name())) {
      return Optional.empty();
    }
    try {
      JsonNode report = JupyterClient.JSON.readTree(error.value());
      return Optional.of(
          new Missing(
              strings(report.path("modules")),
              strings(report.path("pip")),
              strings(report.path("unusable"))));
    } catch (IOException e) {
      return Optional.of(new Missing(List.of(), List.of(), List.of(error.value())));
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  /**
   * The answer for packages that could not be had where the cell runs.
   *
   * @param missing what is missing
   * @return a refusal named {@code PackageUnavailable}
   */
  static Answer stillMissing(Missing missing) {
    List<String> all = new ArrayList<>(missing.modules());
    all.addAll(missing.pip());
    all.addAll(missing.unusable());
    String message =
        "the cell was not run: it needs "
            + String.join(", ", all)
            + ", which this kernel does not have and this executor cannot install";
    return new Answer.Refuse(new Output.Error(UNAVAILABLE, message, List.of(message)));
  }

  /**
   * The result of a refused cell; the listener hears the error too.
   *
   * @param error the refusal
   * @param listener the cell's listener
   * @param started when the cell was asked for
   * @return the result, status {@code ERROR}
   */
  static ExecutionResult refused(
      Output.Error error, io.kosmos.api.OutputListener listener, java.time.Instant started) {
    try {
      listener.onOutput(error);
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(ImportCheck.class)
          .warn("an OutputListener threw; ignoring it", e);
    }
    return ExecutionResult.builder()
        .output(error)
        .status(ExecutionResult.Status.ERROR)
        .error(error)
        .elapsed(Duration.between(started, java.time.Instant.now()))
        .outputBytes(0)
        .build();
  }

  /**
   * A result with a note put first, on standard error.
   *
   * @param r the result
   * @param note the note
   * @return the result with the note
   */
  static ExecutionResult withNote(ExecutionResult r, String note) {
    ExecutionResult.Builder b = ExecutionResult.builder().output(new Output.Stream("stderr", note));
    r.outputs().forEach(b::output);
    return b.status(r.status())
        .error(r.error())
        .executionCount(r.executionCount())
        .elapsed(r.elapsed())
        .resources(r.resources())
        .outputBytes(r.outputBytes())
        .truncated(r.truncated())
        .kernelRestarted(r.kernelRestarted())
        .build();
  }
}
