package io.kosmos.sandbox;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The decisions of {@link PackageOptions}: which distribution a module comes from, whether a
 * distribution is denied (and why) or allowed.
 */
final class PackagePolicy {

  /**
   * Modules whose distribution has another name. Everything else is taken to come from the
   * distribution named like the module (as most do).
   */
  static final Map<String, String> DISTRIBUTION_OF_MODULE =
      Map.ofEntries(
          Map.entry("sklearn", "scikit-learn"),
          Map.entry("skimage", "scikit-image"),
          Map.entry("sksurv", "scikit-survival"),
          Map.entry("scikit_posthocs", "scikit-posthocs"),
          Map.entry("skbio", "scikit-bio"),
          Map.entry("imblearn", "imbalanced-learn"),
          Map.entry("umap", "umap-learn"),
          Map.entry("cv2", "opencv-python-headless"),
          Map.entry("PIL", "pillow"),
          Map.entry("yaml", "pyyaml"),
          Map.entry("Bio", "biopython"),
          Map.entry("bs4", "beautifulsoup4"),
          Map.entry("igraph", "python-igraph"),
          Map.entry("community", "python-louvain"),
          Map.entry("adjustText", "adjusttext"),
          Map.entry("matplotlib_venn", "matplotlib-venn"),
          Map.entry("netCDF4", "netcdf4"),
          Map.entry("dateutil", "python-dateutil"),
          Map.entry("attr", "attrs"),
          Map.entry("google", "protobuf"),
          Map.entry("Crypto", "pycryptodome"),
          Map.entry("OpenSSL", "pyopenssl"),
          Map.entry("fitz", "pymupdf"),
          Map.entry("docx", "python-docx"),
          Map.entry("pptx", "python-pptx"),
          Map.entry("Levenshtein", "python-levenshtein"),
          Map.entry("jose", "python-jose"),
          Map.entry("dotenv", "python-dotenv"),
          Map.entry("magic", "python-magic"),
          Map.entry("serial", "pyserial"),
          Map.entry("usb", "pyusb"),
          Map.entry("zmq", "pyzmq"),
          Map.entry("IPython", "ipython"),
          Map.entry("jupyter_client", "jupyter-client"),
          Map.entry("jupyter_server", "jupyter-server"),
          Map.entry("jupyter_core", "jupyter-core"),
          Map.entry("mpl_toolkits", "matplotlib"),
          Map.entry("pkg_resources", "setuptools"),
          Map.entry("tables", "tables"),
          Map.entry("statannotations", "statannotations"),
          Map.entry("mordred", "mordred"));

  private final PackageOptions options;

  PackagePolicy(PackageOptions options) {
    this.options = options;
  }

  PackageOptions options() {
    return options;
  }

  /**
   * The distribution a top-level module most likely comes from.
   *
   * @param module a top-level module name, as imported
   * @return the normalized distribution name
   */
  static String distributionOf(String module) {
    return Requirement.normalize(DISTRIBUTION_OF_MODULE.getOrDefault(module, module));
  }

  /**
   * Why a distribution is denied.
   *
   * @param distribution a normalized name
   * @return the reason, or empty if it is not denied
   */
  Optional<String> denial(String distribution) {
    for (Map.Entry<String, String> entry : options.denied().entrySet()) {
      if (matches(entry.getKey(), distribution)) {
        return Optional.of(entry.getValue());
      }
    }
    return Optional.empty();
  }

  /**
   * Whether a distribution may be asked for.
   *
   * @param distribution a normalized name
   * @return {@code true} if the allow-list has it and the deny-list does not
   */
  boolean allowed(String distribution) {
    if (denial(distribution).isPresent()) {
      return false;
    }
    for (String pattern : options.allowed()) {
      if (matches(pattern, distribution)) {
        return true;
      }
    }
    return false;
  }

  /** The deny-list's patterns, for the build to check every distribution it would install. */
  List<String> deniedPatterns() {
    return List.copyOf(options.denied().keySet());
  }

  private static boolean matches(String pattern, String distribution) {
    return pattern.endsWith("*")
        ? distribution.startsWith(pattern.substring(0, pattern.length() - 1))
        : pattern.equals(distribution);
  }
}
