package dev.benchfleet.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 64 runners claiming 1,000 tasks at once over HTTP: each task goes to exactly one of them. */
class ConcurrentClaimTest {

    private static final String KEY = "concurrent-test-key";

    @TempDir
    Path dir;

    @Test
    void noTaskIsHandedOutTwice() throws Exception {
        int tasks = 1000;
        int runners = 64;
        try (Orchestrator o = Orchestrator.start(OrchestratorOptions.builder().apiKey(KEY).dataDir(dir).httpThreads(16).build())) {
            TestHttp http = new TestHttp(o.url(), KEY);
            assertThat(http.post("/runs", "{\"run_id\":\"42\",\"ruby_version\":\"3.4\",\"runs_per_instance_type\":"
                    + tasks + ",\"local\":[\"docker\"]}").status()).isEqualTo(201);

            ExecutorService pool = Executors.newFixedThreadPool(runners);
            try {
                List<Callable<List<Long>>> jobs = new ArrayList<>();
                for (int r = 0; r < runners; r++) {
                    String runner = "runner-" + r;
                    jobs.add(() -> claimUntilEmpty(http, runner));
                }
                List<Long> all = new ArrayList<>();
                for (Future<List<Long>> f : pool.invokeAll(jobs, 120, TimeUnit.SECONDS)) {
                    all.addAll(f.get());
                }
                assertThat(all).hasSize(tasks).doesNotHaveDuplicates();
            } finally {
                pool.shutdownNow();
                assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            }
            JsonNode run = http.get("/runs/42").json();
            assertThat(run.get("tasks").get("claimed").asInt()).isEqualTo(tasks);
            assertThat(run.get("tasks").get("pending").asInt()).isZero();
        }
    }

    private static List<Long> claimUntilEmpty(TestHttp http, String runner) {
        List<Long> mine = new ArrayList<>();
        while (true) {
            JsonNode answer = http.post("/runs/42/tasks/claim",
                    "{\"provider\":\"local\",\"instance_type\":\"docker\",\"runner_id\":\"" + runner + "\"}").json();
            if (!answer.get("status").asText().equals("assigned")) {
                assertThat(answer.get("status").asText()).isEqualTo("wait");
                return mine;
            }
            mine.add(answer.get("task").get("id").asLong());
        }
    }
}
