package dev.benchfleet.core.client;

import java.net.URI;
import java.util.Optional;

/**
 * A run as {@code GET /runs/{id}} describes it.
 *
 * @param runId    the run id, always a string (18 digits do not fit a double)
 * @param status   {@code running}, {@code completed}, {@code cancelled} or {@code failed}
 * @param tasks    task counts per status
 * @param gzipUrl  where the results archive is, or {@code null} until it exists (see {@link #archiveUrl(URI)})
 */
public record RunState(String runId, String status, TaskCounts tasks, String gzipUrl) {

    /** Whether the orchestrator will not change this run any more. */
    public boolean isFinished() {
        return "completed".equals(status) || "cancelled".equals(status) || "failed".equals(status);
    }

    /** The results archive's absolute URL, resolving a relative one against the orchestrator. */
    public Optional<URI> archiveUrl(URI orchestratorUrl) {
        return gzipUrl == null || gzipUrl.isBlank() ? Optional.empty() : Optional.of(orchestratorUrl.resolve(gzipUrl));
    }

    /**
     * Task counts of a run.
     *
     * @param cancelled 0 when the orchestrator does not report it
     */
    public record TaskCounts(int total, int pending, int claimed, int running, int completed, int failed,
                             int cancelled) {

        /** Tasks no runner works on yet or any more: completed, failed or cancelled. */
        public int done() {
            return completed + failed + cancelled;
        }
    }
}
