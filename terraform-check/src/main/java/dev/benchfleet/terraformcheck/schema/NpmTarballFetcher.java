package dev.benchfleet.terraformcheck.schema;

import dev.benchfleet.core.error.ExternalException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Downloads a provider package tarball from an npm registry with one plain HTTPS GET (no {@code npm}), and
 * keeps it only if its SHA-512 is the one pinned for that version.
 */
public final class NpmTarballFetcher {

    /** The public npm registry. */
    public static final URI NPM_REGISTRY = URI.create("https://registry.npmjs.org/");

    /** The largest tarball accepted: the aws package is 37 MB. */
    private static final long MAX_BYTES = 200L * 1024 * 1024;

    private final URI registry;
    private final HttpClient client;
    private final Duration timeout;

    public NpmTarballFetcher(URI registry, Duration timeout) {
        this.registry = registry.toString().endsWith("/") ? registry : URI.create(registry + "/");
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** The URL the tarball of {@code pkg} is fetched from. */
    public URI tarballUri(ProviderPackage pkg) {
        return registry.resolve(pkg.tarballPath());
    }

    /** Downloads the tarball of {@code pkg} into {@code target} (replaced atomically once verified). */
    public void fetch(ProviderPackage pkg, Path target) {
        URI uri = tarballUri(pkg);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        try {
            Files.createDirectories(target.getParent());
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new ExternalException("the npm registry answered HTTP " + response.statusCode() + " for " + uri,
                            "check that " + pkg.npmName() + "@" + pkg.npmVersion() + " exists on " + registry);
                }
                MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
                long total = 0;
                byte[] buffer = new byte[1 << 16];
                try (OutputStream out = Files.newOutputStream(partial)) {
                    int n;
                    while ((n = body.read(buffer)) >= 0) {
                        total += n;
                        if (total > MAX_BYTES) {
                            throw new ExternalException(uri + " is larger than " + MAX_BYTES / (1024 * 1024) + " MB; refusing it", null);
                        }
                        sha512.update(buffer, 0, n);
                        out.write(buffer, 0, n);
                    }
                }
                String actual = HexFormat.of().formatHex(sha512.digest());
                if (!actual.equalsIgnoreCase(pkg.sha512())) {
                    throw new ExternalException(uri + " does not have the pinned SHA-512 of " + pkg.npmName() + "@"
                            + pkg.npmVersion() + " (got " + actual.substring(0, 16) + "…, expected "
                            + pkg.sha512().substring(0, 16) + "…)", "check the registry (" + registry + ") is the real npm registry or a faithful mirror");
                }
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ExternalException("cannot download " + uri + ": " + describe(e),
                    "check the network reaches " + registry + ", or put " + pkg.tarballName()
                            + " into the schema cache by hand (see --help)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExternalException("interrupted while downloading " + uri, null, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-512", e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // a leftover .part file is replaced by the next download
            }
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
    }
}
