package dev.benchfleet.protocol;

import java.net.URI;
import java.net.http.HttpClient;

/**
 * The TLS set-up of a client of the orchestrator, the master's and the task runner's alike: with a
 * certificate pin, the pin is the whole of the trust ({@link CertificatePinning}); for a plain
 * {@code http://} orchestrator, no TLS context until an {@code https://} request needs one
 * ({@link DeferredTls}); otherwise the client's ordinary set-up.
 */
public final class OrchestratorTls {

    private OrchestratorTls() {
    }

    /**
     * @param orchestratorUrl the orchestrator's base URL
     * @param certSha256      the pinned certificate's SHA-256, or {@code null} when none is pinned
     */
    public static HttpClient.Builder configure(HttpClient.Builder builder, URI orchestratorUrl, String certSha256) {
        if (certSha256 != null) {
            return builder.sslContext(CertificatePinning.sslContext(certSha256));
        }
        if (DeferredTls.isPlainHttp(orchestratorUrl)) {
            return DeferredTls.defaultContextOnFirstUse(builder);
        }
        return builder;
    }
}
