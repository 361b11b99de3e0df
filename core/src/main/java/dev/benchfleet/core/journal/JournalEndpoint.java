package dev.benchfleet.core.journal;

import dev.benchfleet.core.spi.Secret;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a run's orchestrator is, as the journal remembers it.
 *
 * @param host          the orchestrator host that provided it ({@code embedded}, {@code existing}, ...)
 * @param url           its base URL
 * @param dashboardUrl  its dashboard
 * @param obtained      how the URL was obtained, for people ("started in this process", "--orchestrator-url")
 * @param certSha256    SHA-256 (hex) of its TLS certificate, when the client pins it; else empty
 * @param apiKey        the key; the journal (0600) is the one file that stores it
 */
public record JournalEndpoint(String host, URI url, URI dashboardUrl, String obtained, Optional<String> certSha256,
                              Secret apiKey) {

    public JournalEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(dashboardUrl, "dashboardUrl");
        Objects.requireNonNull(obtained, "obtained");
        Objects.requireNonNull(certSha256, "certSha256");
        Objects.requireNonNull(apiKey, "apiKey");
    }
}
