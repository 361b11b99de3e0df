package dev.benchfleet.orchestrator.http;

import dev.benchfleet.orchestrator.runs.OrchestratorException;
import dev.benchfleet.orchestrator.uploads.Blobs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Task runner jars by the SHA-256 of their bytes ({@code /artifacts/task-runner/<sha256>.jar}): the
 * master uploads its own so that every runner of its run runs exactly its build; boot scripts fetch the
 * one their run names. The bundled jar ({@link BundledArtifact}) answers to its own hash too, so a run
 * that uploads nothing still has one. Stored with the other objects (files with H2, the database with
 * PostgreSQL, so every replica serves what one received).
 */
final class TaskRunnerJars {

    /** Largest jar accepted; ours is a few MiB. */
    static final long MAX_BYTES = 64L * 1024 * 1024;
    private static final Pattern NAME = Pattern.compile("([0-9a-f]{64})\\.jar");
    private static final String KEY_PREFIX = "artifacts/task-runner/";

    /** What an upload did. */
    record Stored(String sha256, long bytes, boolean created) {
    }

    private final Blobs objects;
    private final BundledArtifact bundled;

    TaskRunnerJars(Blobs objects, BundledArtifact bundled) {
        this.objects = objects;
        this.bundled = bundled;
    }

    /** The hash a path segment names ({@code <64 lower-case hex>.jar}), if it is one. */
    static Optional<String> hashIn(String segment) {
        Matcher m = NAME.matcher(segment);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /**
     * Stores {@code body} as the jar {@code sha256} names, once: a second upload of the same hash stores
     * nothing (the name is the content). A body whose hash differs, or that is no jar, is refused.
     */
    Stored put(String sha256, InputStream body) throws IOException {
        Path temp = Files.createTempFile("benchfleet-task-runner-", ".jar");
        try {
            MessageDigest digest = sha256Digest();
            long size;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), digest)) {
                size = body.transferTo(out);
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(sha256)) {
                throw OrchestratorException.badRequest("the body's SHA-256 is " + actual + ", not the " + sha256
                        + " its path names");
            }
            try (InputStream in = Files.newInputStream(temp)) {
                byte[] magic = in.readNBytes(4);
                if (magic.length < 4 || magic[0] != 'P' || magic[1] != 'K' || magic[2] != 3 || magic[3] != 4) {
                    throw OrchestratorException.badRequest("the body is not a jar (zip) file");
                }
            }
            if (isBundled(sha256) || objects.open(KEY_PREFIX + sha256 + ".jar").isPresent()) {
                return new Stored(sha256, size, false);
            }
            objects.put(KEY_PREFIX + sha256 + ".jar", temp);
            return new Stored(sha256, size, true);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The jar with this hash: the bundled one, or one a master uploaded. */
    Optional<Exchange.StreamBody> find(String sha256) throws IOException {
        Optional<BundledArtifact.Content> own = bundled.content().filter(c -> c.sha256().equals(sha256));
        if (own.isPresent()) {
            byte[] bytes = own.get().bytes();
            return Optional.of(stream(bytes.length, () -> new java.io.ByteArrayInputStream(bytes)));
        }
        Optional<Blobs.Blob> blob = objects.open(KEY_PREFIX + sha256 + ".jar");
        return blob.map(b -> stream(b.size(), b::open));
    }

    private boolean isBundled(String sha256) {
        return bundled.content().map(c -> c.sha256().equals(sha256)).orElse(false);
    }

    private interface Opener {
        InputStream open() throws IOException;
    }

    private static Exchange.StreamBody stream(long length, Opener opener) {
        return new Exchange.StreamBody() {
            @Override
            public long length() {
                return length;
            }

            @Override
            public InputStream open() throws IOException {
                return opener.open();
            }
        };
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
