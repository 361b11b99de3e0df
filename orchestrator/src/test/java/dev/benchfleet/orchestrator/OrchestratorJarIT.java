package dev.benchfleet.orchestrator;

import dev.benchfleet.taskrunner.testserver.RunnerProcess;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stand-alone {@code orchestrator.jar} as an operator runs it on a public host:
 * {@code --tls-cert/--tls-key} PEM files from openssl, the key in a 0600 {@code --api-key-file}.
 * It serves HTTPS only on its port, and {@code /artifacts/task-runner.jar} is byte for byte the
 * task runner's jar of this build.
 */
class OrchestratorJarIT {

    private static final Pattern READY = Pattern.compile("Orchestrator listening on (\\S+) ");
    private static final String KEY = "jar-it-key-0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void servesHttpsOnlyAndTheBundledTaskRunnerJar() throws Exception {
        Certificates.Pair pair = Certificates.make(dir.resolve("tls"), "rsa");
        Path keyFile = dir.resolve("api.key");
        Files.writeString(keyFile, KEY + "\n");
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        Path jar = Path.of(System.getProperty("orchestrator.jar", "target/orchestrator.jar"));
        Path out = dir.resolve("out.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--port", "0", "--data-dir", dir.resolve("data").toString(),
                "--tls-cert", pair.certificate().toString(), "--tls-key", pair.key().toString(),
                "--api-key-file", keyFile.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().remove("API_KEY");
        Process p = pb.start();
        try {
            URI url = waitForUrl(p, out);
            assertThat(url.getScheme()).isEqualTo("https");

            HttpClient https = HttpClient.newBuilder().sslContext(Certificates.trusting(pair.certificate()))
                    .connectTimeout(Duration.ofSeconds(5)).build();
            assertThat(https.send(HttpRequest.newBuilder(url.resolve("/up")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            HttpResponse<String> unauthorized = https.send(HttpRequest.newBuilder(url.resolve("/runs"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(unauthorized.statusCode()).isEqualTo(401);
            HttpResponse<String> keyed = https.send(HttpRequest.newBuilder(url.resolve("/runs"))
                    .header("Authorization", "Bearer " + KEY).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(keyed.statusCode()).as("the key from the file is accepted").isEqualTo(400);

            // the bundled runner, no key needed
            byte[] expected = Files.readAllBytes(RunnerProcess.jar());
            HttpResponse<byte[]> served = https.send(HttpRequest.newBuilder(url.resolve("/artifacts/task-runner.jar"))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(served.body()).isEqualTo(expected);
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(expected));
            assertThat(https.send(HttpRequest.newBuilder(url.resolve("/artifacts/task-runner.jar.sha256")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).isEqualTo(sha + "  task-runner.jar\n");

            // plain HTTP on the same port gets no HTTP answer
            try (Socket plain = new Socket(url.getHost(), url.getPort())) {
                plain.setSoTimeout(10_000);
                plain.getOutputStream().write("GET /up HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                byte[] answer = plain.getInputStream().readNBytes(5);
                assertThat(new String(answer, StandardCharsets.ISO_8859_1)).doesNotStartWith("HTTP/");
            } catch (IOException closed) {
                // closed or reset: no HTTP either
            }
            assertThat(Files.readString(out)).doesNotContain(KEY).doesNotContain("\tat ");
        } finally {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The URL a starting {@code orchestrator.jar} prints once it listens; fails when it does not within a minute. */
    static URI waitForUrl(Process p, Path out) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Matcher m = READY.matcher(Files.readString(out));
            if (m.find()) {
                return URI.create(m.group(1));
            }
            if (!p.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("orchestrator.jar did not start: " + Files.readString(out));
    }
}
