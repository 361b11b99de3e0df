package dev.benchfleet.taskrunner.cli;

import dev.benchfleet.protocol.ApiKey;
import java.net.URI;

/** Everything the runner needs, validated: the guide's arguments plus the environment knobs. */
public record Settings(
        URI orchestratorUrl,
        ApiKey apiKey,
        String runId,
        String provider,
        String instanceType,
        boolean mock,
        boolean debug,
        boolean noExit,
        String runnerId,
        Tuning tuning) {
}
