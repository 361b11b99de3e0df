package dev.benchfleet.orchestrator.uploads;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Uploaded task archives, stored as files named by their object key under one root folder.
 * Keys come from clients, so every key is checked before it becomes a path.
 *
 * <p>A key's last two segments name one file ({@code run/provider/alias-7/result.tar.gz} is the file
 * {@code alias-7~result.tar.gz} in the folder {@code run/provider}; {@code ~} never occurs in a key):
 * each task's uploads would otherwise need a folder of their own, and making it was a third of the
 * cost of storing an upload. Objects stored by earlier versions, one folder per task, are still found.
 */
public final class ObjectStore implements Blobs {

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_.-]{1,200}");
    /** Joins a key's last two segments into one file name: a character no key segment has. */
    private static final char JOIN = '~';
    /** Folders known to exist, so that an upload makes none; forgotten past this many. */
    private static final int KNOWN_FOLDERS = 4096;

    private final Path root;
    private final Set<Path> knownFolders = ConcurrentHashMap.newKeySet();

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
        int last = key.lastIndexOf('/');
        return inside(last < 0 ? key : key.substring(0, last) + JOIN + key.substring(last + 1));
    }

    /** Where an earlier version stored the object with this (valid) key: the key as a path. */
    private Path legacyPathOf(String key) {
        return inside(key);
    }

    private Path inside(String relative) {
        Path path = root.resolve(relative).normalize();
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
        if (Files.isRegularFile(path)) {
            return Optional.of(path);
        }
        Path legacy = legacyPathOf(key);
        return Files.isRegularFile(legacy) ? Optional.of(legacy) : Optional.empty();
    }

    /**
     * Where a writer on this host puts the object with this key itself (local upload paths): its
     * folder is made, the path returned.
     */
    public Path pathToWrite(String key) throws IOException {
        Path target = pathOf(key);
        folder(target.getParent());
        return target;
    }

    /** Makes {@code folder} unless this store made or saw it before. */
    private Path folder(Path folder) throws IOException {
        if (!knownFolders.contains(folder)) {
            Files.createDirectories(folder);
            if (knownFolders.size() >= KNOWN_FOLDERS) {
                knownFolders.clear();
            }
            knownFolders.add(folder);
        }
        return folder;
    }

    @Override
    public long write(String key, InputStream body, long maxBytes) throws IOException {
        Path target = pathOf(key);
        GzipSpool.Spooled spooled;
        try {
            spooled = GzipSpool.spool(body, folder(target.getParent()), ".upload-", maxBytes);
        } catch (NoSuchFileException removed) {
            // the folder went away since it was made (someone cleaned up): make it again; the body is unread
            knownFolders.remove(target.getParent());
            spooled = GzipSpool.spool(body, folder(target.getParent()), ".upload-", maxBytes);
        }
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
        Path temp = Files.createTempFile(folder(target.getParent()), ".put-", ".part");
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
