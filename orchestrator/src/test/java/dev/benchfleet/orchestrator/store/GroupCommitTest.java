package dev.benchfleet.orchestrator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.benchfleet.protocol.RunStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The H2 write path: many callers share commits, and one caller's failure undoes only its own work. */
class GroupCommitTest {

    @TempDir
    Path dir;

    @Test
    void concurrentWritesAreEachCommittedAndAFailingOneUndoesOnlyItself() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(16);
        try (Store store = Store.open(dir, null)) {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                String runId = "run-" + i;
                boolean fails = i % 8 == 3;
                results.add(callers.submit(() -> store.inWriteTransaction(() -> {
                    store.insertRun(new RunRecord(runId, RunStatus.RUNNING, "3.4", 1, Instant.EPOCH, null, null));
                    if (fails) {
                        throw new IllegalStateException("refused " + runId);
                    }
                    return runId;
                })));
            }
            int committed = 0;
            for (int i = 0; i < results.size(); i++) {
                String runId = "run-" + i;
                if (i % 8 == 3) {
                    Future<String> failed = results.get(i);
                    // the caller gets its own exception, unchanged, and its insert is gone
                    assertThatThrownBy(() -> failed.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class)
                            .hasRootCauseMessage("refused " + runId);
                    assertThat(store.inTransaction(() -> store.runExists(runId))).isFalse();
                } else {
                    assertThat(results.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(runId);
                    assertThat(store.inTransaction(() -> store.runExists(runId))).isTrue();
                    committed++;
                }
            }
            assertThat(committed).isEqualTo(56);
        } finally {
            callers.shutdownNow();
        }
        // committed before the answer: a new process on the same folder sees every acknowledged write
        try (Store reopened = Store.open(dir, null)) {
            assertThat(reopened.inTransaction(() -> reopened.runExists("run-0"))).isTrue();
            assertThat(reopened.inTransaction(() -> reopened.runExists("run-3"))).isFalse();
        }
    }

    @Test
    void aNestedWriteJoinsTheBatchInsteadOfWaitingForItself() {
        try (Store store = Store.open(dir, null)) {
            String id = store.inWriteTransaction(() -> store.inWriteTransaction(() -> {
                store.insertRun(new RunRecord("nested", RunStatus.RUNNING, "3.4", 1, Instant.EPOCH, null, null));
                return "nested";
            }));
            assertThat(store.inTransaction(() -> store.runExists(id))).isTrue();
        }
    }

    @Test
    void aClosedStoreRefusesWritesClearly() {
        Store store = Store.open(dir, null);
        store.close();
        assertThatThrownBy(() -> store.inWriteTransaction(() -> "late")).isInstanceOf(StoreException.class)
                .hasMessageContaining("closing");
    }
}
