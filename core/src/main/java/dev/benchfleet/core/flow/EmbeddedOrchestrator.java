package dev.benchfleet.core.flow;

import dev.benchfleet.core.spi.Secret;

import java.net.URI;
import java.nio.file.Path;

/**
 * Starts an orchestrator on this machine for {@code --local-orchestrator}. {@code core} has none of
 * its own (it depends on no other module); the embedding application hands one in, e.g. the
 * {@code benchfleet-orchestrator} server.
 */
@FunctionalInterface
public interface EmbeddedOrchestrator {

    /**
     * Starts an orchestrator that accepts {@code apiKey} and keeps its data in {@code dataDir};
     * returns once it is listening.
     */
    Running start(Secret apiKey, Path dataDir) throws Exception;

    /** A started orchestrator; {@link #close()} stops it. */
    interface Running extends AutoCloseable {

        /** Its base URL, e.g. {@code http://127.0.0.1:43121/}. */
        URI url();

        /** Its HTML dashboard. */
        default URI dashboardUrl() {
            return url();
        }

        @Override
        void close();
    }
}
