package dev.benchfleet.core.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.benchfleet.core.error.ExternalException;
import dev.benchfleet.core.spi.CancellationToken;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The init lock excludes other threads of this JVM and other processes, without any JVM-wide registry. */
class PluginCacheLockTest {

    @TempDir
    Path cache;

    @Test
    void anotherThreadWaitsUntilTheHolderReleases() throws Exception {
        try (PluginCacheLock held = PluginCacheLock.acquire(cache, Duration.ofSeconds(5), new CancellationToken())) {
            assertThatThrownBy(() -> PluginCacheLock.acquire(cache, Duration.ofMillis(200), new CancellationToken()))
                    .isInstanceOf(ExternalException.class).hasMessageContaining("held the plugin cache " + cache);
            CancellationToken cancelled = new CancellationToken();
            cancelled.cancel();
            assertThatThrownBy(() -> PluginCacheLock.acquire(cache, Duration.ofSeconds(30), cancelled))
                    .isInstanceOf(CancellationToken.CancelledException.class);
        }
        try (PluginCacheLock again = PluginCacheLock.acquire(cache, Duration.ofMillis(200), new CancellationToken())) {
            assertThat(cache.resolve(PluginCacheLock.LOCK_FILE)).exists();
        }
    }

    @Test
    void anotherProcessHoldingTheLockMakesUsWait() throws Exception {
        Path ready = cache.resolve("ready");
        String classPath = location(LockHolder.class) + File.pathSeparator + location(PluginCacheLock.class);
        Process holder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, LockHolder.class.getName(), cache.toString(), ready.toString(), "1500"))
                .redirectErrorStream(true).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(ready) && holder.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(ready).as("the other process holds the lock").exists();
            assertThatThrownBy(() -> PluginCacheLock.acquire(cache, Duration.ofMillis(200), new CancellationToken()))
                    .isInstanceOf(ExternalException.class);
            try (PluginCacheLock mine = PluginCacheLock.acquire(cache, Duration.ofSeconds(30), new CancellationToken())) {
                assertThat(holder.waitFor(10, TimeUnit.SECONDS)).as("we got it once the holder let go").isTrue();
                assertThat(holder.exitValue()).isZero();
            }
        } finally {
            holder.destroyForcibly();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    /** Holds the lock in a separate process: {@code <cache> <ready-file> <millis>}. */
    public static final class LockHolder {
        public static void main(String[] args) throws Exception {
            try (PluginCacheLock lock = PluginCacheLock.acquire(Path.of(args[0]), Duration.ofSeconds(10),
                    new CancellationToken())) {
                Files.writeString(Path.of(args[1]), "held");
                Thread.sleep(Long.parseLong(args[2]));
            }
        }
    }
}
