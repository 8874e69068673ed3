package io.kosmos.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code kosmos doctor}: says what this machine has and lacks to run Kosmos, with the fix for each
 * thing missing. Exits 1 when something required is missing.
 */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description =
        "Check what this machine has and lacks to run Kosmos (JDK, Docker engine, executor"
            + " image, language model, which literature sources answer) and print the fix for each"
            + " missing piece. With --gateway, check the gateways instead of Docker: each must"
            + " answer with its token and run a kernel that reads a dataset at /data.")
final class DoctorCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin GatewayOptions gateways = new GatewayOptions();

  private final Map<String, String> environment;

  DoctorCommand() {
    this(System.getenv());
  }

  DoctorCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<DoctorCheck> checks = new ArrayList<>();
    checks.add(DoctorCheck.jdk(Runtime.version()));
    if (gateways.given()) {
      checks.addAll(GatewayDiagnosis.run(gateways.gateways(environment, out)));
    } else {
      checks.addAll(DockerDiagnosis.run(environment));
    }
    checks.add(DoctorCheck.languageModel(environment));
    checks.add(DoctorCheck.prices(environment));
    checks.add(
        new DoctorCheck(
            "Literature", DoctorCheck.Status.NOTE, "online sources, as a run asks them:", ""));
    checks.addAll(LiteratureDiagnosis.run(environment));
    out.println("Kosmos doctor");
    for (DoctorCheck check : checks) {
      out.println(check.render());
    }
    long failed = checks.stream().filter(c -> c.status() == DoctorCheck.Status.MISSING).count();
    out.println();
    out.println(
        failed == 0
            ? "Ready: everything Kosmos needs is here."
            : failed + " required piece(s) missing; run the fix shown for each.");
    return failed == 0 ? 0 : 1;
  }
}
