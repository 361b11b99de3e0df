package dev.benchfleet.protocol;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A client for a plain-HTTP orchestrator builds no TLS context until an https:// request needs one. */
class DeferredTlsTest {

    @TempDir
    Path dir;

    private HttpServer plain;
    private HttpsServer tls;
    private String fingerprint;

    @BeforeEach
    void startServers() throws Exception {
        Path store = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-keystore", store.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit").inheritIO().start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, "changeit".toCharArray());
        }
        fingerprint = CertificatePinning.fingerprint((X509Certificate) keys.getCertificate("server"));
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, "changeit".toCharArray());
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(managers.getKeyManagers(), null, null);
        tls = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        tls.setHttpsConfigurator(new HttpsConfigurator(serverContext));
        plain = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        for (HttpServer server : new HttpServer[]{plain, tls}) {
            server.createContext("/up", exchange -> {
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
        }
    }

    @AfterEach
    void stopServers() {
        plain.stop(0);
        tls.stop(0);
    }

    @Test
    void plainHttpRequestsNeverBuildTheContextAndTheFirstHttpsRequestBuildsItOnce() throws Exception {
        AtomicInteger built = new AtomicInteger();
        HttpClient client = DeferredTls.onFirstUse(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)), () -> {
            built.incrementAndGet();
            return CertificatePinning.sslContext(fingerprint);
        }).build();

        assertThat(get(client, url(plain, "http"))).isEqualTo(204);
        assertThat(get(client, url(plain, "http"))).isEqualTo(204);
        assertThat(built).as("no TLS for plain HTTP").hasValue(0);

        assertThat(get(client, url(tls, "https"))).isEqualTo(204);
        assertThat(get(client, url(tls, "https"))).isEqualTo(204);
        assertThat(built).as("built on the first https request, then reused").hasValue(1);
    }

    @Test
    void theDefaultContextBuiltLaterKeepsTheJvmsTrustAndTheHostNameCheck() {
        HttpClient client = DeferredTls.defaultContextOnFirstUse(HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))).build();

        // a self-signed certificate no certificate authority vouches for: refused, as without deferral
        assertThatThrownBy(() -> get(client, url(tls, "https"))).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void onlyPlainHttpUrlsQualify() {
        assertThat(DeferredTls.isPlainHttp(URI.create("http://127.0.0.1:8080/"))).isTrue();
        assertThat(DeferredTls.isPlainHttp(URI.create("HTTP://127.0.0.1:8080/"))).isTrue();
        assertThat(DeferredTls.isPlainHttp(URI.create("https://127.0.0.1:8443/"))).isFalse();
        assertThat(DeferredTls.isPlainHttp(URI.create("/relative"))).isFalse();
    }

    private static URI url(HttpServer server, String scheme) {
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/up");
    }

    private static int get(HttpClient client, URI url) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
