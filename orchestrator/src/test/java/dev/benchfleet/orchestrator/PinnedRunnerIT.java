package dev.benchfleet.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.benchfleet.protocol.CertificatePinning;
import dev.benchfleet.protocol.Endpoints;
import dev.benchfleet.taskrunner.testserver.RunnerProcess;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cloud setting on loopback: the real {@code orchestrator.jar} serving HTTPS with a freshly made
 * self-signed certificate, the master's task runner jar uploaded by its hash, and real task runner
 * processes that hold only the run's token. With the right pin they complete the run; with a wrong one
 * they exit non-zero at once, say why, and claim nothing.
 */
class PinnedRunnerIT {

    private static final String KEY = "pinned-it-admin-key-0123456789";
    private static final String RUN = "173400000011112222";

    @TempDir
    Path dir;
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void runnersWithTheRunsTokenAndTheRightPinFinishTheRunAndAWrongPinClaimsNothing() throws Exception {
        Certificates.Pair pair = Certificates.make(dir.resolve("tls"), "ec");
        String pin;
        try (InputStream in = Files.newInputStream(pair.certificate())) {
            pin = CertificatePinning.fingerprint((X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(in));
        }
        Path keyFile = dir.resolve("api.key");
        Files.writeString(keyFile, KEY + "\n");
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        Path out = dir.resolve("orchestrator.log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of(System.getProperty("orchestrator.jar", "target/orchestrator.jar")).toString(),
                "--port", "0", "--data-dir", dir.resolve("data").toString(), "--tls-cert", pair.certificate().toString(),
                "--tls-key", pair.key().toString(), "--api-key-file", keyFile.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().remove("API_KEY");
        Process orchestrator = pb.start();
        try {
            URI url = OrchestratorJarIT.waitForUrl(orchestrator, out);
            HttpClient master = HttpClient.newBuilder().sslContext(CertificatePinning.sslContext(pin))
                    .connectTimeout(Duration.ofSeconds(5)).build();
            assertThat(send(master, admin(url, "/runs").POST(HttpRequest.BodyPublishers.ofString("{\"run_id\":\"" + RUN
                    + "\",\"ruby_version\":\"3.4.7\",\"runs_per_instance_type\":3,\"local\":[\"box\"]}"))).statusCode())
                    .isEqualTo(201);
            String token = json.readTree(send(master, admin(url, Endpoints.runnerToken(RUN)).GET()).body())
                    .path("runner_token").asText();

            // the master's runner jar, by its hash: uploaded with the admin key, fetched without one
            byte[] jar = Files.readAllBytes(RunnerProcess.jar());
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jar));
            HttpResponse<String> put = send(master, admin(url, Endpoints.taskRunnerJar(sha))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(jar)));
            assertThat(put.statusCode()).as(put.body()).isIn(200, 201);
            assertThat(master.send(HttpRequest.newBuilder(url.resolve(Endpoints.taskRunnerJar(sha))).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body()).isEqualTo(jar);

            List<String> args = List.of("--orchestrator-url", url.toString(), "--run-id", RUN, "--provider", "local",
                    "--instance-type", "box", "--mock");
            Map<String, String> env = RunnerEnv.fast(Files.createDirectories(dir.resolve("work")), "100ms");
            env.put("API_KEY", token);

            env.put("BENCHFLEET_ORCHESTRATOR_CERT_SHA256", "00:" + "11".repeat(31));
            try (RunnerProcess wrong = RunnerProcess.start(dir.resolve("logs"), "wrong-pin", args, env)) {
                assertThat(wrong.waitForExit(Duration.ofSeconds(60))).isEqualTo(1);
                assertThat(wrong.stderr()).contains("refusing the orchestrator at " + url.toString().replaceAll("/$", ""))
                        .contains("not the pinned 0011").contains(pin).doesNotContain(token);
            }
            assertThat(tasks(master, url)).as("the wrong pin claimed nothing").containsOnly("pending");

            env.put("BENCHFLEET_ORCHESTRATOR_CERT_SHA256", pin.toUpperCase());
            try (RunnerProcess right = RunnerProcess.start(dir.resolve("logs"), "right-pin", args, env)) {
                assertThat(right.waitForExit(Duration.ofSeconds(90))).as(right.stderr()).isZero();
                assertThat(right.allOutput()).contains("certificate pinned").doesNotContain(token);
            }
            assertThat(tasks(master, url)).containsOnly("completed").hasSize(3);
            assertThat(Files.readString(out)).doesNotContain(token).doesNotContain(KEY);
        } finally {
            orchestrator.destroy();
            if (!orchestrator.waitFor(20, TimeUnit.SECONDS)) {
                orchestrator.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static HttpRequest.Builder admin(URI url, String path) {
        return HttpRequest.newBuilder(url.resolve(path)).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + KEY);
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<String> tasks(HttpClient client, URI url) throws Exception {
        JsonNode answer = json.readTree(send(client, HttpRequest.newBuilder(url.resolve(Endpoints.runTasks(RUN)))).body());
        return answer.path("tasks").findValuesAsText("status");
    }
}
