package io.kosmos.core.internal.agents;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a component of a structured-output record that the model may leave {@code null}; {@link
 * io.kosmos.core.llm.StructuredOutput#schemaFor(Class)} then allows {@code null} in the schema.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({
  ElementType.RECORD_COMPONENT,
  ElementType.METHOD,
  ElementType.FIELD,
  ElementType.PARAMETER
})
public @interface Nullable {}
