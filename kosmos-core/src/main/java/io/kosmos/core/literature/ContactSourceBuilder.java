package io.kosmos.core.literature;

import java.util.Map;
import java.util.Objects;

/**
 * The options of a source whose service asks clients for a contact address: OpenAlex's and
 * Crossref's polite pools ({@code mailto}) and NCBI's E-utilities ({@code email}).
 *
 * @param <B> the concrete builder
 */
abstract class ContactSourceBuilder<B extends ContactSourceBuilder<B>> extends SourceBuilder<B> {

  String email;

  ContactSourceBuilder() {}

  /**
   * Sets the contact address the service asks its clients to send: OpenAlex and Crossref put
   * requests that carry one in their polite pool; NCBI asks E-utilities clients for one.
   *
   * @param email the address, not blank
   * @return this builder
   */
  public B email(String email) {
    once("email");
    Objects.requireNonNull(email, "email");
    if (email.isBlank()) {
      throw new IllegalArgumentException("email must not be blank, was '" + email + "'");
    }
    this.email = email.strip();
    return self();
  }

  /**
   * Sets the contact address from the first of the variables that is set and not blank, {@code
   * KOSMOS_CONTACT_EMAIL} last; leaves it unset if none is.
   *
   * @param env the environment
   * @param variables the source's own variables, first to last
   * @return this builder
   */
  final B contactFromEnvironment(Map<String, String> env, String... variables) {
    for (String v : variables) {
      String value = env.get(v);
      if (value != null && !value.isBlank()) {
        return email(value);
      }
    }
    String shared = env.get(LiteratureSources.ENV_CONTACT_EMAIL);
    return shared == null || shared.isBlank() ? self() : email(shared);
  }
}
