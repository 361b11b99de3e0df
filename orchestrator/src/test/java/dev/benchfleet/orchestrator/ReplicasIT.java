package dev.benchfleet.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three orchestrator processes on one PostgreSQL database, 64 concurrent clients spread over them,
 * 3,000 tasks; one replica is killed with kill -9 mid-run and its clients move to the others. Every
 * task is handed out at most once; every task a client received is completed exactly once; a task
 * whose claim answer died with the killed replica is failed by a monitor exactly once; the run
 * finishes with one results archive, built by one replica. Upload URLs handed out by one replica
 * are used on another. Needs {@code BENCHFLEET_TEST_POSTGRES_URL} (set by .ci/run); a fresh
 * database per run.
 */
class ReplicasIT {

    private static final String KEY = "replicas-it-key-0123456789";
    private static final String RUN_ID = "173400000077777777";
    private static final int TASKS = 3000;
    private static final int CLIENTS = 64;
    private static final int KILL_AFTER = 1000;

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void threeReplicasHandEachTaskOutOnceAndSurviveAKill() throws Exception {
        String admin = System.getenv("BENCHFLEET_TEST_POSTGRES_URL");
        if (admin == null || admin.isBlank()) {
            System.out.println("Skipping ReplicasIT: BENCHFLEET_TEST_POSTGRES_URL is not set (.ci/postgres/start.sh sets it)");
        }
        assumeTrue(admin != null && !admin.isBlank(), "skipped: BENCHFLEET_TEST_POSTGRES_URL is not set");
        String db = "benchfleet_replicas_" + Math.abs(ThreadLocalRandom.current().nextInt());
        execute(admin, "CREATE DATABASE " + db);
        String url = admin.replaceFirst("/[^/?]*(\\?|$)", "/" + db + "$1");
        List<ChildOrchestrator> replicas = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                replicas.add(ChildOrchestrator.start(dir.resolve("data-" + i), KEY, dir.resolve("logs"),
                        List.of("--jdbc-url", url, "--heartbeat-timeout", "5s", "--max-requests-per-address", "256")));
            }
            List<URI> urls = replicas.stream().map(ChildOrchestrator::url).toList();
            TestHttp first = new TestHttp(urls.get(1), KEY);
            assertThat(first.post("/runs", "{\"run_id\":\"" + RUN_ID + "\",\"ruby_version\":\"3.4\",\"runs_per_instance_type\":"
                    + TASKS + ",\"local\":[{\"instance_type\":\"docker\",\"alias\":\"box\"}]}").status()).isEqualTo(201);

            Map<Long, Integer> handedOut = new ConcurrentHashMap<>();
            AtomicInteger completed = new AtomicInteger();
            AtomicInteger uploads = new AtomicInteger();
            AtomicInteger maybeLostClaims = new AtomicInteger();
            AtomicBoolean killed = new AtomicBoolean();
            byte[] archive = TarGz.of(Map.of("output.txt", "result"));
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(pool.submit(() -> {
                    runClient(client, urls, killed, handedOut, completed, uploads, maybeLostClaims, archive);
                    return null;
                }));
            }
            // kill -9 the first replica once a third of the tasks are done
            while (completed.get() < KILL_AFTER && clients.stream().anyMatch(f -> !f.isDone())) {
                Thread.sleep(20);
            }
            replicas.get(0).kill();
            killed.set(true);
            for (Future<?> f : clients) {
                f.get(3, TimeUnit.MINUTES);
            }
            pool.shutdown();

            TestHttp survivor = new TestHttp(urls.get(2), KEY);
            JsonNode run = awaitFinished(survivor);
            assertThat(handedOut.values()).as("no task handed out twice").allMatch(n -> n == 1);
            int received = handedOut.size();
            assertThat(completed.get()).as("every task a client received was completed once").isEqualTo(received);
            assertThat(run.at("/tasks/completed").asInt()).isEqualTo(received);
            int timedOut = TASKS - received;
            assertThat(timedOut).as("only claims whose answer died with the killed replica are missing")
                    .isLessThanOrEqualTo(maybeLostClaims.get());
            assertThat(run.at("/tasks/failed").asInt()).isEqualTo(timedOut);
            assertThat(run.get("status").asText()).isEqualTo("completed");

            // one archive, built by one replica, downloadable from each survivor
            String gzip = run.get("gzip_url").asText();
            Map<String, String> files = TarGz.read(survivor.download(gzip));
            assertThat(files.keySet().stream().filter(n -> n.endsWith("/output.txt"))).hasSize(uploads.get());
            assertThat(files.keySet().stream().filter(n -> n.endsWith("/metadata.json"))).hasSize(received);
            String path = URI.create(gzip).getPath();
            assertThat(new TestHttp(urls.get(1), KEY).download(urls.get(1) + path)).isEqualTo(survivor.download(urls.get(2) + path));
            assertThat(count(url, "SELECT COUNT(*) FROM objects WHERE object_key LIKE 'results/%'")).isEqualTo(1);
            String logs = "";
            for (ChildOrchestrator r : replicas) {
                logs += r.output();
            }
            assertThat(logs.lines().filter(l -> l.contains("results archive built"))).hasSize(1);
            assertThat(logs.lines().filter(l -> l.contains("timed out (runner"))).hasSize(timedOut);
            assertThat(logs).doesNotContain("\tat ");
        } finally {
            for (ChildOrchestrator r : replicas) {
                r.close();
            }
            execute(admin, "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        }
    }

    /** Claims and completes until told "done", moving to another replica when one stops answering. */
    private void runClient(int client, List<URI> urls, AtomicBoolean killed, Map<Long, Integer> handedOut,
                           AtomicInteger completed, AtomicInteger uploads, AtomicInteger maybeLostClaims, byte[] archive)
            throws Exception {
        String runner = "client-" + client;
        int turn = client;
        while (true) {
            URI base = pick(urls, turn++, killed);
            JsonNode claim;
            try {
                claim = post(base, "/runs/" + RUN_ID + "/tasks/claim",
                        "{\"provider\":\"local\",\"instance_type\":\"docker\",\"runner_id\":\"" + runner + "\"}");
            } catch (ConnectException refused) {
                continue; // never reached the replica: nothing claimed
            } catch (IOException lost) {
                maybeLostClaims.incrementAndGet(); // the replica may have claimed a task and died before answering
                continue;
            }
            String status = claim.get("status").asText();
            if (status.equals("done")) {
                return;
            }
            if (status.equals("wait")) {
                Thread.sleep(200);
                continue;
            }
            long id = claim.at("/task/id").asLong();
            handedOut.merge(id, 1, Integer::sum);
            String key = claim.at("/presigned_urls/result_key").asText();
            if (id % 10 == 0) {
                // the upload URL one replica signed, used on another
                String signed = claim.at("/presigned_urls/result_upload_url").asText();
                String pathAndQuery = signed.substring(signed.indexOf("/uploads/"));
                while (true) {
                    try {
                        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(pick(urls, turn++, killed)
                                + pathAndQuery)).timeout(Duration.ofSeconds(30)).PUT(HttpRequest.BodyPublishers
                                .ofByteArray(archive)).build(), HttpResponse.BodyHandlers.ofString());
                        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
                        uploads.incrementAndGet();
                        break;
                    } catch (IOException retry) {
                        // that replica died: the upload goes to another
                    }
                }
            }
            while (true) {
                try {
                    JsonNode done = post(pick(urls, turn++, killed), "/tasks/" + id + "/complete",
                            "{\"runner_id\":\"" + runner + "\",\"s3_result_key\":\"" + key + "\"}");
                    assertThat(done.get("message").asText()).isEqualTo("Task marked as completed");
                    completed.incrementAndGet();
                    break;
                } catch (IOException retry) {
                    // completing is idempotent: try another replica
                }
            }
        }
    }

    private static URI pick(List<URI> urls, int turn, AtomicBoolean killed) {
        int index = Math.floorMod(turn, urls.size());
        return killed.get() && index == 0 ? urls.get(1 + Math.floorMod(turn, 2)) : urls.get(index);
    }

    private JsonNode post(URI base, String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
        return TestHttp.JSON.readTree(r.body());
    }

    private static JsonNode awaitFinished(TestHttp http) throws InterruptedException {
        JsonNode run = null;
        for (int i = 0; i < 300; i++) {
            run = http.get("/runs/" + RUN_ID).json();
            if (run.get("gzip_url").isTextual()) {
                return run;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("run did not finish: " + run);
    }

    private static int count(String url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void execute(String url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
