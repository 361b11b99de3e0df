package dev.benchfleet.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same protocol flow on PostgreSQL instead of H2. Runs only when
 * {@code BENCHFLEET_TEST_POSTGRES_URL} names a server (e.g.
 * {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}); it creates and drops its own database.
 */
class PostgresTest {

    private static final String KEY = "postgres-test-key";

    @TempDir
    Path dir;

    @Test
    void theProtocolWorksOnPostgres() throws Exception {
        String admin = System.getenv("BENCHFLEET_TEST_POSTGRES_URL");
        if (admin == null || admin.isBlank()) {
            System.out.println("Skipping PostgresTest: BENCHFLEET_TEST_POSTGRES_URL is not set (.ci/postgres/start.sh sets it)");
        }
        assumeTrue(admin != null && !admin.isBlank(), "skipped: BENCHFLEET_TEST_POSTGRES_URL is not set");
        String db = "benchfleet_test_" + Math.abs(ThreadLocalRandom.current().nextInt());
        execute(admin, "CREATE DATABASE " + db);
        try {
            String url = admin.replaceFirst("/[^/?]*(\\?|$)", "/" + db + "$1");
            long taskId;
            try (Orchestrator o = Orchestrator.start(OrchestratorOptions.builder().apiKey(KEY).dataDir(dir)
                    .jdbcUrl(url).build())) {
                TestHttp http = new TestHttp(o.url(), KEY);
                assertThat(http.post("/runs", "{\"run_id\":\"11\",\"ruby_version\":\"3.4\",\"runs_per_instance_type\":2,"
                        + "\"local\":[\"docker\"]}").status()).isEqualTo(201);
                JsonNode claim = http.post("/runs/11/tasks/claim",
                        "{\"provider\":\"local\",\"instance_type\":\"docker\",\"runner_id\":\"r\"}").json();
                taskId = claim.get("task").get("id").asLong();
                http.putBytes(claim.get("presigned_urls").get("result_upload_url").asText(),
                        TarGz.of(Map.of("output.txt", "pg")));
                http.post("/tasks/" + taskId + "/complete", "{\"runner_id\":\"r\",\"s3_result_key\":\""
                        + claim.get("presigned_urls").get("result_key").asText() + "\"}");
            }
            // a second orchestrator on the same database sees everything and finishes the run
            try (Orchestrator o = Orchestrator.start(OrchestratorOptions.builder().apiKey(KEY).dataDir(dir)
                    .jdbcUrl(url).build())) {
                TestHttp http = new TestHttp(o.url(), KEY);
                JsonNode next = http.post("/runs/11/tasks/claim",
                        "{\"provider\":\"local\",\"instance_type\":\"docker\",\"runner_id\":\"r\"}").json();
                long second = next.get("task").get("id").asLong();
                assertThat(second).isNotEqualTo(taskId);
                http.post("/tasks/" + second + "/fail", "{\"runner_id\":\"r\",\"error_type\":\"x\",\"error_message\":\"y\"}");
                JsonNode run = http.get("/runs/11?wait=10").json();
                assertThat(run.get("status").asText()).isEqualTo("completed");
                assertThat(TarGz.read(http.download(run.get("gzip_url").asText())))
                        .containsEntry("docker-" + taskId + "/output.txt", "pg");
            }
        } finally {
            execute(admin, "DROP DATABASE IF EXISTS " + db);
        }
    }

    private static void execute(String url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
