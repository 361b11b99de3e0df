package dev.benchfleet.orchestrator.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.benchfleet.protocol.RunStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RunRecordTest {

    private static final Instant T = Instant.parse("2026-11-30T10:00:00Z");

    private static RunRecord run(RunStatus status, String token, boolean archiveFailed) {
        return new RunRecord("1", status, "3.4", 1, T, status.isFinal() ? T : null, token, archiveFailed);
    }

    @Test
    void aRunWhoseArchiveIsBeingBuiltReadsAsRunning() {
        assertThat(run(RunStatus.COMPLETED, null, false).reportedStatus()).isEqualTo(RunStatus.RUNNING);
        assertThat(run(RunStatus.CANCELLED, null, false).reportedStatus()).isEqualTo(RunStatus.RUNNING);
    }

    @Test
    void aFinishedRunReadsAsFinishedOnceItsArchiveIsStoredOrGivenUp() {
        assertThat(run(RunStatus.COMPLETED, "token", false).reportedStatus()).isEqualTo(RunStatus.COMPLETED);
        assertThat(run(RunStatus.CANCELLED, "token", false).reportedStatus()).isEqualTo(RunStatus.CANCELLED);
        assertThat(run(RunStatus.COMPLETED, null, true).reportedStatus()).isEqualTo(RunStatus.COMPLETED);
    }

    @Test
    void aRunningRunReadsAsRunning() {
        assertThat(run(RunStatus.RUNNING, null, false).reportedStatus()).isEqualTo(RunStatus.RUNNING);
    }
}
