package dev.benchfleet.protocol;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Certificate pins, shared by the master's client and the task runner. Trusts exactly one server certificate: the one whose SHA-256 (of its DER bytes) is the pin. No
 * certificate authority and no host name check take part — the orchestrator's certificate is
 * self-signed and its name is an IP address — so the pin is the whole of the trust, and a certificate
 * that does not match fails the handshake with a message that shows both fingerprints. Never falls
 * back to anything else.
 */
public final class CertificatePinning {

    private CertificatePinning() {
    }

    /** Whether {@code value} is a SHA-256 fingerprint as users type them: 64 hex digits, any case, colons allowed. */
    public static boolean isFingerprint(String value) {
        return normalize(value).matches("[0-9a-f]{64}");
    }

    /** Lower case hex without colons or spaces. */
    public static String normalize(String value) {
        return value.replace(":", "").replace(" ", "").toLowerCase(Locale.ROOT);
    }

    /**
     * An SSL context whose only trust is the pinned certificate.
     *
     * @throws IllegalArgumentException when {@code sha256Hex} is not a fingerprint ({@link #isFingerprint})
     */
    public static SSLContext sslContext(String sha256Hex) {
        String pin = normalize(sha256Hex);
        if (!pin.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a certificate pin is 64 hex digits (colons allowed), got '" + sha256Hex + "'");
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[]{new PinningTrustManager(pin)}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available in this JVM: " + e.getMessage(), e);
        }
    }

    /** The SHA-256 fingerprint (lower-case hex) of a certificate's DER bytes. */
    public static String fingerprint(X509Certificate certificate) throws CertificateEncodingException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The pin mismatch in {@code e}'s cause chain, if the failure was one. */
    public static java.util.Optional<PinMismatchException> mismatchIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PinMismatchException mismatch) {
                return java.util.Optional.of(mismatch);
            }
        }
        return java.util.Optional.empty();
    }

    /** Raised when the server's certificate is not the pinned one. */
    public static final class PinMismatchException extends CertificateException {
        PinMismatchException(String message) {
            super(message);
        }
    }

    private static final class PinningTrustManager extends X509ExtendedTrustManager {

        private final String pin;

        PinningTrustManager(String pin) {
            this.pin = pin;
        }

        private void check(X509Certificate[] chain) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new PinMismatchException("the orchestrator presented no certificate");
            }
            String actual = fingerprint(chain[0]);
            if (!actual.equals(pin)) {
                throw new PinMismatchException("the orchestrator's certificate has SHA-256 " + actual
                        + ", not the pinned " + pin);
            }
            chain[0].checkValidity();
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("no client certificates are accepted");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
