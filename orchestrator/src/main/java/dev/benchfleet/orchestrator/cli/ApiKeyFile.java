package dev.benchfleet.orchestrator.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * {@code --api-key-file}: the key on the first line of a file only its owner can read (like
 * ssh refuses a private key others can read). Never part of a message: only the path is.
 */
final class ApiKeyFile {

    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private ApiKeyFile() {
    }

    /** The key; IllegalArgumentException naming the file when it is missing, open to others or empty. */
    static String read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--api-key-file " + file + " is not a file");
        }
        try {
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
                if (mode.stream().anyMatch(OTHERS::contains)) {
                    throw new IllegalArgumentException("--api-key-file " + file + " is readable or writable by others (mode "
                            + PosixFilePermissions.toString(mode) + "); run: chmod 600 " + file);
                }
            }
            String first = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
            if (first.isEmpty()) {
                throw new IllegalArgumentException("--api-key-file " + file + " is empty");
            }
            return first;
        } catch (IOException e) {
            throw new IllegalArgumentException("--api-key-file " + file + " cannot be read: " + e.getMessage());
        }
    }
}
