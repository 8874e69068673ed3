package io.kosmos.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** The JSON of the Jupyter protocol, as the REST client and the ZeroMQ channel read it. */
final class ProtocolJson {

  private ProtocolJson() {}

  /**
   * Reads and writes the protocol's JSON. Jackson's default cap on one string (20 million
   * characters) would make a large output vanish unread instead of being kept or cut at the output
   * cap; sizes are bounded where messages are received instead (the ZeroMQ channel skips frames
   * past its limit).
   */
  static final ObjectMapper JSON =
      new ObjectMapper(
          com.fasterxml.jackson.core.JsonFactory.builder()
              .streamReadConstraints(
                  com.fasterxml.jackson.core.StreamReadConstraints.builder()
                      .maxStringLength(Integer.MAX_VALUE)
                      .build())
              .build());

  /**
   * Parses a message part as JSON. Invalid UTF-8 (jupyter_client sends a Python string's lone
   * surrogates as undecodable bytes) is read as U+FFFD, so that the valid text around it is kept.
   *
   * @param bytes the part
   * @return the tree
   * @throws IOException if it is not JSON even so
   */
  static JsonNode parseLenient(byte[] bytes) throws IOException {
    try {
      return JSON.readTree(bytes);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      String decoded = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
      if (decoded.indexOf('\uFFFD') < 0) {
        throw e;
      }
      return JSON.readTree(decoded);
    }
  }
}
