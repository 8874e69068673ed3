/**
 * What the HTTP clients of Kosmos share in their public API: {@link
 * io.kosmos.core.http.TransportOptions}, the time limits, retries and rate limits that the language
 * model clients ({@code io.kosmos.core.llm}) and the literature sources ({@code
 * io.kosmos.core.literature}) take through {@code transport(TransportOptions)}.
 *
 * <p>The machinery behind it (the retry loop, {@code Retry-After}, the rate limiter, redaction) is
 * in {@code io.kosmos.core.internal.http} and is not part of the API.
 */
@NullMarked
package io.kosmos.core.http;

import org.jspecify.annotations.NullMarked;
