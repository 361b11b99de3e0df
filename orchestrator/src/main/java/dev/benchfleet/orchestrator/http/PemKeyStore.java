package dev.benchfleet.orchestrator.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TLS key store from PEM files as ACME clients, openssl and Terraform's {@code tls} provider write
 * them: a certificate chain ({@code BEGIN CERTIFICATE}, server certificate first) and an
 * unencrypted PKCS#8 private key ({@code BEGIN PRIVATE KEY}, Terraform's
 * {@code private_key_pem_pkcs8}), RSA or EC. Only the JDK is used.
 */
public final class PemKeyStore {

    private static final Pattern PKCS8 =
            Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    /** The in-memory store and the random password it was sealed with. */
    public record Loaded(KeyStore keyStore, String password) {
        @Override
        public String toString() {
            return "PemKeyStore.Loaded[password redacted]";
        }
    }

    private PemKeyStore() {
    }

    /**
     * Reads both files.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static Loaded load(Path certificateFile, Path keyFile) {
        List<? extends Certificate> chain = certificates(certificateFile);
        PrivateKey key = privateKey(keyFile);
        try {
            if (!matches(key, chain.get(0))) {
                throw new IllegalArgumentException("--tls-key " + keyFile + " does not go with the certificate in "
                        + certificateFile + " (the first certificate must be the server's own)");
            }
            String password = java.util.UUID.randomUUID().toString();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("orchestrator", key, password.toCharArray(), chain.toArray(new Certificate[0]));
            return new Loaded(store, password);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("--tls-key " + keyFile + " does not go with the certificate in "
                    + certificateFile + ": " + e.getMessage());
        }
    }

    /** Signs a probe with the key and checks it with the certificate's public key. */
    private static boolean matches(PrivateKey key, Certificate certificate) throws GeneralSecurityException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm();
        };
        if (!key.getAlgorithm().equals(certificate.getPublicKey().getAlgorithm())
                && !(key.getAlgorithm().startsWith("Ed") && certificate.getPublicKey().getAlgorithm().startsWith("Ed"))) {
            return false;
        }
        byte[] probe = "benchfleet".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(probe);
        return verifier.verify(signature);
    }

    private static List<? extends Certificate> certificates(Path file) {
        byte[] pem = read(file, "--tls-cert");
        try {
            List<? extends Certificate> chain = List.copyOf(CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem)));
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("--tls-cert " + file + " holds no certificate");
            }
            return chain;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("--tls-cert " + file + " is not a PEM certificate (BEGIN CERTIFICATE)");
        }
    }

    private static PrivateKey privateKey(Path file) {
        String pem = new String(read(file, "--tls-key"), StandardCharsets.US_ASCII);
        Matcher m = PKCS8.matcher(pem);
        if (!m.find()) {
            String hint = pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN EC PRIVATE KEY")
                    ? " (it is PKCS#1/SEC1: convert with `openssl pkcs8 -topk8 -nocrypt -in old.pem -out key.pem`, or use"
                    + " Terraform's private_key_pem_pkcs8)"
                    : pem.contains("BEGIN ENCRYPTED PRIVATE KEY") ? " (it is encrypted: give the key unencrypted, 0600)" : "";
            throw new IllegalArgumentException("--tls-key " + file + " is not an unencrypted PKCS#8 PEM key"
                    + " (BEGIN PRIVATE KEY)" + hint);
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--tls-key " + file + " holds broken base64");
        }
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("--tls-key " + file + " is not an RSA, EC or Ed25519 key");
    }

    private static byte[] read(Path file, String flag) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(flag + " " + file + " cannot be read: " + e.getMessage());
        }
    }
}
