/**
 * Numbers as printed in text and what the numbers of a report statement stand for: shared by the
 * finding intake (a finding's claim and statistics), the report (a statement's numbers held by its
 * findings) and the verifier (a statement's numbers reproduced by re-executed cells).
 */
@NullMarked
package io.kosmos.core.internal.numbers;

import org.jspecify.annotations.NullMarked;
