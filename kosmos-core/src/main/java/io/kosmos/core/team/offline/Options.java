package io.kosmos.core.team.offline;

import io.kosmos.core.internal.stats.Synonyms;

/**
 * The offline scientist's settings (see {@link OfflineScientist.Builder} for their meaning and
 * defaults).
 *
 * @param fdr the false discovery rate controlled across the run ({@link
 *     OfflineScientist.Builder#fdr(double)})
 * @param alpha the significance level of single tests ({@link
 *     OfflineScientist.Builder#alpha(double)})
 * @param minN the fewest observations a test may use ({@link OfflineScientist.Builder#minN(int)})
 * @param permutations permutations of the null run for a screening result ({@link
 *     OfflineScientist.Builder#permutations(int)})
 * @param bootstrap bootstrap resamples of a screening result's confidence interval ({@link
 *     OfflineScientist.Builder#bootstrap(int)})
 * @param robustnessResamples resamples and permutations of a robustness follow-up ({@link
 *     OfflineScientist.Builder#robustnessResamples(int)})
 * @param pairsPerTask pairs one screening task tests ({@link
 *     OfflineScientist.Builder#pairsPerTask(int)})
 * @param followUpsPerTask associations one follow-up task examines ({@link
 *     OfflineScientist.Builder#followUpsPerTask(int)})
 * @param maxConfounders the most candidate confounders adjusted for at once ({@link
 *     OfflineScientist.Builder#maxConfounders(int)})
 * @param seed mixed into every random procedure's seed ({@link
 *     OfflineScientist.Builder#seed(long)})
 * @param synonyms the words that name the same thing, for reading the question ({@link
 *     OfflineScientist.Builder#synonyms(java.util.Map)})
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
    long seed,
    Synonyms synonyms) {

  static final Options DEFAULTS =
      new Options(0.05, 0.05, 20, 1000, 1000, 2000, 12, 4, 3, 0, Synonyms.defaults());
}
