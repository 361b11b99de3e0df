package dev.benchfleet.orchestrator.uploads;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Uploaded task archives, stored as files named by their object key under one root folder.
 * Keys come from clients, so every key is checked before it becomes a path.
 */
public final class ObjectStore implements Blobs {

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_.-]{1,200}");

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

    @Override
    public long write(String key, InputStream body, long maxBytes) throws IOException {
        Path target = pathOf(key);
        Files.createDirectories(target.getParent());
        GzipSpool.Spooled spooled = GzipSpool.spool(body, target.getParent(), ".upload-", maxBytes);
        Path temp = spooled.file();
        boolean moved = false;
        try {
            long size = spooled.size();
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            moved = true;
            return size;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }

    @Override
    public void put(String key, Path file) throws IOException {
        Path target = pathOf(key);
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), ".put-", ".part");
        try {
            Files.copy(file, temp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public Optional<Blob> open(String key) throws IOException {
        Optional<Path> file = find(key);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        long size = Files.size(file.get());
        return Optional.of(new Blob() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(file.get());
            }
        });
    }

}
