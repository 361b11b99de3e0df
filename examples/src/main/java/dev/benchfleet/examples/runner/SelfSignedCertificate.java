package dev.benchfleet.examples.runner;

import dev.benchfleet.core.error.ExternalException;
import dev.benchfleet.core.journal.SecureFiles;
import dev.benchfleet.protocol.CertificatePinning;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for the orchestrator on this machine ({@code --local-orchestrator-tls}),
 * made at start by the JDK's own {@code keytool} (a child process: no extra dependency, and the JDK
 * has no public API that makes certificates). Its PEM files stay in the run's orchestrator folder
 * ({@code tls/cert.pem}, {@code tls/key.pem} 0600) so that a resumed run serves the same certificate,
 * the one its task runners pinned.
 *
 * @param certificate PEM certificate
 * @param key         PEM PKCS#8 private key (0600)
 * @param sha256      the certificate's SHA-256 (of its DER bytes), the pin
 * @param pem         the certificate's PEM text
 */
record SelfSignedCertificate(Path certificate, Path key, String sha256, String pem) {

    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;
    private static final String PASSWORD_VARIABLE = "BENCHFLEET_KEYSTORE_PASSWORD";

    /** The certificate in {@code dir}, made now if it is not there yet. */
    static SelfSignedCertificate inFolder(Path dir) {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        try {
            if (!Files.isRegularFile(cert) || !Files.isRegularFile(key)) {
                make(SecureFiles.privateDirectory(dir), cert, key);
            }
            String pem = Files.readString(cert, StandardCharsets.US_ASCII);
            X509Certificate parsed;
            try (InputStream in = Files.newInputStream(cert)) {
                parsed = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            return new SelfSignedCertificate(cert, key, CertificatePinning.fingerprint(parsed), pem);
        } catch (IOException | GeneralSecurityException e) {
            throw new ExternalException("could not make the orchestrator's self-signed certificate in " + dir + ": "
                    + e.getMessage(), "check that the JDK's keytool runs (" + keytool() + ")", e);
        }
    }

    private static void make(Path dir, Path cert, Path key) throws IOException, GeneralSecurityException {
        Path store = dir.resolve("orchestrator.p12");
        Files.deleteIfExists(store);
        // The store only carries the key from keytool to here; its password never reaches argv (:env).
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random);
        ProcessBuilder pb = new ProcessBuilder(List.of(keytool(), "-genkeypair", "-alias", "orchestrator",
                "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "3650", "-dname", "CN=benchfleet-local-orchestrator",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost,dns:host.docker.internal", "-keystore", store.toString(),
                "-storetype", "PKCS12", "-storepass:env", PASSWORD_VARIABLE, "-keypass:env", PASSWORD_VARIABLE))
                .redirectErrorStream(true).redirectOutput(dir.resolve("keytool.log").toFile());
        pb.environment().put(PASSWORD_VARIABLE, password);
        Process process = pb.start();
        try {
            if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IOException("keytool did not finish within " + KEYTOOL_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while keytool ran", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException("keytool exited " + process.exitValue() + ": "
                    + Files.readString(dir.resolve("keytool.log")).strip());
        }
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keys.load(in, password.toCharArray());
            }
            PrivateKey privateKey = (PrivateKey) keys.getKey("orchestrator", password.toCharArray());
            X509Certificate certificate = (X509Certificate) keys.getCertificate("orchestrator");
            SecureFiles.writePrivate(key, pem("PRIVATE KEY", privateKey.getEncoded())); // getEncoded() is PKCS#8
            SecureFiles.writePrivate(cert, pem("CERTIFICATE", certificate.getEncoded()));
        } finally {
            Files.deleteIfExists(store);
        }
    }

    private static byte[] pem(String type, byte[] der) {
        return ("-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static String keytool() {
        return Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    }
}
