package dev.benchfleet.core.host;

import dev.benchfleet.core.spi.Secret;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the orchestrator of a run is, as soon as a host knows it (it may not answer yet).
 *
 * @param url          its base URL
 * @param dashboardUrl its HTML dashboard
 * @param apiKey       the admin key
 * @param certSha256   SHA-256 (hex, of the DER bytes) of its TLS certificate, which the master pins; empty for plain HTTP
 * @param certPem      its TLS certificate in PEM, when the host knows it (cloud boot scripts trust exactly this
 *                     certificate); empty for plain HTTP or when only the pin was given
 * @param obtained     how it was obtained, for people ("started in this process", "--orchestrator-url")
 */
public record OrchestratorEndpoint(URI url, URI dashboardUrl, Secret apiKey, Optional<String> certSha256,
                                   Optional<String> certPem, String obtained) {

    /** An endpoint whose certificate is known by its pin only (or plain HTTP). */
    public OrchestratorEndpoint(URI url, URI dashboardUrl, Secret apiKey, Optional<String> certSha256, String obtained) {
        this(url, dashboardUrl, apiKey, certSha256, Optional.empty(), obtained);
    }

    public OrchestratorEndpoint {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(dashboardUrl, "dashboardUrl");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(certSha256, "certSha256");
        Objects.requireNonNull(certPem, "certPem");
        Objects.requireNonNull(obtained, "obtained");
    }
}
