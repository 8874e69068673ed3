package io.kosmos.sandbox.internal;

/**
 * The sandbox's own Python, sent as a one-line cell that compiles and runs it: IPython reads every
 * cell through its input transformations (a tokenizer written in Python, line by line) before it
 * parses it, which took about 40 of the 70 ms a new kernel spent running the 400-line setup code
 * ({@code KernelSetup}). A string literal on one line is read at once. Only for code without
 * IPython's own syntax (magics, {@code !} shell lines): the warm-up code, which a user may write,
 * is sent as it is.
 */
public final class PlainCell {

  private PlainCell() {}

  /**
   * A cell that runs the code in the kernel's namespace, as a cell of that code would.
   *
   * @param code plain Python
   * @param name the file name tracebacks show, such as {@code <kosmos-setup>}
   * @return the cell
   */
  public static String of(String code, String name) {
    return "exec(compile(" + KernelFiles.py(code) + ", " + KernelFiles.py(name) + ", 'exec'))";
  }
}
