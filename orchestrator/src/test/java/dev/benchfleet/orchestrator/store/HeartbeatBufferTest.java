package dev.benchfleet.orchestrator.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.benchfleet.protocol.RunStatus;
import dev.benchfleet.protocol.TaskStatus;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Heartbeats wait in memory and are written in batches; reads see them at once, status changes never lose them. */
class HeartbeatBufferTest {

    @TempDir
    Path dir;

    private static TaskRecord held(long id, TaskStatus status, String runner) {
        return new TaskRecord(id, "run", "local", "docker", "box", 1, status, runner, Instant.EPOCH, Instant.EPOCH,
                "boot", "starting", null, 0, null, null, null, null);
    }

    private static HeartbeatBuffer.Pending report(long id, String runner, long at, String status, String message,
                                                  Integer progress) {
        return new HeartbeatBuffer.Pending(id, runner, Instant.ofEpochMilli(at), status, message, null, progress,
                "running".equals(status));
    }

    @Test
    void laterReportsMergeAsTheStoredRowWouldAndOnlyTheHoldersReportIsSeen() {
        HeartbeatBuffer buffer = new HeartbeatBuffer();
        buffer.add(report(7, "r1", 1000, "running", "suite 1", 10));
        buffer.add(report(7, "r1", 2000, "uploading", null, null));

        TaskRecord seen = buffer.overlay(held(7, TaskStatus.CLAIMED, "r1"));
        // the running report moved it to running; the later report kept what it did not set
        assertThat(seen.status()).isEqualTo(TaskStatus.RUNNING);
        assertThat(seen.heartbeatStatus()).isEqualTo("uploading");
        assertThat(seen.heartbeatAt()).isEqualTo(Instant.ofEpochMilli(2000));
        assertThat(seen.heartbeatMessage()).isEqualTo("suite 1");
        assertThat(seen.progressPct()).isEqualTo(10);

        // another runner's task, or a task no longer held, shows what is stored
        assertThat(buffer.overlay(held(7, TaskStatus.CLAIMED, "r2")).heartbeatStatus()).isEqualTo("boot");
        assertThat(buffer.overlay(held(7, TaskStatus.COMPLETED, "r1")).heartbeatStatus()).isEqualTo("boot");

        List<HeartbeatBuffer.Pending> taken = buffer.drain();
        assertThat(taken).hasSize(1);
        assertThat(buffer.isEmpty()).isTrue();
        // a failed write puts the report back under anything newer
        buffer.add(report(7, "r1", 3000, "finished", null, 90));
        buffer.restore(taken);
        TaskRecord after = buffer.overlay(held(7, TaskStatus.CLAIMED, "r1"));
        assertThat(after.heartbeatStatus()).isEqualTo("finished");
        assertThat(after.progressPct()).isEqualTo(90);
        assertThat(after.heartbeatMessage()).isEqualTo("suite 1");
        assertThat(after.status()).isEqualTo(TaskStatus.RUNNING);
    }

    @Test
    void aBufferedHeartbeatIsWrittenWithoutAnyOtherWriteAndBeforeTheTaskCompletes() throws Exception {
        Path data = dir.resolve("db");
        try (Store store = Store.open(data, null)) {
            long first = createRunWithTwoClaimedTasks(store);
            long second = first + 1;

            store.heartbeatLater(first, "r1", Instant.ofEpochMilli(5000), "running", "suite 3", "optcarrot", 40);
            // this process reads it at once
            assertThat(store.inTransaction(() -> store.findTask(first)).orElseThrow().status()).isEqualTo(TaskStatus.RUNNING);
            // and the timer writes it with no other write coming: a connection of its own, past the buffer, sees it
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!storedHeartbeatStatus(data, first).equals("running") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(storedHeartbeatStatus(data, first)).isEqualTo("running");

            // a heartbeat taken just before the completion is written by the completion's own transaction
            store.heartbeatLater(second, "r2", Instant.ofEpochMilli(6000), "uploading", "last words", null, 99);
            assertThat(store.inWriteTransaction(() -> store.completeTask(second, "r2", "key", Instant.ofEpochMilli(7000))))
                    .isTrue();
            TaskRecord done = store.inTransaction(() -> store.findTask(second)).orElseThrow();
            assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
            assertThat(done.heartbeatMessage()).isEqualTo("last words");
        }
    }

    private static long createRunWithTwoClaimedTasks(Store store) {
        return store.inWriteTransaction(() -> {
            store.insertRun(new RunRecord("run", RunStatus.RUNNING, "3.4", 2, Instant.EPOCH, null, null));
            List<TaskRecord> tasks = store.insertTasks("run", List.of(new NewTask("local", "docker", "box", 1),
                    new NewTask("local", "docker", "box", 2)));
            store.claimNext("run", "local", "docker", "r1", null, Instant.EPOCH).orElseThrow();
            store.claimNext("run", "local", "docker", "r2", null, Instant.EPOCH).orElseThrow();
            return tasks.get(0).id();
        });
    }

    /** What the database holds, read by a connection of its own (not through the store and its buffer). */
    private static String storedHeartbeatStatus(Path data, long taskId) throws Exception {
        String url = "jdbc:h2:file:" + data.resolve("orchestrator").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_ON_EXIT=FALSE";
        try (Connection c = DriverManager.getConnection(url, "sa", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT heartbeat_status FROM tasks WHERE id = " + taskId)) {
            rs.next();
            String status = rs.getString(1);
            return status == null ? "" : status;
        }
    }
}
