package dev.benchfleet.orchestrator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;

/**
 * Test certificates made with the {@code openssl} command, the tool an operator would use (and
 * whose PKCS#8 output is what Terraform's {@code private_key_pem_pkcs8} holds): the files are real
 * PEM as found in the field, not something our own code wrote. Tests are skipped, with the reason
 * printed, where openssl is missing.
 */
final class Certificates {

    record Pair(Path certificate, Path key) {
    }

    private Certificates() {
    }

    /** A self-signed certificate for localhost and 127.0.0.1 with a {@code rsa:2048} or {@code ec} key. */
    static Pair make(Path dir, String keyKind) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path cert = dir.resolve(keyKind + "-cert.pem");
        Path key = dir.resolve(keyKind + "-key.pem");
        List<String> command = new ArrayList<>(List.of("openssl", "req", "-x509", "-nodes", "-days", "2",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-keyout", key.toString(), "-out", cert.toString()));
        if (keyKind.equals("ec")) {
            command.addAll(List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"));
        } else {
            command.addAll(List.of("-newkey", "rsa:2048"));
        }
        run(command, dir);
        return new Pair(cert, key);
    }

    static void run(List<String> command, Path dir) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("openssl.log").toFile())
                    .start();
        } catch (IOException e) {
            System.out.println("Skipping: the openssl command is not available (" + e.getMessage() + ")");
            Assumptions.abort("openssl is not available");
            throw e;
        }
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("openssl failed: " + Files.readString(dir.resolve("openssl.log")));
        }
    }

    /** An SSL context that trusts exactly this certificate. */
    static SSLContext trusting(Path certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            trust.setCertificateEntry("orchestrator", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
