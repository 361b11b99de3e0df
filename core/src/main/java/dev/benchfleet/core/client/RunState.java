package dev.benchfleet.core.client;

import dev.benchfleet.protocol.RunStatus;
import dev.benchfleet.protocol.TaskCounts;
import java.net.URI;
import java.util.Optional;

/**
 * A run as {@code GET /runs/{id}} describes it, as far as the master cares.
 *
 * @param runId    the run id, always a string (18 digits do not fit a double)
 * @param status   {@code running}, {@code completed}, {@code cancelled} or {@code failed}
 * @param tasks    task counts per status
 * @param gzipUrl  where the results archive is, or {@code null} until it exists (see {@link #archiveUrl(URI)})
 */
public record RunState(String runId, String status, TaskCounts tasks, String gzipUrl) {

    /** Whether the orchestrator will not change this run any more. */
    public boolean isFinished() {
        try {
            return RunStatus.fromWire(status).isFinal();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The results archive's absolute URL, resolving a relative one against the orchestrator. */
    public Optional<URI> archiveUrl(URI orchestratorUrl) {
        return gzipUrl == null || gzipUrl.isBlank() ? Optional.empty() : Optional.of(orchestratorUrl.resolve(gzipUrl));
    }
}
