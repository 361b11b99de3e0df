package dev.benchfleet.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The port first, the rest later: clients that come in between are answered once it started. */
class BindThenStartTest {

    private static final String KEY = "bind-test-key";

    @TempDir
    Path dir;

    @Test
    void aRequestSentBeforeTheStartIsAnsweredOnceItStarted() throws Exception {
        Orchestrator.Bound bound = Orchestrator.bind(OrchestratorOptions.builder().apiKey(KEY).dataDir(dir).build(),
                Clock.systemUTC());
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        CompletableFuture<HttpResponse<String>> early = client.sendAsync(
                HttpRequest.newBuilder(bound.url().resolve("/up")).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        // nothing serves yet: the request waits in the listen backlog (it cannot have been answered)
        Thread.sleep(200);
        assertThat(early).isNotDone();
        try (Orchestrator started = bound.start()) {
            assertThat(started.url()).isEqualTo(bound.url());
            assertThat(early.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aBoundOrchestratorClosedWithoutStartingLetsItsPortGo() throws Exception {
        Orchestrator.Bound bound = Orchestrator.bind(OrchestratorOptions.builder().apiKey(KEY).dataDir(dir).build(),
                Clock.systemUTC());
        int port = bound.url().getPort();
        bound.close();
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            }
        }).isInstanceOf(ConnectException.class);
        // and it can be taken again, as a resumed run does with its recorded port
        try (Orchestrator again = Orchestrator.start(OrchestratorOptions.builder().apiKey(KEY).dataDir(dir).port(port)
                .build())) {
            assertThat(again.port()).isEqualTo(port);
        }
    }

    @Test
    void aStartThatFailsLetsThePortGoAndTheSamePortServesAfterwards() throws Exception {
        Path notAFolder = java.nio.file.Files.writeString(dir.resolve("file"), "a file where the data folder should be");
        Orchestrator.Bound bound = Orchestrator.bind(OrchestratorOptions.builder().apiKey(KEY).dataDir(notAFolder)
                .build(), Clock.systemUTC());
        int port = bound.url().getPort();
        assertThatThrownBy(bound::start).isInstanceOf(RuntimeException.class);
        bound.close(); // as the embedded host does after a failed start: harmless twice
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            }
        }).isInstanceOf(ConnectException.class);
        try (Orchestrator again = Orchestrator.start(OrchestratorOptions.builder().apiKey(KEY).dataDir(dir.resolve("ok"))
                .port(port).build())) {
            HttpResponse<String> up = HttpClient.newHttpClient().send(HttpRequest.newBuilder(again.url().resolve("/up"))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(up.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void withoutAStopGraceAnAnsweredClientsKeptAliveConnectionIsClosedAtClose() throws Exception {
        assertThat(OrchestratorOptions.builder().apiKey(KEY).dataDir(dir).build().stopGrace())
                .isEqualTo(Duration.ofMillis(100));
        assertThatThrownBy(() -> OrchestratorOptions.builder().apiKey(KEY).dataDir(dir).stopGrace(Duration.ofMillis(-1))
                .build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stopGrace");
        Orchestrator orchestrator = Orchestrator.start(OrchestratorOptions.builder().apiKey(KEY).dataDir(dir)
                .stopGrace(Duration.ZERO).build());
        int port = orchestrator.port();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET /up HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            byte[] answer = new byte[12];
            assertThat(socket.getInputStream().readNBytes(answer, 0, 12)).isEqualTo(12);
            assertThat(new String(answer, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
            orchestrator.close(); // the connection is kept alive and idle
            // closed by the server: the rest of the answer, then the end of the stream (no hang until a timeout)
            while (socket.getInputStream().read() != -1) {
                // the remaining bytes of the answer
            }
        }
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            }
        }).isInstanceOf(ConnectException.class);
    }
}
