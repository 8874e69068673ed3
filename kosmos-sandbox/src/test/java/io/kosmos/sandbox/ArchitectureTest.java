package io.kosmos.sandbox;

import io.kosmos.architecture.ModuleArchitectureTest;

/**
 * The architecture rules (docs/contributing.md, "Architecture rules") on kosmos-sandbox's main
 * code.
 */
class ArchitectureTest extends ModuleArchitectureTest {

  @Override
  protected String rootPackage() {
    return "io.kosmos.sandbox";
  }
}
