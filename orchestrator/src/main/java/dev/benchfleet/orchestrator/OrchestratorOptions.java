package dev.benchfleet.orchestrator;

import dev.benchfleet.protocol.ApiKey;
import dev.benchfleet.orchestrator.http.ClientGuard;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How an orchestrator is set up. Build with {@link #builder()}; {@code apiKey} and {@code dataDir}
 * are required, everything else has the protocol's default. {@code toString} masks the key.
 *
 * @param bindAddress address to listen on; loopback by default, so exposing it is a decision
 * @param port TCP port; 0 picks a free one
 * @param dataDir H2 database, uploaded archives, results archives and the URL signing key live here
 * @param publicUrl base URL handed out in upload and results URLs; null means the {@code Host} each
 *     request came in on (the bound URL when a request has none)
 * @param jdbcUrl database to use instead of the H2 file in {@code dataDir} (e.g. PostgreSQL); null for H2
 * @param heartbeatTimeout a held task silent for longer than this fails with {@code timeout}
 * @param retryAfterSeconds {@code retry_after_seconds} of a {@code wait} claim answer
 * @param monitorInterval how often silent tasks are looked for; null means min(timeout / 4, 5 s)
 * @param uploadUrlLifetime how long the upload URLs of a claim stay valid
 * @param maxUploadBytes largest accepted upload body
 * @param localUploadPaths answer claims with local file paths instead of upload URLs, for runners
 *     on this host
 * @param httpThreads request-handling threads
 * @param tlsCertificate PEM certificate chain; with {@code tlsKey}, the port serves HTTPS only
 * @param tlsKey PEM PKCS#8 private key of {@code tlsCertificate}
 * @param clientLimits per-client-address caps and read deadlines (see {@link ClientGuard.Limits})
 * @param idleTimeout a connection with no traffic at all for this long is closed
 * @param stopGrace how long closing lets answers still being written and kept-alive idle connections finish
 *     (Jetty waits it in full for every idle kept-alive connection); null means 100 ms, zero closes them at once
 *     (the embedded orchestrator: its only client left at close is the master that closes it)
 */
public record OrchestratorOptions(
        String bindAddress,
        int port,
        ApiKey apiKey,
        Path dataDir,
        URI publicUrl,
        String jdbcUrl,
        Duration heartbeatTimeout,
        int retryAfterSeconds,
        Duration monitorInterval,
        Duration uploadUrlLifetime,
        long maxUploadBytes,
        boolean localUploadPaths,
        int httpThreads,
        Path tlsCertificate,
        Path tlsKey,
        ClientGuard.Limits clientLimits,
        Duration idleTimeout,
        Duration stopGrace) {

    private static final Duration MAX_MONITOR_INTERVAL = Duration.ofSeconds(5);
    private static final Duration DEFAULT_STOP_GRACE = Duration.ofMillis(100);

    public OrchestratorOptions {
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (apiKey == null) {
            throw new IllegalArgumentException("apiKey is required");
        }
        if (dataDir == null) {
            throw new IllegalArgumentException("dataDir is required");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        requirePositive(heartbeatTimeout, "heartbeatTimeout");
        requirePositive(uploadUrlLifetime, "uploadUrlLifetime");
        if (monitorInterval == null) {
            Duration quarter = heartbeatTimeout.dividedBy(4);
            monitorInterval = quarter.compareTo(MAX_MONITOR_INTERVAL) < 0 ? quarter : MAX_MONITOR_INTERVAL;
            if (monitorInterval.isZero()) {
                monitorInterval = Duration.ofMillis(1);
            }
        }
        requirePositive(monitorInterval, "monitorInterval");
        if (retryAfterSeconds < 1) {
            throw new IllegalArgumentException("retryAfterSeconds must be >= 1, got " + retryAfterSeconds);
        }
        if (maxUploadBytes < 1 || httpThreads < 1) {
            throw new IllegalArgumentException("maxUploadBytes and httpThreads must be >= 1");
        }
        if (publicUrl != null && (!"http".equals(publicUrl.getScheme()) && !"https".equals(publicUrl.getScheme())
                || publicUrl.getHost() == null)) {
            throw new IllegalArgumentException("publicUrl must be an absolute http(s) URL, got " + publicUrl);
        }
        if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:")) {
            throw new IllegalArgumentException("jdbcUrl must start with jdbc:");
        }
        if ((tlsCertificate == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("a TLS certificate and its key go together: give both or neither");
        }
        if (clientLimits == null) {
            clientLimits = ClientGuard.Limits.defaults();
        }
        if (idleTimeout == null) {
            idleTimeout = Duration.ofSeconds(30);
        }
        requirePositive(idleTimeout, "idleTimeout");
        if (stopGrace == null) {
            stopGrace = DEFAULT_STOP_GRACE;
        }
        if (stopGrace.isNegative()) {
            throw new IllegalArgumentException("stopGrace must not be negative, got " + stopGrace);
        }
    }

    /** True when the port serves HTTPS. */
    public boolean tls() {
        return tlsCertificate != null;
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration");
        }
    }

    @Override
    public String toString() {
        // jdbcUrl may carry a password (jdbc:postgresql://...?password=...), so it is masked too.
        return "OrchestratorOptions[bindAddress=" + bindAddress + ", port=" + port + ", apiKey=" + apiKey
                + ", dataDir=" + dataDir + ", publicUrl=" + publicUrl + ", jdbcUrl="
                + (jdbcUrl == null ? null : jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***"))
                + ", heartbeatTimeout=" + heartbeatTimeout + ", retryAfterSeconds=" + retryAfterSeconds
                + ", monitorInterval=" + monitorInterval + ", uploadUrlLifetime=" + uploadUrlLifetime
                + ", maxUploadBytes=" + maxUploadBytes + ", localUploadPaths=" + localUploadPaths
                + ", httpThreads=" + httpThreads + ", tlsCertificate=" + tlsCertificate + ", tlsKey=" + tlsKey
                + ", clientLimits=" + clientLimits + ", idleTimeout=" + idleTimeout + ", stopGrace=" + stopGrace + "]";
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects options; unset values keep their defaults. */
    public static final class Builder {
        private String bindAddress = "127.0.0.1";
        private int port;
        private ApiKey apiKey;
        private Path dataDir;
        private URI publicUrl;
        private String jdbcUrl;
        private Duration heartbeatTimeout = Duration.ofSeconds(120);
        private int retryAfterSeconds = 1;
        private Duration monitorInterval;
        private Duration uploadUrlLifetime = Duration.ofHours(24);
        private long maxUploadBytes = 256L * 1024 * 1024;
        private boolean localUploadPaths;
        private int httpThreads = 16;
        private Path tlsCertificate;
        private Path tlsKey;
        private ClientGuard.Limits clientLimits;
        private Duration idleTimeout;
        private Duration stopGrace;

        private Builder() {
        }

        /** Serve HTTPS only, with this PEM certificate chain and PKCS#8 PEM key. */
        public Builder tls(Path certificate, Path key) {
            this.tlsCertificate = certificate;
            this.tlsKey = key;
            return this;
        }

        public Builder clientLimits(ClientGuard.Limits value) {
            this.clientLimits = value;
            return this;
        }

        public Builder stopGrace(Duration value) {
            this.stopGrace = value;
            return this;
        }

        public Builder idleTimeout(Duration value) {
            this.idleTimeout = value;
            return this;
        }

        public Builder bindAddress(String value) {
            this.bindAddress = value;
            return this;
        }

        public Builder port(int value) {
            this.port = value;
            return this;
        }

        /** The API key clients must present; see {@link ApiKey#of} for what is refused. */
        public Builder apiKey(String value) {
            this.apiKey = ApiKey.of(value);
            return this;
        }

        public Builder apiKey(ApiKey value) {
            this.apiKey = value;
            return this;
        }

        public Builder dataDir(Path value) {
            this.dataDir = value;
            return this;
        }

        public Builder publicUrl(URI value) {
            this.publicUrl = value;
            return this;
        }

        public Builder jdbcUrl(String value) {
            this.jdbcUrl = value;
            return this;
        }

        public Builder heartbeatTimeout(Duration value) {
            this.heartbeatTimeout = value;
            return this;
        }

        public Builder retryAfterSeconds(int value) {
            this.retryAfterSeconds = value;
            return this;
        }

        public Builder monitorInterval(Duration value) {
            this.monitorInterval = value;
            return this;
        }

        public Builder uploadUrlLifetime(Duration value) {
            this.uploadUrlLifetime = value;
            return this;
        }

        public Builder maxUploadBytes(long value) {
            this.maxUploadBytes = value;
            return this;
        }

        public Builder localUploadPaths(boolean value) {
            this.localUploadPaths = value;
            return this;
        }

        public Builder httpThreads(int value) {
            this.httpThreads = value;
            return this;
        }

        public OrchestratorOptions build() {
            return new OrchestratorOptions(bindAddress, port, apiKey, dataDir, publicUrl, jdbcUrl, heartbeatTimeout,
                    retryAfterSeconds, monitorInterval, uploadUrlLifetime, maxUploadBytes, localUploadPaths,
                    httpThreads, tlsCertificate, tlsKey, clientLimits, idleTimeout, stopGrace);
        }
    }
}
