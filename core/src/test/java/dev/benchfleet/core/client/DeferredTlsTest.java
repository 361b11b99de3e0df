package dev.benchfleet.core.client;

import com.sun.net.httpserver.HttpServer;
import dev.benchfleet.protocol.CertificatePinning;
import dev.benchfleet.protocol.DeferredTls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A client for a plain-HTTP orchestrator (the master's and the task runner's) builds no TLS context until an
 * https:// request needs one, and then the one it would have had.
 */
class DeferredTlsTest {

    @TempDir
    Path dir;

    private HttpServer plain;
    private SelfSignedTlsServer tls;

    @BeforeEach
    void startServers() throws Exception {
        tls = SelfSignedTlsServer.start(dir, "127.0.0.1", 204);
        plain = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        plain.createContext("/up", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        plain.start();
    }

    @AfterEach
    void stopServers() {
        plain.stop(0);
        tls.close();
    }

    @Test
    void plainHttpRequestsNeverBuildTheContextAndTheFirstHttpsRequestBuildsItOnce() throws Exception {
        AtomicInteger built = new AtomicInteger();
        HttpClient client = DeferredTls.onFirstUse(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)), () -> {
            built.incrementAndGet();
            return CertificatePinning.sslContext(tls.fingerprint());
        }).build();
        URI plainUp = URI.create("http://127.0.0.1:" + plain.getAddress().getPort() + "/up");

        assertThat(get(client, plainUp)).isEqualTo(204);
        assertThat(get(client, plainUp)).isEqualTo(204);
        assertThat(built).as("no TLS for plain HTTP").hasValue(0);

        assertThat(get(client, tls.url().resolve("/up"))).isEqualTo(204);
        assertThat(get(client, tls.url().resolve("/up"))).isEqualTo(204);
        assertThat(built).as("built on the first https request, then reused").hasValue(1);
    }

    @Test
    void theDefaultContextBuiltLaterKeepsTheJvmsTrust() {
        HttpClient client = DeferredTls.defaultContextOnFirstUse(HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))).build();

        // a self-signed certificate no certificate authority vouches for: refused, as without deferral
        assertThatThrownBy(() -> get(client, tls.url().resolve("/up"))).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void onlyPlainHttpUrlsQualify() {
        assertThat(DeferredTls.isPlainHttp(URI.create("http://127.0.0.1:8080/"))).isTrue();
        assertThat(DeferredTls.isPlainHttp(URI.create("HTTP://127.0.0.1:8080/"))).isTrue();
        assertThat(DeferredTls.isPlainHttp(URI.create("https://127.0.0.1:8443/"))).isFalse();
        assertThat(DeferredTls.isPlainHttp(URI.create("/relative"))).isFalse();
    }

    private static int get(HttpClient client, URI url) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
