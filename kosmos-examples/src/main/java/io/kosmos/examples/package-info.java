/**
 * Short programs that embed Kosmos: {@link io.kosmos.examples.QuickStart} (a run and its report),
 * {@link io.kosmos.examples.TranscriptExecutor} (a custom executor) and {@link
 * io.kosmos.examples.PracticalSignificance} (a custom validator). The test kit's example is {@code
 * RowCounterTest} in this module's tests.
 */
package io.kosmos.examples;
