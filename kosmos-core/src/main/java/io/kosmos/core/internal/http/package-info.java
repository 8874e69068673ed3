/**
 * Internals shared by the language model and literature clients: the retry loop, {@code
 * Retry-After} parsing, the requests-per-minute limiter and secret redaction. Not part of the API:
 * classes here may change in any release.
 */
package io.kosmos.core.internal.http;
