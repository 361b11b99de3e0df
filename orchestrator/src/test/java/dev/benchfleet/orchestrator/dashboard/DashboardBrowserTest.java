package dev.benchfleet.orchestrator.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.benchfleet.orchestrator.Orchestrator;
import dev.benchfleet.orchestrator.OrchestratorOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Renders the dashboard in a real headless browser, when one is installed. */
class DashboardBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final String KEY = "dashboard-key";

    @TempDir
    Path dir;

    @Test
    void theBrowserShowsTheRunAndItsTasks() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "skipped: no browser at " + CHROMIUM);
        try (Orchestrator o = Orchestrator.start(OrchestratorOptions.builder().apiKey(KEY).dataDir(dir.resolve("d"))
                .build())) {
            HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(o.url().resolve("/runs"))
                    .header("Authorization", "Bearer " + KEY).timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"run_id\":\"173400000055555555\",\"ruby_version\":"
                            + "\"3.4.7\",\"runs_per_instance_type\":2,\"local\":[{\"instance_type\":\"docker\","
                            + "\"alias\":\"laptop\"}]}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).isEqualTo(201);

            String dom = dumpDom(o.dashboardUrl());
            assertThat(dom).contains("173400000055555555").contains("laptop").contains("pending");
            assertThat(dom).doesNotContain(KEY);
        }
    }

    private String dumpDom(URI url) throws Exception {
        Path profile = Files.createDirectories(dir.resolve("profile"));
        Path out = dir.resolve("dom.html");
        Process p = new ProcessBuilder(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--dump-dom", url.toString()))
                .redirectOutput(out.toFile()).redirectError(dir.resolve("chromium.err").toFile()).start();
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("chromium finished within 60 s").isTrue();
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
