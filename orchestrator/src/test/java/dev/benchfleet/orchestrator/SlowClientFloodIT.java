package dev.benchfleet.orchestrator;

import dev.benchfleet.taskrunner.testserver.RunnerProcess;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe, as a test: 500 connections held open from loopback, idle or with half-sent
 * requests (the JDK server froze with 16), while two real task runners do a run with a 3 s
 * heartbeat timeout and {@code GET /up} is polled. Every {@code /up} is answered within its client
 * timeout and no runner's task fails. No latency is asserted.
 */
class SlowClientFloodIT {

    private static final String KEY = "flood-test-key-0123456789";
    private static final String RUN_ID = "173400000055555555";
    private static final int HOSTILE_CONNECTIONS = 500;

    @TempDir
    Path temp;

    @Test
    void runnersAndHealthChecksAreServedWhile500SlowConnectionsAreHeld() throws Exception {
        OrchestratorOptions options = OrchestratorOptions.builder().apiKey(KEY)
                .dataDir(Files.createDirectories(temp.resolve("data")))
                .heartbeatTimeout(Duration.ofSeconds(3))
                // long enough that the hostile connections stay for the whole run
                .clientLimits(new dev.benchfleet.orchestrator.http.ClientGuard.Limits(1024, 64, Duration.ofSeconds(120),
                        Duration.ofSeconds(120), 16 * 1024))
                .build();
        List<Socket> hostile = new ArrayList<>();
        try (Orchestrator o = Orchestrator.start(options)) {
            URI url = o.url();
            TestHttp http = new TestHttp(url, KEY);
            assertThat(http.post("/runs", "{\"run_id\":\"" + RUN_ID + "\",\"ruby_version\":\"3.4\",\"runs_per_instance_type\":6,"
                    + "\"local\":[{\"instance_type\":\"docker\",\"alias\":\"box\"}]}").status()).isEqualTo(201);

            // one hostile client (127.0.0.2): idle connections, half request lines, half heads, half bodies
            for (int i = 0; i < HOSTILE_CONNECTIONS; i++) {
                Socket s = new Socket();
                s.bind(new InetSocketAddress("127.0.0.2", 0));
                s.connect(new InetSocketAddress(url.getHost(), url.getPort()), 5_000);
                String partial = switch (i % 4) {
                    case 0 -> "";
                    case 1 -> "GET /up HT";
                    case 2 -> "POST /tasks/1/heartbeat HTTP/1.1\r\nHost: x\r\nContent-Le";
                    default -> i % 8 == 3
                            ? "POST /runs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + KEY
                                    + "\r\nContent-Length: 1000\r\n\r\n{\"ruby"
                            : "GET /runs HTTP/1.1\r\nHost: x\r\n";
                };
                s.getOutputStream().write(partial.getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                hostile.add(s);
            }

            AtomicBoolean polling = new AtomicBoolean(true);
            AtomicInteger upOk = new AtomicInteger();
            List<String> upFailures = new ArrayList<>();
            Thread poller = new Thread(() -> poll(url, polling, upOk, upFailures), "up-poller");
            poller.start();

            Path work = Files.createDirectories(temp.resolve("work"));
            List<String> args = List.of("--orchestrator-url", url.toString(), "--api-key", KEY, "--run-id", RUN_ID,
                    "--provider", "local", "--instance-type", "docker", "--mock");
            List<RunnerProcess> runners = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    runners.add(RunnerProcess.start(temp.resolve("logs"), "runner-" + i, args,
                            RunnerEnv.fast(work, "1s")));
                }
                for (RunnerProcess runner : runners) {
                    assertThat(runner.waitForExit(Duration.ofSeconds(90))).as(runner.stderr()).isZero();
                }
            } finally {
                runners.forEach(RunnerProcess::close);
                polling.set(false);
                poller.join(10_000);
            }

            JsonNode run = http.get("/runs/" + RUN_ID).json();
            assertThat(run.at("/tasks/completed").asInt()).as(run.toString()).isEqualTo(6);
            assertThat(run.at("/tasks/failed").asInt()).isZero();
            assertThat(run.get("status").asText()).isEqualTo("completed");
            synchronized (upFailures) {
                assertThat(upFailures).isEmpty();
            }
            assertThat(upOk.get()).isPositive();
            // the hostile connections were held through the whole run (none was needed to be dropped)
            assertThat(o.openConnections()).isGreaterThanOrEqualTo(HOSTILE_CONNECTIONS);
        } finally {
            for (Socket s : hostile) {
                s.close();
            }
        }
    }

    private static void poll(URI url, AtomicBoolean polling, AtomicInteger ok, List<String> failures) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        while (polling.get()) {
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(url.resolve("/up"))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    ok.incrementAndGet();
                } else {
                    synchronized (failures) {
                        failures.add("status " + r.statusCode());
                    }
                }
                Thread.sleep(100);
            } catch (IOException e) {
                synchronized (failures) {
                    failures.add(e.toString());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
