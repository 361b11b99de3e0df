package dev.benchfleet.examples.runner;

import dev.benchfleet.core.flow.EmbeddedOrchestrator;
import dev.benchfleet.core.spi.Secret;
import dev.benchfleet.orchestrator.Orchestrator;
import dev.benchfleet.orchestrator.OrchestratorOptions;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code --local-orchestrator}: the {@code benchfleet-orchestrator} server in this JVM, on loopback,
 * on a free port. Containers reach it through {@code --network=host} or {@code host.docker.internal};
 * its URLs follow the host each request came in on.
 */
public final class LocalOrchestrator implements EmbeddedOrchestrator {

    private final Duration heartbeatTimeout;

    public LocalOrchestrator(Duration heartbeatTimeout) {
        this.heartbeatTimeout = heartbeatTimeout;
    }

    @Override
    public Running start(Secret apiKey, Path dataDir) {
        Orchestrator orchestrator = Orchestrator.start(OrchestratorOptions.builder()
                .bindAddress("127.0.0.1")
                .port(0)
                .apiKey(apiKey.reveal())
                .dataDir(dataDir)
                .heartbeatTimeout(heartbeatTimeout)
                .retryAfterSeconds(1)
                .build());
        return new Running() {
            @Override
            public URI url() {
                return orchestrator.url();
            }

            @Override
            public URI dashboardUrl() {
                return orchestrator.dashboardUrl();
            }

            @Override
            public void close() {
                orchestrator.close();
            }
        };
    }
}
