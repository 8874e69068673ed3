package io.kosmos.core.team.offline;

/**
 * The offline scientist's settings (see {@link OfflineScientist.Builder} for their meaning and
 * defaults).
 */
record Options(
    double fdr,
    double alpha,
    int minN,
    int permutations,
    int bootstrap,
    int robustnessResamples,
    int pairsPerTask,
    int followUpsPerTask,
    int maxConfounders,
    long seed) {

  static final Options DEFAULTS = new Options(0.05, 0.05, 20, 1000, 1000, 2000, 12, 4, 3, 0);
}
