package dev.benchfleet.taskrunner.upload;

import dev.benchfleet.protocol.ApiKey;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * Delivers an archive to an upload URL from a claim answer: HTTP {@code PUT} with
 * {@code Content-Type: application/gzip}, or a plain copy when the "URL" is a local path
 * (starts with {@code /}). Upload URLs are credentials, so messages show them without their query.
 */
public final class Uploader {

    private final HttpClient http;
    private final Duration timeout;
    private final ApiKey apiKey;
    private final URI orchestratorUrl;

    /**
     * The API key goes along as {@code Authorization} only to the orchestrator's own origin: upload
     * URLs need no credential, S3 rejects a presigned request that carries a second one, and the
     * key has no business reaching any other host.
     */
    public Uploader(HttpClient http, Duration timeout, ApiKey apiKey, URI orchestratorUrl) {
        this.http = http;
        this.timeout = timeout;
        this.apiKey = apiKey;
        this.orchestratorUrl = orchestratorUrl;
    }

    public void upload(Path archive, String url) throws UploadException, InterruptedException {
        if (url.startsWith("/")) {
            copy(archive, Path.of(url));
            return;
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new UploadException("upload URL is not valid", false, null);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new UploadException("upload URL must be http(s) or a path starting with /, got scheme "
                    + uri.getScheme(), false, null);
        }
        put(archive, uri);
    }

    private void put(Path archive, URI uri) throws UploadException, InterruptedException {
        String where = redact(uri);
        HttpResponse<String> response;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                    .timeout(timeout)
                    .header("Content-Type", "application/gzip")
                    .PUT(HttpRequest.BodyPublishers.ofFile(archive));
            if (sameOrigin(uri, orchestratorUrl)) {
                request.header("Authorization", apiKey.authorization());
            }
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UploadException("PUT " + where + " failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), true, e);
        }
        int code = response.statusCode();
        if (code < 200 || code >= 300) {
            boolean retryable = code >= 500 || code == 408 || code == 429;
            throw new UploadException("PUT " + where + " answered " + code, retryable, null);
        }
    }

    private static void copy(Path archive, Path target) throws UploadException {
        try {
            Path parent = target.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.copy(archive, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UploadException("copy to " + target + " failed: " + e.getMessage(), false, e);
        }
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
                && effectivePort(a) == effectivePort(b);
    }

    private static int effectivePort(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static String redact(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?...");
    }
}
