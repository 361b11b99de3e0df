package dev.benchfleet.core.terraform;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Files and folders only their owner may read: a run's Terraform folder holds its state. */
final class PrivateFiles {

    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {
    }

    static void createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Files.createDirectories(dir);
        if (posix(dir)) {
            Files.setPosixFilePermissions(dir, DIR);
        }
    }

    /** Writes to a temporary sibling (0600) and moves it in place, so a reader never sees half a file. */
    static void writeAtomically(Path target, byte[] content) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            if (posix(tmp)) {
                Files.setPosixFilePermissions(tmp, FILE);
            }
            Files.write(tmp, content);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Makes an existing file 0600 (Terraform writes its state 0644). */
    static void restrict(Path file) throws IOException {
        if (Files.isRegularFile(file) && posix(file)) {
            Files.setPosixFilePermissions(file, FILE);
        }
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
