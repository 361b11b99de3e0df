package dev.benchfleet.orchestrator.uploads;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Uploaded task archives, stored as files named by their object key under one root folder.
 * Keys come from clients, so every key is checked before it becomes a path.
 */
public final class ObjectStore {

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_.-]{1,200}");
    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;

    private final Path root;

    public ObjectStore(Path root) throws IOException {
        this.root = Files.createDirectories(root).toRealPath();
    }

    /** True when {@code key} is a relative path of safe segments, with no {@code .} or {@code ..}. */
    public static boolean isValidKey(String key) {
        if (key == null || key.isEmpty() || key.length() > 1000) {
            return false;
        }
        for (String segment : key.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /** Where the object with this key lives (whether or not it exists yet). */
    public Path pathOf(String key) {
        if (!isValidKey(key)) {
            throw new IllegalArgumentException("Invalid object key");
        }
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("Invalid object key");
        }
        return path;
    }

    /** The stored object, when the key is valid and something was uploaded under it. */
    public Optional<Path> find(String key) {
        if (!isValidKey(key)) {
            return Optional.empty();
        }
        Path path = pathOf(key);
        return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
    }

    /**
     * Stores a gzip stream under {@code key}, replacing an earlier upload only once the new one is
     * complete (a retried upload never leaves a half-written file behind).
     *
     * @return the number of bytes stored
     * @throws UploadRejectedException when the body is too large or not gzip
     */
    public long write(String key, InputStream body, long maxBytes) throws IOException {
        Path target = pathOf(key);
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), ".upload-", ".part");
        try {
            long size = copyLimited(body, temp, maxBytes);
            if (!looksLikeGzip(temp)) {
                throw new UploadRejectedException("Upload body is not gzip data", false);
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return size;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static long copyLimited(InputStream in, Path temp, long maxBytes) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(temp)) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                total += n;
                if (total > maxBytes) {
                    throw new UploadRejectedException("Upload is larger than " + maxBytes + " bytes", true);
                }
                out.write(buffer, 0, n);
            }
        }
        return total;
    }

    private static boolean looksLikeGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == GZIP_MAGIC_1 && in.read() == GZIP_MAGIC_2;
        }
    }
}
