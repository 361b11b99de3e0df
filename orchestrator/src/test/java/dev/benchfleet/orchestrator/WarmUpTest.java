package dev.benchfleet.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Orchestrator#warmUp()} runs a start's code on things that do not last: nothing is left behind. */
class WarmUpTest {

    @TempDir
    Path dir;

    @Test
    void warmingUpLeavesNoThreadNoFileAndNoPortAndAStartAfterItServes() throws Exception {
        Set<Thread> before = orchestratorThreads();
        List<Path> workingDirBefore = listing(Path.of("").toAbsolutePath());

        Orchestrator.warmUp();

        // the database's pool and writers stop as it closes; the JVM may take a moment to let their threads go
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Set<Thread> left = orchestratorThreads();
        left.removeAll(before);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            left = orchestratorThreads();
            left.removeAll(before);
        }
        assertThat(left).as("threads the warm-up started and left running").isEmpty();
        assertThat(listing(Path.of("").toAbsolutePath())).as("files in the working directory")
                .isEqualTo(workingDirBefore);

        try (Orchestrator started = Orchestrator.start(OrchestratorOptions.builder().apiKey("warm-up-test-key")
                .dataDir(dir).build())) {
            HttpResponse<String> up = HttpClient.newHttpClient().send(HttpRequest.newBuilder(started.url().resolve("/up"))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(up.statusCode()).isEqualTo(200);
        }
    }

    private static Set<Thread> orchestratorThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> t.getName().startsWith("orchestrator-") || t.getName().startsWith("HikariPool"))
                .collect(Collectors.toSet());
    }

    private static List<Path> listing(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }
}
