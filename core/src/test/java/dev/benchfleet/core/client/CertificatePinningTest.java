package dev.benchfleet.core.client;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.benchfleet.core.error.ExternalException;
import dev.benchfleet.core.spi.Secret;
import dev.benchfleet.protocol.CertificatePinning;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The master pins the orchestrator's self-signed certificate: that one is accepted, any other refused. */
class CertificatePinningTest {

    @TempDir
    Path dir;

    private HttpsServer server;
    private String fingerprint;
    private URI url;

    @BeforeEach
    void startTlsServer() throws Exception {
        Path store = dir.resolve("orchestrator.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "orchestrator", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=203.0.113.7", "-ext", "SAN=ip:203.0.113.7", "-keystore", store.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit").inheritIO().start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, "changeit".toCharArray());
        }
        fingerprint = CertificatePinning.fingerprint((X509Certificate) keys.getCertificate("orchestrator"));
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(managers.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/up", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        // The certificate names 203.0.113.7, not 127.0.0.1: with a pin, no host name check takes part.
        url = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void thePinnedCertificateIsAcceptedWithoutACertificateAuthorityOrAHostNameMatch() throws Exception {
        OrchestratorClient client = OrchestratorClient.create(url, Secret.of("k"), Optional.of(fingerprint.toUpperCase()));

        assertThat(client.isUp()).isTrue();
    }

    @Test
    void anyOtherCertificateIsRefusedClearlyAndNeverFallsBack() {
        String wrong = "0".repeat(64);
        OrchestratorClient client = OrchestratorClient.create(url, Secret.of("k"), Optional.of(wrong));

        assertThatThrownBy(client::isUp).isInstanceOf(ExternalException.class)
                .hasMessageContaining("refusing the orchestrator at " + url)
                .hasMessageContaining(fingerprint).hasMessageContaining("not the pinned " + wrong);
    }

    @Test
    void withoutAPinASelfSignedCertificateIsNotTrusted() throws Exception {
        OrchestratorClient client = OrchestratorClient.create(url, Secret.of("k"), Optional.empty());

        assertThat(client.isUp()).isFalse();
    }

    @Test
    void aPinThatIsNotAFingerprintIsRejected() {
        assertThatThrownBy(() -> CertificatePinning.sslContext("abc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("64 hex digits");
    }
}
