package dev.benchfleet.core.registry;

import dev.benchfleet.core.spi.TaskRunnerProvider;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One provider found by a {@link ProviderInventory}, and where it came from.
 *
 * @param name       its name (config key)
 * @param provider   the provider
 * @param className  its implementation class
 * @param jar        the jar its class came from; empty for a provider built into the application
 * @param version    the jar's {@code Implementation-Version} (the application's version for a built-in
 *                   one), or {@code "unknown"}
 * @param spiVersion the SPI version it was built against ({@link dev.benchfleet.core.spi.SpiVersion})
 */
public record LoadedProvider(String name, TaskRunnerProvider provider, String className, Optional<Path> jar,
                             String version, String spiVersion) {

    public LoadedProvider {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(jar, "jar");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(spiVersion, "spiVersion");
    }

    /** Whether it is part of the application rather than loaded from a provider folder. */
    public boolean builtIn() {
        return jar.isEmpty();
    }

    /** {@code "built in"}, or the jar's path. */
    public String origin() {
        return jar.map(Path::toString).orElse("built in");
    }
}
