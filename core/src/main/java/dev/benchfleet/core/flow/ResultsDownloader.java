package dev.benchfleet.core.flow;

import dev.benchfleet.core.client.OrchestratorClient;
import dev.benchfleet.core.client.RunState;
import dev.benchfleet.core.error.ExternalException;
import dev.benchfleet.core.error.InternalException;
import dev.benchfleet.core.results.ResultsArchive;
import dev.benchfleet.core.spi.CancellationToken;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** Downloads a finished run's results archive and unpacks it into {@code results/<run_id>/}. */
public final class ResultsDownloader {

    /** How long the orchestrator may hold each request for the archive (it answers as soon as it is stored). */
    private static final Duration ARCHIVE_HOLD = Duration.ofSeconds(2);
    private final OrchestratorClient client;
    private final Clock clock;
    private final Duration pollInterval;
    private final CancellationToken cancellation;

    public ResultsDownloader(OrchestratorClient client, Clock clock, Duration pollInterval, CancellationToken cancellation) {
        this.client = client;
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.cancellation = cancellation;
    }

    /** What was downloaded: the run's state with its archive, and the number of files unpacked. */
    public record Downloaded(RunState state, int files) {
    }

    /**
     * Waits up to {@code archiveWait} for the archive of an ended run, downloads it into {@code workDir}
     * and unpacks it into {@code resultsDir}.
     */
    public Downloaded download(String runId, RunState ended, Duration archiveWait, Path workDir, Path resultsDir)
            throws InterruptedException {
        RunState state = ended == null ? client.run(runId) : ended;
        Instant deadline = clock.instant().plus(archiveWait);
        URI base = client.baseUrl();
        while (state.archiveUrl(base).isEmpty()) {
            if (!state.isFinished() && ended == null) {
                throw new ExternalException("run " + runId + " has not ended yet (" + state.status()
                        + "): its results are not packed yet");
            }
            if (clock.instant().isAfter(deadline)) {
                throw new ExternalException("run " + runId + " ended (" + state.status() + ") but the orchestrator "
                        + "offers no results archive (gzip_url is null)");
            }
            state = nextState(runId, state);
        }
        Path archive = workDir.resolve("results.tar.gz");
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new InternalException("cannot create " + workDir + ": " + e.getMessage(), e);
        }
        client.download(state.archiveUrl(base).orElseThrow(), archive);
        return new Downloaded(state, ResultsArchive.unpack(archive, resultsDir));
    }

    /**
     * The run's state once it changed: a long poll the orchestrator answers as soon as the archive is
     * stored. An orchestrator that answers at once (no long polls) is asked again after the poll interval.
     */
    private RunState nextState(String runId, RunState seen) throws InterruptedException {
        long asked = System.nanoTime();
        CompletableFuture<RunState> answer = client.watchRun(runId, ARCHIVE_HOLD);
        RunState next = Answers.await(answer, cancellation);
        boolean held = System.nanoTime() - asked >= pollInterval.toNanos();
        if (next.equals(seen) && !held && cancellation.await(pollInterval)) {
            throw new CancellationToken.CancelledException();
        }
        return next;
    }
}
