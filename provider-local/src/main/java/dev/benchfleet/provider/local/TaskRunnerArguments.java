package dev.benchfleet.provider.local;

import dev.benchfleet.core.spi.ProviderContext;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The guide's task runner arguments (step 5), plus the certificate pin when the orchestrator has one.
 * The credential is not among them: the run's runner token travels in the runner's environment as
 * {@code API_KEY}, so it never shows in a process list.
 */
final class TaskRunnerArguments {

    /** The environment variable the task runner reads its credential (here: the run's runner token) from. */
    static final String API_KEY_VARIABLE = "API_KEY";
    /**
     * The task runner's {@code BENCHFLEET_RUN_WAIT}: runners start while the orchestrator comes up,
     * before the run exists, and ask for it again until it does (the orchestrator's own start is
     * bounded by the flow's ready timeout; this is only the runners' patience).
     */
    static final String RUN_WAIT_VARIABLE = "BENCHFLEET_RUN_WAIT";
    static final String RUN_WAIT = "5m";

    private TaskRunnerArguments() {
    }

    static List<String> of(ProviderContext context, URI orchestratorUrl, RunnerSpec runner) {
        List<String> args = new ArrayList<>(List.of(
                "--orchestrator-url", orchestratorUrl.toString(),
                "--run-id", context.runId(),
                "--provider", context.provider(),
                "--instance-type", runner.instanceType()));
        context.orchestratorCertSha256().ifPresent(pin -> args.addAll(List.of("--orchestrator-cert-sha256", pin)));
        if (context.flags().mock()) {
            args.add("--mock");
        }
        if (context.flags().debug()) {
            args.add("--debug");
            args.add("--no-exit");
        }
        return args;
    }
}
