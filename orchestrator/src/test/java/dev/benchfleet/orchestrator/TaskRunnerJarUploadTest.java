package dev.benchfleet.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.benchfleet.orchestrator.TestHttp.Answer;
import dev.benchfleet.protocol.ApiKey;
import dev.benchfleet.protocol.Endpoints;
import dev.benchfleet.protocol.RunnerTokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code PUT/GET /artifacts/task-runner/<sha256>.jar}: admin key, hash checked, size-limited, idempotent. */
class TaskRunnerJarUploadTest {

    private static final String KEY = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;
    private Orchestrator orchestrator;
    private TestHttp http;

    @BeforeEach
    void start() {
        orchestrator = Orchestrator.start(OrchestratorOptions.builder().apiKey(KEY).dataDir(dir.resolve("data")).build());
        http = new TestHttp(orchestrator.url(), KEY);
    }

    @AfterEach
    void stop() {
        orchestrator.close();
    }

    private static byte[] jar(String content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("hello.txt"));
            zip.write(content.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void theAdminUploadsAJarOnceAndAnyoneFetchesItByItsHash() throws Exception {
        byte[] jar = jar("the master's build");
        String path = Endpoints.taskRunnerJar(sha256(jar));
        assertThat(http.get(path).status()).isEqualTo(404);

        Answer first = http.putWithKey(path, jar, KEY);
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.json().path("bytes").asLong()).isEqualTo(jar.length);
        Answer again = http.putWithKey(path, jar, KEY);
        assertThat(again.status()).as("idempotent").isEqualTo(200);
        assertThat(again.json().path("created").asBoolean()).isFalse();

        assertThat(http.download(orchestrator.url().resolve(path).toString())).isEqualTo(jar);
    }

    @Test
    void onlyTheAdminKeyUploadsAndTheBodyMustBeTheJarItsNameSays() throws Exception {
        byte[] jar = jar("x");
        String path = Endpoints.taskRunnerJar(sha256(jar));
        assertThat(http.putWithKey(path, jar, "wrong-key").status()).isEqualTo(401);
        assertThat(http.putWithKey(path, jar, RunnerTokens.derive(ApiKey.of(KEY), "173400000012345678")).status())
                .as("a runner token uploads nothing").isEqualTo(401);

        Answer mismatch = http.putWithKey(Endpoints.taskRunnerJar("0".repeat(64)), jar, KEY);
        assertThat(mismatch.status()).isEqualTo(400);
        assertThat(mismatch.json().path("error").asText()).contains("SHA-256 is " + sha256(jar));

        byte[] notAJar = "not a zip".getBytes(StandardCharsets.UTF_8);
        assertThat(http.putWithKey(Endpoints.taskRunnerJar(sha256(notAJar)), notAJar, KEY).json().path("error").asText())
                .contains("not a jar");
        assertThat(http.putWithKey("/artifacts/task-runner/ABC.jar", jar, KEY).status()).isEqualTo(404);
        assertThat(http.get(path).status()).as("nothing was stored").isEqualTo(404);
    }

    @Test
    void aBodyOverTheLimitIsRefusedBeforeItIsRead() throws Exception {
        String path = Endpoints.taskRunnerJar("a".repeat(64));
        try (Socket socket = new Socket(orchestrator.url().getHost(), orchestrator.url().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("PUT " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + KEY
                    + "\r\nContent-Length: " + (65L * 1024 * 1024) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(answer).isEqualTo("HTTP/1.1 413");
        }
    }
}
