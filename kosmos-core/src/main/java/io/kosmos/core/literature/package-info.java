/**
 * Literature sources: {@link io.kosmos.core.literature.SemanticScholarSource}, {@link
 * io.kosmos.core.literature.ArxivSource} and {@link io.kosmos.core.literature.PubMedSource} search
 * the public APIs with retries and a polite rate limit; {@link
 * io.kosmos.core.literature.StaticLiteratureSource} searches a fixed list in memory; {@link
 * io.kosmos.core.literature.LiteratureSources} builds the three from the environment.
 */
@NullMarked
package io.kosmos.core.literature;

import org.jspecify.annotations.NullMarked;
