package dev.benchfleet.orchestrator.uploads;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** An upload body copied to a file of its own before it is stored, checked as it passes. */
final class GzipSpool {

    private static final boolean DEFAULT_IS_POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final FileAttribute<?> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final Set<StandardOpenOption> NEW_FILE =
            EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

    /** An upload copied to a file of its own. */
    record Spooled(Path file, long size) {
    }

    private GzipSpool() {
    }

    /**
     * Copies {@code body} into a new file of this process's own in {@code dir} (0600 where the file
     * system has POSIX permissions), refusing more than {@code maxBytes} or non-gzip data (the gzip
     * magic is checked on the bytes as they pass, so the file is never read back). The file is created
     * and opened in one step ({@code O_EXCL}, a fresh random name), not created and then opened again.
     *
     * @return the new file and its size; the file is deleted again when the copy fails
     */
    static Spooled spool(InputStream body, Path dir, String prefix, long maxBytes) throws IOException {
        Path temp;
        SeekableByteChannel channel;
        while (true) {
            temp = dir.resolve(prefix + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)
                    + ".part");
            try {
                channel = Files.newByteChannel(temp, NEW_FILE, ownerOnly(dir));
                break;
            } catch (FileAlreadyExistsException taken) {
                // another upload drew the same name: draw again
            }
        }
        boolean copied = false;
        try {
            long size = copyGzip(body, Channels.newOutputStream(channel), maxBytes);
            copied = true;
            return new Spooled(temp, size);
        } finally {
            if (!copied) {
                Files.deleteIfExists(temp);
            }
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path dir) {
        // asked once for the default file system: every upload asks, and the answer never changes
        boolean posix = dir.getFileSystem() == FileSystems.getDefault() ? DEFAULT_IS_POSIX
                : dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        return posix ? new FileAttribute<?>[] {OWNER_ONLY} : new FileAttribute<?>[0];
    }

    /** Copies {@code body} to {@code out} and closes it: at most {@code maxBytes}, and gzip data only. */
    private static long copyGzip(InputStream body, OutputStream target, long maxBytes) throws IOException {
        byte[] buffer = new byte[8 * 1024];
        long total = 0;
        int first = -1;
        int second = -1;
        try (OutputStream out = target) {
            int n;
            while ((n = body.read(buffer)) != -1) {
                if (total == 0 && n > 0) {
                    first = buffer[0] & 0xff;
                    second = n > 1 ? buffer[1] & 0xff : -1;
                } else if (total == 1 && n > 0) {
                    second = buffer[0] & 0xff;
                }
                total += n;
                if (total > maxBytes) {
                    throw new UploadRejectedException("Upload is larger than " + maxBytes + " bytes", true);
                }
                out.write(buffer, 0, n);
            }
        }
        if (first != 0x1f || second != 0x8b) {
            throw new UploadRejectedException("Upload body is not gzip data", false);
        }
        return total;
    }
}
