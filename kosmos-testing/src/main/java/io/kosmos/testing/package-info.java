/**
 * The test kit for applications that embed Kosmos and for implementers of its interfaces.
 *
 * <ul>
 *   <li>{@link io.kosmos.testing.MockExecutor}: a scripted {@link io.kosmos.api.Executor}, so that
 *       a test of code that runs analyses needs no Docker.
 *   <li>Conformance suites, abstract JUnit 5 classes that an implementation's test extends: {@link
 *       io.kosmos.testing.ExecutorConformance}, {@link io.kosmos.testing.LanguageModelConformance}
 *       and {@link io.kosmos.testing.LiteratureSourceConformance}.
 * </ul>
 */
@NullMarked
package io.kosmos.testing;

import org.jspecify.annotations.NullMarked;
