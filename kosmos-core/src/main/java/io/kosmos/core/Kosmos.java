package io.kosmos.core;

/**
 * The entry point of Kosmos: {@code Kosmos.workflow()} starts a {@link WorkflowBuilder} for a
 * research run.
 *
 * <pre>{@code
 * try (ResearchWorkflow workflow = Kosmos.workflow()
 *         .objective("What drives disease progression in this cohort?")
 *         .dataset(Path.of("diabetes.csv"))
 *         .artifactsDir(Path.of("runs/diabetes"))
 *         .executor(executor)
 *         .agents(agents)
 *         .build()) {
 *     ResearchResult result = workflow.run(5, 10);
 *     System.out.println(workflow.report().markdown());
 * }
 * }</pre>
 */
public final class Kosmos {

  private Kosmos() {}

  /**
   * Starts building a research workflow.
   *
   * @return a new builder
   */
  public static WorkflowBuilder workflow() {
    return new WorkflowBuilder();
  }
}
