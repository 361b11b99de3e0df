package dev.benchfleet.core.terraform;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;

/**
 * The run's Terraform log file ({@code logs/<provider>-terraform.log}), opened for one call and
 * appended to line by line (flushed at once, so a crash keeps what was said). Mode 0600: Terraform
 * does not print sensitive values in its UI, but a provider plugin's stray print might.
 */
final class CallLog implements AutoCloseable {

    private final Path file;
    private final BufferedWriter writer;
    private final Clock clock;

    private CallLog(Path file, BufferedWriter writer, Clock clock) {
        this.file = file;
        this.writer = writer;
        this.clock = clock;
    }

    static CallLog open(Path file, Clock clock) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            createPrivate(file);
            return new CallLog(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND), clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the Terraform log " + file, e);
        }
    }

    Path file() {
        return file;
    }

    Instant now() {
        return clock.instant();
    }

    synchronized void line(String line) {
        try {
            writer.write(line);
            writer.newLine();
            writer.flush();
        } catch (IOException e) {
            // The log is for people; a full disk must not turn a good apply into a failed one.
        }
    }

    @Override
    public synchronized void close() {
        try {
            writer.close();
        } catch (IOException e) {
            // nothing more to save
        }
    }

    private static void createPrivate(Path file) throws IOException {
        if (Files.exists(file)) {
            return;
        }
        try {
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException raced) {
            // another call created it first: fine
        }
    }
}
