package io.kosmos.cli;

import io.kosmos.architecture.ModuleArchitectureTest;

/**
 * The architecture rules (docs/contributing.md, "Architecture rules") on kosmos-cli's main code.
 */
class ArchitectureTest extends ModuleArchitectureTest {

  @Override
  protected String rootPackage() {
    return "io.kosmos.cli";
  }
}
