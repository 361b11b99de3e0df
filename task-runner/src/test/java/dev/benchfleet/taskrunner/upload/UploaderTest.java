package dev.benchfleet.taskrunner.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.benchfleet.protocol.ApiKey;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploaderTest {

    @TempDir
    Path dir;

    private HttpServer server;
    private final AtomicReference<byte[]> received = new AtomicReference<>();
    private final AtomicReference<String> contentType = new AtomicReference<>();
    private final AtomicReference<String> authorization = new AtomicReference<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ok", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                received.set(in.readAllBytes());
                contentType.set(exchange.getRequestHeaders().getFirst("Content-Type"));
                authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
                exchange.sendResponseHeaders(200, -1);
            }
        });
        server.createContext("/broken", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(503, -1);
            }
        });
        server.createContext("/expired", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(403, -1);
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private Uploader uploader(URI orchestrator) {
        return new Uploader(http, Duration.ofSeconds(10), ApiKey.of("upload-test-key"), orchestrator);
    }

    @Test
    void putsTheBytesAsGzip() throws Exception {
        Path archive = Files.write(dir.resolve("a.tar.gz"), new byte[] {31, -117, 8, 0});
        uploader(URI.create("http://orchestrator.invalid")).upload(archive, base() + "/ok?X-Amz-Signature=abc");
        assertThat(received.get()).containsExactly(31, -117, 8, 0);
        assertThat(contentType.get()).isEqualTo("application/gzip");
        assertThat(authorization.get()).as("no key to foreign hosts (S3 refuses two credentials)").isNull();
    }

    @Test
    void sendsTheKeyOnlyToTheOrchestratorsOwnOrigin() throws Exception {
        Path archive = Files.write(dir.resolve("a.tar.gz"), new byte[] {1});
        uploader(URI.create(base())).upload(archive, base() + "/ok");
        assertThat(authorization.get()).isEqualTo("Bearer upload-test-key");
    }

    @Test
    void serverErrorsAreRetryableAndHideTheQuery() throws Exception {
        Path archive = Files.write(dir.resolve("a.tar.gz"), new byte[] {1});
        assertThatThrownBy(() -> uploader(URI.create(base())).upload(archive, base() + "/broken?sig=SECRET"))
                .isInstanceOf(UploadException.class)
                .hasMessageContaining("503").hasMessageNotContaining("SECRET")
                .satisfies(e -> assertThat(((UploadException) e).retryable()).isTrue());
        assertThatThrownBy(() -> uploader(URI.create(base())).upload(archive, base() + "/expired"))
                .satisfies(e -> assertThat(((UploadException) e).retryable()).isFalse());
    }

    @Test
    void aPathIsACopy() throws Exception {
        Path archive = Files.writeString(dir.resolve("a.tar.gz"), "bytes");
        Path target = dir.resolve("uploads/runs/1/result.tar.gz");
        uploader(URI.create(base())).upload(archive, target.toString());
        assertThat(target).hasContent("bytes");
    }

    @Test
    void otherSchemesAreRefused() {
        assertThatThrownBy(() -> uploader(URI.create(base())).upload(dir.resolve("x"), "ftp://host/x"))
                .isInstanceOf(UploadException.class).hasMessageContaining("ftp");
    }
}
