package dev.benchfleet.core.client;

import dev.benchfleet.core.error.ExternalException;
import dev.benchfleet.core.spi.Secret;
import dev.benchfleet.protocol.CertificatePinning;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The master pins the orchestrator's self-signed certificate: that one is accepted, any other refused. */
class CertificatePinningTest {

    @TempDir
    Path dir;

    private SelfSignedTlsServer server;
    private String fingerprint;
    private URI url;

    @BeforeEach
    void startTlsServer() throws Exception {
        // The certificate names 203.0.113.7, not 127.0.0.1: with a pin, no host name check takes part.
        server = SelfSignedTlsServer.start(dir, "203.0.113.7", 200);
        fingerprint = server.fingerprint();
        url = server.url();
    }

    @AfterEach
    void stop() {
        server.close();
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
