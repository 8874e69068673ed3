/**
 * The public API of Kosmos: interfaces and immutable values, nothing outside the JDK.
 *
 * <p>The JSpecify annotations ({@code @NullMarked}, {@code @Nullable}) are read by compilers and
 * null checkers only: required at compile time (and passed on to every module that reads this one),
 * optional at run time.
 *
 * <p>Jackson, in {@code kosmos-core}, writes and reads the records of this package as the JSON of a
 * run directory. They are all public, so exporting the package is enough; it is not opened.
 */
module io.kosmos.api {
  requires static transitive org.jspecify;

  exports io.kosmos.api;
}
