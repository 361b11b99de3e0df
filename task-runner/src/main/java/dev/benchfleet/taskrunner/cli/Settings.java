package dev.benchfleet.taskrunner.cli;

import dev.benchfleet.protocol.ApiKey;
import java.net.URI;

/**
 * Everything the runner needs, validated: the guide's arguments plus the environment knobs.
 *
 * @param orchestratorCertSha256 the pinned certificate's SHA-256 (normalized hex), or null to use the JVM's trust
 */
public record Settings(
        URI orchestratorUrl,
        ApiKey apiKey,
        String runId,
        String provider,
        String instanceType,
        boolean mock,
        boolean debug,
        boolean noExit,
        String orchestratorCertSha256,
        String runnerId,
        Tuning tuning) {
}
