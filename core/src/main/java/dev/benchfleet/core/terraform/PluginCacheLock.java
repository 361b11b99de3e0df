package dev.benchfleet.core.terraform;

import dev.benchfleet.core.error.ExternalException;
import dev.benchfleet.core.spi.CancellationToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * Serialises {@code terraform init} on one plugin cache, across threads and across processes:
 * Terraform's plugin cache is not safe for concurrent installs. An OS file lock on
 * {@code <cache>/.benchfleet-init.lock} excludes other processes; within this JVM a second channel's
 * {@code tryLock} on the same file throws {@link OverlappingFileLockException}, which is taken as
 * "busy" too, so no JVM-wide registry of locks is needed.
 */
final class PluginCacheLock implements AutoCloseable {

    static final String LOCK_FILE = ".benchfleet-init.lock";
    private static final Duration POLL = Duration.ofMillis(50);

    private final FileChannel channel;
    private final FileLock lock;

    private PluginCacheLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Waits until this caller holds the cache.
     *
     * @throws ExternalException when it is still held by someone else after {@code timeout}
     * @throws CancellationToken.CancelledException when cancelled while waiting
     */
    static PluginCacheLock acquire(Path cacheDir, Duration timeout, CancellationToken cancellation) {
        try {
            Files.createDirectories(cacheDir);
            Path file = cacheDir.resolve(LOCK_FILE);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = null;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException heldHere) {
                    // another thread of this JVM is in init on this cache
                }
                if (lock != null) {
                    return new PluginCacheLock(channel, lock);
                }
                channel.close();
                if (System.nanoTime() - deadline > 0) {
                    throw new ExternalException("another terraform init has held the plugin cache " + cacheDir
                            + " for more than " + timeout, "If no other Benchfleet run is initialising Terraform, delete "
                            + file + " and retry.");
                }
                if (cancellation.await(POLL)) {
                    throw new CancellationToken.CancelledException();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock the Terraform plugin cache " + cacheDir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationToken.CancelledException();
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel releases it anyway
        }
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
