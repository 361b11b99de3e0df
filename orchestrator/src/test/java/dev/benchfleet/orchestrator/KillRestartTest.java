package dev.benchfleet.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 in the middle of a run, restart on the same folder: no run, task, claim, completion, failure
 * or upload that was answered is lost. Heartbeats wait in memory for the next commit of the writer (or a
 * quarter second): one answered before any later write was answered survives too; only the very last
 * ones before a crash may be lost.
 */
class KillRestartTest {

    private static final String KEY = "kill-restart-key";
    /** How often the orchestrator writes the heartbeats it answered (what a crash may lose). */
    private static final long HEARTBEAT_WRITE_MILLIS = 250;

    @TempDir
    Path dir;

    @Test
    void nothingIsLostWhenTheProcessIsKilled() throws Exception {
        Path data = dir.resolve("data");
        long first;
        long second;
        String resultKey;
        String errorUploadPathAndQuery;
        try (ChildOrchestrator a = ChildOrchestrator.start(data, KEY, dir.resolve("logs"))) {
            TestHttp http = new TestHttp(a.url(), KEY);
            assertThat(http.post("/runs", "{\"run_id\":\"173400000012345678\",\"ruby_version\":\"3.4\","
                    + "\"runs_per_instance_type\":2,\"local\":[{\"instance_type\":\"docker\",\"alias\":\"box\"}]}")
                    .status()).isEqualTo(201);
            JsonNode c1 = claim(http, "r1");
            first = c1.get("task").get("id").asLong();
            resultKey = c1.get("presigned_urls").get("result_key").asText();
            assertThat(http.putBytes(c1.get("presigned_urls").get("result_upload_url").asText(),
                    TarGz.of(Map.of("output.txt", "survived"))).status()).isEqualTo(200);
            http.post("/tasks/" + first + "/heartbeat", "{\"runner_id\":\"r1\",\"status\":\"running\"}");
            // heartbeats are written within 250 ms of their answer (what a crash may lose is the last 250 ms)
            Thread.sleep(4 * HEARTBEAT_WRITE_MILLIS);
            JsonNode c2 = claim(http, "r2");
            second = c2.get("task").get("id").asLong();
            String url = c2.get("presigned_urls").get("error_upload_url").asText();
            errorUploadPathAndQuery = url.substring(a.url().toString().length());
            a.kill();
        }

        try (ChildOrchestrator b = ChildOrchestrator.start(data, KEY, dir.resolve("logs"))) {
            TestHttp http = new TestHttp(b.url(), KEY);
            JsonNode tasks = http.get("/runs/173400000012345678/tasks").json().get("tasks");
            assertThat(tasks).hasSize(2);
            assertThat(tasks.get(0).get("status").asText()).isEqualTo("running");
            assertThat(tasks.get(0).get("runner_id").asText()).isEqualTo("r1");
            assertThat(tasks.get(1).get("status").asText()).isEqualTo("claimed");
            assertThat(tasks.get(1).get("runner_id").asText()).isEqualTo("r2");

            // upload URLs handed out before the kill still verify: the signing key was kept
            assertThat(http.putBytes(b.url() + errorUploadPathAndQuery, TarGz.of(Map.of("error.txt", "x")))
                    .status()).isEqualTo(200);
            assertThat(http.post("/tasks/" + first + "/complete",
                    "{\"runner_id\":\"r1\",\"s3_result_key\":\"" + resultKey + "\"}").status()).isEqualTo(200);
            assertThat(http.post("/tasks/" + second + "/fail",
                    "{\"runner_id\":\"r2\",\"error_type\":\"benchmark\",\"error_message\":\"no\"}").status())
                    .isEqualTo(200);

            JsonNode run = http.get("/runs/173400000012345678?wait=10").json(); // held until the archive is stored
            assertThat(run.get("status").asText()).isEqualTo("completed");
            Map<String, String> files = TarGz.read(http.download(run.get("gzip_url").asText()));
            assertThat(files).containsEntry("box-" + first + "/output.txt", "survived");
        }
    }

    /**
     * Writes are committed in batches by one writer thread (group commit): kill -9 while eight runners
     * claim, heartbeat, upload and complete as fast as they can, then check that everything that was
     * answered is still there, whatever batch it was in. Heartbeats are written within 250 ms of their
     * answer: one more runner holds a task with one heartbeat, answered well before the kill.
     */
    @Test
    void everyAnsweredWriteSurvivesAKillUnderConcurrentLoad() throws Exception {
        Path data = dir.resolve("busy");
        String run = "173400000099999999";
        int runners = 8;
        // per task: what the orchestrator acknowledged (claimed by, heartbeat progress, completed)
        Map<Long, String> claimedBy = new ConcurrentHashMap<>();
        Map<Long, Integer> progress = new ConcurrentHashMap<>();
        Set<Long> completed = ConcurrentHashMap.newKeySet();
        Map<Long, String> uploaded = new ConcurrentHashMap<>();
        AtomicInteger completions = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(runners);
        long heldTask;
        try (ChildOrchestrator a = ChildOrchestrator.start(data, KEY, dir.resolve("busy-logs"))) {
            TestHttp http = new TestHttp(a.url(), KEY);
            assertThat(http.post("/runs", "{\"run_id\":\"" + run + "\",\"ruby_version\":\"3.4\","
                    + "\"runs_per_instance_type\":120,\"local\":[{\"instance_type\":\"docker\",\"alias\":\"box\"}]}")
                    .status()).isEqualTo(201);
            JsonNode held = http.post("/runs/" + run + "/tasks/claim", "{\"provider\":\"local\","
                    + "\"instance_type\":\"docker\",\"runner_id\":\"holder\"}").json();
            heldTask = held.get("task").get("id").asLong();
            assertThat(http.post("/tasks/" + heldTask + "/heartbeat", "{\"runner_id\":\"holder\","
                    + "\"status\":\"running\",\"progress_pct\":42}").status()).isEqualTo(200);
            long heldHeartbeatAnswered = System.nanoTime();
            for (int r = 0; r < runners; r++) {
                String runner = "r" + r;
                pool.submit(() -> {
                    try {
                        while (true) {
                            JsonNode claim = http.post("/runs/" + run + "/tasks/claim", "{\"provider\":\"local\","
                                    + "\"instance_type\":\"docker\",\"runner_id\":\"" + runner + "\"}").json();
                            if (!claim.get("status").asText().equals("assigned")) {
                                return null;
                            }
                            long id = claim.get("task").get("id").asLong();
                            claimedBy.put(id, runner);
                            int pct = (int) (id % 90) + 1;
                            if (http.post("/tasks/" + id + "/heartbeat", "{\"runner_id\":\"" + runner
                                    + "\",\"status\":\"running\",\"progress_pct\":" + pct + "}").status() == 200) {
                                progress.put(id, pct);
                            }
                            String content = "task " + id;
                            if (http.putBytes(claim.get("presigned_urls").get("result_upload_url").asText(),
                                    TarGz.of(Map.of("output.txt", content))).status() == 200) {
                                uploaded.put(id, content);
                            }
                            if (http.post("/tasks/" + id + "/complete", "{\"runner_id\":\"" + runner
                                    + "\",\"s3_result_key\":\"" + claim.get("presigned_urls").get("result_key").asText()
                                    + "\"}").status() == 200) {
                                completed.add(id);
                                completions.incrementAndGet();
                            }
                        }
                    } catch (RuntimeException killed) {
                        // the orchestrator is gone: what this runner had answered is recorded above
                    }
                    return null;
                });
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            long heldHeartbeatWritten = heldHeartbeatAnswered + 4 * TimeUnit.MILLISECONDS.toNanos(HEARTBEAT_WRITE_MILLIS);
            while ((completions.get() < 16 || System.nanoTime() < heldHeartbeatWritten) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            a.kill();
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(completed).hasSizeGreaterThanOrEqualTo(16);

        try (ChildOrchestrator b = ChildOrchestrator.start(data, KEY, dir.resolve("busy-logs"))) {
            TestHttp http = new TestHttp(b.url(), KEY);
            Map<Long, JsonNode> tasks = new java.util.HashMap<>();
            for (JsonNode t : http.get("/runs/" + run + "/tasks?limit=1000").json().get("tasks")) {
                tasks.put(t.get("id").asLong(), t);
            }
            assertThat(tasks).hasSize(120);
            claimedBy.forEach((id, runner) -> {
                assertThat(tasks.get(id).get("runner_id").asText()).as("task %d's claim", id).isEqualTo(runner);
                assertThat(tasks.get(id).get("status").asText()).as("task %d", id).isIn("claimed", "running", "completed");
            });
            // the heartbeat answered a second before the kill was written; the others may or may not have been
            assertThat(tasks.get(heldTask).get("status").asText()).isEqualTo("running");
            assertThat(tasks.get(heldTask).get("progress_pct").asInt()).isEqualTo(42);
            progress.forEach((id, pct) -> assertThat(tasks.get(id).get("progress_pct").asInt())
                    .as("task %d's progress", id).isIn(0, pct, 100));
            completed.forEach(id -> assertThat(tasks.get(id).get("status").asText()).as("task %d", id)
                    .isEqualTo("completed"));
            // every answered upload is stored: stopping the run archives the completed ones' uploads
            assertThat(http.post("/runs/" + run + "/stop", "").status()).isEqualTo(200);
            JsonNode stopped = http.get("/runs/" + run).json();
            Map<String, String> files = TarGz.read(http.download(stopped.get("gzip_url").asText()));
            for (Long id : completed) {
                assertThat(files).as("task %d's upload", id).containsEntry("box-" + id + "/output.txt", uploaded.get(id));
            }
        }
    }

    private static JsonNode claim(TestHttp http, String runner) {
        JsonNode answer = http.post("/runs/173400000012345678/tasks/claim",
                "{\"provider\":\"local\",\"instance_type\":\"docker\",\"runner_id\":\"" + runner + "\"}").json();
        assertThat(answer.get("status").asText()).isEqualTo("assigned");
        return answer;
    }
}
