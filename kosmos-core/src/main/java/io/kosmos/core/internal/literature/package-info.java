/**
 * The literature of a run: its sources as one cached chain ({@link
 * io.kosmos.core.internal.literature.RunLibrary}), the cache on disk ({@link
 * io.kosmos.core.internal.literature.LiteratureFiles}) and the check of paper citations against it
 * ({@link io.kosmos.core.internal.literature.CachedTexts}).
 */
package io.kosmos.core.internal.literature;
