package dev.benchfleet.provider.aws.orchestrator;

import dev.benchfleet.core.error.ExternalException;
import dev.benchfleet.protocol.CertificatePinning;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

/** The pin of a PEM certificate: what Terraform cannot compute from {@code cert_pem}, the master does. */
public final class CertificateFingerprint {

    private CertificateFingerprint() {
    }

    /**
     * SHA-256 of the first certificate's DER bytes, lower-case hex.
     *
     * @throws ExternalException when {@code pem} holds no X.509 certificate
     */
    public static String sha256(String pem) {
        try {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            return CertificatePinning.normalize(CertificatePinning.fingerprint(certificate));
        } catch (CertificateException | ClassCastException e) {
            throw new ExternalException("the orchestrator host's certificate (Terraform output cert_pem) is not an X.509 "
                    + "certificate: " + e.getMessage(), "remove the host with `nuke --orchestrator` and run again", e);
        }
    }
}
