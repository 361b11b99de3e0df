package dev.benchfleet.taskrunner.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The flags of the provider guide (step 5). Nothing is marked required here: the parser checks
 * presence itself so that every missing flag is named in one message, and so that the API key
 * may also come from the {@code API_KEY} environment variable.
 */
@Command(
        name = "task-runner",
        mixinStandardHelpOptions = true,
        version = "benchfleet task-runner",
        sortOptions = false,
        usageHelpWidth = 100,
        description = {
            "Claims benchmark tasks for one provider and instance type from a Benchfleet orchestrator, "
                + "runs them, uploads the result archives and reports back."
        },
        footer = {
            "",
            "The API key (or the run's runner token) may come from the environment variable API_KEY instead "
                + "of --api-key, which keeps it out of the process list.",
            "Tuning variables (BENCHFLEET_*) are listed in the module's README.md.",
            "",
            "Exit codes: 0 the run has no work left for this instance type; "
                + "1 bad arguments, API key rejected (401), unknown run, or orchestrator unreachable "
                + "for the whole retry window."
        })
final class RunnerOptions {

    @Option(names = "--orchestrator-url", paramLabel = "<url>",
            description = "Base URL of the orchestrator, e.g. http://10.0.0.5:8080")
    String orchestratorUrl;

    @Option(names = "--api-key", paramLabel = "<key>",
            description = "API key for the orchestrator (or env API_KEY)")
    String apiKey;

    @Option(names = "--orchestrator-cert-sha256", paramLabel = "<hex>",
            description = "Trust exactly the orchestrator certificate with this SHA-256 (of its DER bytes; hex, "
                + "colons allowed; or env BENCHFLEET_ORCHESTRATOR_CERT_SHA256): no certificate authority, no host "
                + "name check. Needs an https:// URL")
    String orchestratorCertSha256;

    @Option(names = "--run-id", paramLabel = "<id>", description = "The run to take tasks from")
    String runId;

    @Option(names = "--provider", paramLabel = "<name>", description = "Provider name, e.g. aws, azure, local")
    String provider;

    @Option(names = "--instance-type", paramLabel = "<type>",
            description = "Instance type to claim tasks for (the type, not the alias)")
    String instanceType;

    @Option(names = "--mock", description = "Run the built-in short mock benchmark instead of ruby-bench")
    boolean mock;

    @Option(names = "--debug", description = "Verbose logging; keep each task's work folder and say where")
    boolean debug;

    @Option(names = "--no-exit", description = "Keep polling when the run is done instead of exiting")
    boolean noExit;
}
