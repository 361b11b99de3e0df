package dev.benchfleet.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PEM files as openssl writes them (see Certificates in the parent package for why openssl). */
class PemKeyStoreTest {

    @TempDir
    Path dir;

    @Test
    void rsaAndEcPkcs8KeysLoadAndOtherFormsAreRefusedWithTheFix() throws Exception {
        for (String kind : List.of("rsa", "ec")) {
            Path cert = dir.resolve(kind + "-cert.pem");
            Path key = dir.resolve(kind + "-key.pem");
            openssl(List.of("openssl", "req", "-x509", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-newkey", kind.equals("ec") ? "ec" : "rsa:2048", "-pkeyopt",
                    kind.equals("ec") ? "ec_paramgen_curve:prime256v1" : "rsa_keygen_bits:2048",
                    "-keyout", key.toString(), "-out", cert.toString()));
            PemKeyStore.Loaded loaded = PemKeyStore.load(cert, key);
            assertThat(loaded.keyStore().isKeyEntry("orchestrator")).isTrue();
            assertThat(loaded.toString()).doesNotContain(loaded.password());
        }
        Path rsa1 = dir.resolve("pkcs1.pem");
        openssl(List.of("openssl", "rsa", "-in", dir.resolve("rsa-key.pem").toString(), "-traditional",
                "-out", rsa1.toString()));
        assertThatThrownBy(() -> PemKeyStore.load(dir.resolve("rsa-cert.pem"), rsa1))
                .hasMessageContaining("PKCS#1").hasMessageContaining("private_key_pem_pkcs8");
        assertThatThrownBy(() -> PemKeyStore.load(dir.resolve("rsa-cert.pem"), dir.resolve("ec-key.pem")))
                .hasMessageContaining("does not go with the certificate");
        assertThatThrownBy(() -> PemKeyStore.load(dir.resolve("rsa-key.pem"), dir.resolve("rsa-key.pem")))
                .hasMessageContaining("--tls-cert").hasMessageContaining("not a PEM certificate");
        assertThatThrownBy(() -> PemKeyStore.load(dir.resolve("missing.pem"), dir.resolve("rsa-key.pem")))
                .hasMessageContaining("cannot be read");
    }

    private void openssl(List<String> command) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("openssl.log").toFile())
                    .start();
        } catch (java.io.IOException e) {
            System.out.println("Skipping PemKeyStoreTest: the openssl command is not available");
            org.junit.jupiter.api.Assumptions.abort("openssl is not available");
            return;
        }
        assertThat(p.waitFor()).as(Files.readString(dir.resolve("openssl.log"))).isZero();
    }
}
