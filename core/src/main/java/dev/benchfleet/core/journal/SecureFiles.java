package dev.benchfleet.core.journal;

import dev.benchfleet.core.error.InternalException;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Folders only the user may enter (0700) and files only the user may read (0600), written whole and
 * atomically: a reader sees the old file or the new one, never half of one, and the file is never
 * readable by others, not even for a moment.
 */
public final class SecureFiles {

    static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private SecureFiles() {
    }

    /** Creates {@code dir} (and missing parents) and makes {@code dir} itself 0700. */
    public static Path privateDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
            if (POSIX) {
                Files.setPosixFilePermissions(dir, PRIVATE_DIR);
            }
            return dir;
        } catch (IOException e) {
            throw new InternalException("cannot create the private folder " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Replaces {@code file} with {@code content}, atomically, mode 0600. */
    public static void writePrivate(Path file, byte[] content) {
        Path temp = null;
        try {
            Path dir = file.toAbsolutePath().getParent();
            temp = POSIX
                    ? Files.createTempFile(dir, "." + file.getFileName(), ".tmp", PosixFilePermissions.asFileAttribute(PRIVATE_FILE))
                    : Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            Files.write(temp, content, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
        } catch (IOException e) {
            throw new InternalException("cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // best effort; the temp file is 0600 anyway
                }
            }
        }
    }
}
