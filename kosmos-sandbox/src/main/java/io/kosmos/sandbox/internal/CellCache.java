package io.kosmos.sandbox.internal;

/**
 * Lets a kernel run a large cell it has run before without reading it again: IPython's input
 * transformation, the parse to a syntax tree and the check whether the cell needs an event loop are
 * remembered for cells of {@value #MIN_CHARS} characters or more, keyed by the SHA-256 of their
 * text (and, for the parse, the compiler's flags). The cell is still compiled and run every time:
 * the tree is handed out as a fresh copy (AST transformers such as {@link ImportCheck} may change
 * it), tracebacks name the cell's own lines, and a cell that differs by one character is read anew.
 *
 * <p>It is for the helper cells a data analyst runs first in every task (the offline scientist's
 * are 2,500 lines): IPython reads such a cell in about 0.7 s before running it, in a kernel that a
 * run keeps for its next task ({@code PoolOptions.keepKernel}) again and again. The memory holds at
 * most eight cells. Like any state of a kept kernel it is shared only by the tasks of one run (see
 * docs/security-model.md). The sandbox installs it with the output guard and the import check
 * ({@code KernelSetup}).
 *
 * <p>The same code keeps IPython's input history in memory, where {@code In}, {@code Out} and
 * {@code %history} read it, instead of having a background thread write every cell to IPython's
 * SQLite file at once (1.4 ms of the kernel's CPU per cell on the benchmark's machine, a third of a
 * trivial cell); the file gets the history when the kernel exits.
 */
public final class CellCache {

  /** The smallest cell, in characters, whose reading is remembered. */
  public static final int MIN_CHARS = 20_000;

  private static final String CODE =
      """
      def __kosmos_cell_cache():
          import hashlib, pickle
          from IPython import get_ipython
          ip = get_ipython()
          if ip is None or getattr(ip, '_kosmos_cell_cache', False):
              return
          MIN_CHARS = %d
          LIMIT = 8
          stores = {'transform': {}, 'tree': {}, 'async': {}}
          transform_cell = ip.transform_cell
          should_run_async = ip.should_run_async
          ast_parse = ip.compile.ast_parse

          def remembered(store, key, make):
              found = stores[store].get(key)
              if found is None:
                  found = make()
                  if len(stores[store]) >= LIMIT:
                      stores[store].clear()
                  stores[store][key] = found
              return found

          def digest(text):
              return hashlib.sha256(text.encode('utf-8', 'surrogatepass')).digest()

          def cached_transform_cell(raw_cell):
              if len(raw_cell) < MIN_CHARS:
                  return transform_cell(raw_cell)
              return remembered('transform', digest(raw_cell), lambda: transform_cell(raw_cell))

          def cached_should_run_async(raw_cell, *, transformed_cell=None, preprocessing_exc_tuple=None):
              def ask():
                  return should_run_async(raw_cell, transformed_cell=transformed_cell,
                                          preprocessing_exc_tuple=preprocessing_exc_tuple)
              if (len(raw_cell) < MIN_CHARS or preprocessing_exc_tuple is not None
                      or transformed_cell is None):
                  return ask()
              return remembered('async', (ip.autoawait, digest(transformed_cell)), ask)

          def cached_ast_parse(source, filename='<unknown>', symbol='exec'):
              if len(source) < MIN_CHARS or symbol != 'exec':
                  return ast_parse(source, filename, symbol)
              key = (ip.compile.flags, digest(source))
              if key in stores['tree']:
                  return pickle.loads(stores['tree'][key])
              tree = ast_parse(source, filename, symbol)
              remembered('tree', key, lambda: pickle.dumps(tree, protocol=pickle.HIGHEST_PROTOCOL))
              return tree

          ip.transform_cell = cached_transform_cell
          ip.should_run_async = cached_should_run_async
          ip.compile.ast_parse = cached_ast_parse
          history = getattr(ip, 'history_manager', None)
          if history is not None and hasattr(history, 'db_cache_size'):
              # Written at exit, not after every cell (In, Out and %%history read the memory).
              history.db_cache_size = 1 << 30
          ip._kosmos_cell_cache = True
      __kosmos_cell_cache()
      del __kosmos_cell_cache
      """
          .formatted(MIN_CHARS);

  private CellCache() {}

  /**
   * The cache's Python code.
   *
   * @return Python source
   */
  public static String code() {
    return CODE;
  }
}
