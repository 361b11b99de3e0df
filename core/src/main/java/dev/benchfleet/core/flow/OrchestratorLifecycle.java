package dev.benchfleet.core.flow;

import dev.benchfleet.core.client.OrchestratorClient;
import dev.benchfleet.core.error.BenchfleetException;
import dev.benchfleet.core.error.ExternalException;
import dev.benchfleet.core.host.HostContext;
import dev.benchfleet.core.host.OrchestratorEndpoint;
import dev.benchfleet.core.host.OrchestratorHost;
import dev.benchfleet.core.journal.JournalEndpoint;
import dev.benchfleet.core.journal.RunJournal;
import dev.benchfleet.core.spi.CancellationToken;
import dev.benchfleet.core.status.RunStatusFile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The orchestrator's side of a run, and nothing else: provision it through its host, record the
 * endpoint (journal with the key, status file without), build the client (pinned when there is a
 * fingerprint) when asked, await {@code GET /up} in the background, and let go of it at the end.
 */
final class OrchestratorLifecycle implements AutoCloseable {

    private static final Duration UP_POLL = Duration.ofMillis(200);

    private final OrchestratorHost host;
    private final HostContext context;
    private final RunJournal journal;
    private final RunStatusFile status;
    private final FlowListener listener;
    private OrchestratorHost.RunningOrchestrator running;
    private OrchestratorClient client;

    OrchestratorLifecycle(OrchestratorHost host, HostContext context, RunJournal journal, RunStatusFile status,
                          FlowListener listener) {
        this.host = host;
        this.context = context;
        this.journal = journal;
        this.status = status;
        this.listener = listener;
    }

    /** Provisions the orchestrator; returns once its endpoint is known and recorded. */
    OrchestratorEndpoint provision() {
        listener.step(OrchestratorHost.EMBEDDED.equals(host.name()) ? "Starting the orchestrator on this machine"
                : "Orchestrator: " + host.name());
        try {
            running = host.provision(context);
        } catch (BenchfleetException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ExternalException("the orchestrator (" + host.name() + ") could not be provided: " + e.getMessage(),
                    "see the log above; is the port free?", e);
        }
        OrchestratorEndpoint endpoint = running.endpoint();
        journal.orchestrator(new JournalEndpoint(host.name(), endpoint.url(), endpoint.dashboardUrl(), endpoint.obtained(),
                endpoint.certSha256(), endpoint.apiKey()));
        status.orchestrator(endpoint.url().toString(), endpoint.dashboardUrl().toString());
        listener.step("Orchestrator: " + endpoint.url() + "  dashboard: " + endpoint.dashboardUrl()
                + endpoint.certSha256().map(pin -> "  (certificate pinned)").orElse(""));
        return endpoint;
    }

    OrchestratorEndpoint endpoint() {
        return running.endpoint();
    }

    /**
     * This master's client of the provisioned orchestrator (pinned when there is a fingerprint). Made after
     * {@link #provision()} and not in it: building it costs a cold JVM a few hundred ms (the JDK's HTTP client
     * and TLS set-up), which the flow spends after starting the task runners that wait for the run.
     */
    OrchestratorClient connect() {
        if (client == null) {
            OrchestratorEndpoint endpoint = running.endpoint();
            client = OrchestratorClient.create(endpoint.url(), endpoint.apiKey(), endpoint.certSha256());
        }
        return client;
    }

    /** Polls {@code GET /up} on {@code executor} with {@link #connect()}'s client; fails when the deadline passes. */
    CompletableFuture<Void> awaitUp(Duration timeout, Clock clock, CancellationToken cancellation, Executor executor) {
        listener.step("Waiting for the orchestrator at " + running.endpoint().url());
        OrchestratorClient client = connect();
        return CompletableFuture.runAsync(() -> {
            Instant deadline = clock.instant().plus(timeout);
            try {
                while (!client.isUp()) {
                    failIfNotStarting();
                    if (clock.instant().isAfter(deadline)) {
                        throw new ExternalException("the orchestrator at " + running.endpoint().url()
                                + " did not become ready within " + timeout.toSeconds() + " s (GET /up)",
                                "check that it runs and that this machine can reach it");
                    }
                    if (cancellation.await(UP_POLL)) {
                        throw new CancellationToken.CancelledException();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationToken.CancelledException();
            }
        }, executor);
    }

    /** A host still bringing the orchestrator up after provision returned, and failing to: why, at once. */
    private void failIfNotStarting() {
        CompletableFuture<Void> started = running.started();
        if (!started.isCompletedExceptionally()) {
            return;
        }
        try {
            started.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof BenchfleetException cause) {
                throw cause;
            }
            throw new ExternalException("the orchestrator (" + host.name() + ") could not be started: "
                    + e.getCause().getMessage(), "see the log above; is the data folder writable?", e.getCause());
        }
    }

    @Override
    public void close() {
        if (running != null) {
            try {
                running.close();
            } catch (RuntimeException e) {
                listener.warning("the orchestrator did not stop cleanly: " + e.getMessage());
            }
        }
    }
}
