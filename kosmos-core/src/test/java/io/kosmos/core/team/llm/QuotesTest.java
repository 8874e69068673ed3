package io.kosmos.core.team.llm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuotesTest {

  @Test
  void quoteMatchingForgivesOnlyCaseSpaceAndTypography() {
    String text = "The ﬁrst  result — a “large” effect – was seen.";
    assertThat(Quotes.find("the first result - a \"large\" effect", text))
        .isEqualTo("The first  result — a “large” effect");
    assertThat(Quotes.find("a large effect", text)).isNull();
    assertThat(Quotes.find("effect – was seen...", text)).isEqualTo("effect – was seen");
  }
}
