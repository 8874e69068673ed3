package io.kosmos.core;

import io.kosmos.architecture.ModuleArchitectureTest;

/**
 * The architecture rules (docs/contributing.md, "Architecture rules") on kosmos-core's main code.
 */
class ArchitectureTest extends ModuleArchitectureTest {

  @Override
  protected String rootPackage() {
    return "io.kosmos.core";
  }
}
