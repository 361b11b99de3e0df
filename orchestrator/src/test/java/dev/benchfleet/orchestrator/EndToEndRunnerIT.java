package dev.benchfleet.orchestrator;

import dev.benchfleet.taskrunner.testserver.RunnerProcess;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real task-runner processes (the jar bundled into orchestrator.jar) against the embedded
 * orchestrator, down to the results archive. Lives here, not in task-runner, because the
 * orchestrator's build needs the runner's jar: the dependency goes this way only.
 */
class EndToEndRunnerIT {

    private static final String API_KEY = "sk-benchfleet-7Zq4XpLw91secret";
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);

    private static final String RUN_ID = "173400000087654321";

    @TempDir
    Path temp;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void runnersCompleteARunOnTheRealOrchestrator() throws Exception {
        OrchestratorOptions settings = OrchestratorOptions.builder()
                .dataDir(Files.createDirectories(temp.resolve("orchestrator")))
                .apiKey(API_KEY)
                .bindAddress("127.0.0.1")
                .port(0)
                .retryAfterSeconds(1)
                .build();
        try (Orchestrator orchestrator = Orchestrator.start(settings)) {
            URI url = orchestrator.url();
            String config = "{\"run_id\":\"" + RUN_ID + "\",\"ruby_version\":\"3.4.1\",\"runs_per_instance_type\":4,"
                    + "\"local\":[{\"instance_type\":\"docker\",\"alias\":\"laptop\"}]}";
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(url.resolve("/runs"))
                    .header("Authorization", "Bearer " + API_KEY)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(config)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

            Map<String, String> env = RunnerEnv.fast(Files.createDirectories(temp.resolve("work")), "200ms");
            List<String> args = List.of("--orchestrator-url", url.toString(), "--api-key", API_KEY,
                    "--run-id", RUN_ID, "--provider", "local", "--instance-type", "docker", "--mock");
            List<RunnerProcess> runners = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    runners.add(RunnerProcess.start(temp.resolve("logs"), "runner-" + i, args, env));
                }
                for (RunnerProcess runner : runners) {
                    assertThat(runner.waitForExit(EXIT_TIMEOUT)).as(runner.stderr()).isZero();
                    assertThat(runner.allOutput()).doesNotContain(API_KEY);
                }
            } finally {
                runners.forEach(RunnerProcess::close);
            }

            JsonNode run = null;
            for (int i = 0; i < 100; i++) {
                run = json.readTree(http.send(HttpRequest.newBuilder(url.resolve("/runs/" + RUN_ID)).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                if (run.path("gzip_url").isTextual()) {
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("completed");
            assertThat(run.path("tasks").path("completed").asInt()).isEqualTo(4);
            assertThat(run.path("tasks").path("failed").asInt()).isZero();

            HttpResponse<byte[]> results = http.send(
                    HttpRequest.newBuilder(url.resolve(run.path("gzip_url").asText())).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(results.statusCode()).isEqualTo(200);
            Map<String, String> entries = TarGz.read(results.body());
            List<String> metadataFiles = entries.keySet().stream().filter(n -> n.endsWith("/metadata.json"))
                    .collect(Collectors.toList());
            assertThat(metadataFiles).hasSize(4).allSatisfy(name -> assertThat(name).startsWith("laptop-"));
            assertThat(entries.keySet().stream().filter(n -> n.endsWith("/output.txt"))).hasSize(4);
            for (String name : metadataFiles) {
                JsonNode metadata = json.readTree(entries.get(name));
                assertThat(metadata.get("status").asText()).isEqualTo("success");
                assertThat(metadata.get("alias").asText()).isEqualTo("laptop");
            }
        }
    }
}
