package dev.benchfleet.orchestrator.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A file bundled into {@code orchestrator.jar} at build time (the task runner's jar), served to
 * whoever asks: it holds no secret. Read once, on first request; absent in the plain library jar
 * (embedded orchestrators answer 404).
 */
final class BundledArtifact {

    /** The bytes and their SHA-256 in hex. */
    record Content(byte[] bytes, String sha256) {
    }

    private final String resource;
    private volatile Optional<Content> content;

    BundledArtifact(String resource) {
        this.resource = resource;
    }

    Optional<Content> content() {
        Optional<Content> loaded = content;
        if (loaded == null) {
            synchronized (this) {
                loaded = content;
                if (loaded == null) {
                    loaded = load();
                    content = loaded;
                }
            }
        }
        return loaded;
    }

    private Optional<Content> load() {
        try (InputStream in = BundledArtifact.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            return Optional.of(new Content(bytes, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(bytes))));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the bundled " + resource, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
