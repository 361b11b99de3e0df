package dev.benchfleet.core.terraform;

import dev.benchfleet.core.spi.Environment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the driver runs Terraform, the same for every call of a run.
 *
 * @param binary          the executable
 * @param pluginCacheDir  the shared {@code TF_PLUGIN_CACHE_DIR}; {@code init} holds a file lock in it
 * @param interruptGrace  after SIGINT, how long Terraform gets to stop cleanly (and save state) before it is killed
 * @param initTimeout     the longest an {@code init} may take (provider downloads)
 * @param applyTimeout    the longest an {@code apply} or {@code destroy} may take
 * @param quickTimeout    the longest {@code version}, {@code validate}, {@code output}, {@code show} may take
 * @param initLockTimeout the longest to wait for another {@code init} sharing the plugin cache
 */
public record TerraformSettings(TerraformBinary binary, Path pluginCacheDir, Duration interruptGrace,
                                Duration initTimeout, Duration applyTimeout, Duration quickTimeout,
                                Duration initLockTimeout) {

    /** Overrides the shared plugin cache folder. */
    public static final String PLUGIN_CACHE_VARIABLE = "BENCHFLEET_TERRAFORM_PLUGIN_CACHE";

    /** The default grace between SIGINT and kill. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(60);

    public TerraformSettings {
        Objects.requireNonNull(binary, "binary");
        Objects.requireNonNull(pluginCacheDir, "pluginCacheDir");
        requirePositive(interruptGrace, "interruptGrace");
        requirePositive(initTimeout, "initTimeout");
        requirePositive(applyTimeout, "applyTimeout");
        requirePositive(quickTimeout, "quickTimeout");
        requirePositive(initLockTimeout, "initLockTimeout");
    }

    /**
     * Settings for this environment: the binary from {@link TerraformBinary#require}, the plugin cache
     * at {@value #PLUGIN_CACHE_VARIABLE} or {@code $HOME/.benchfleet/terraform-plugin-cache}, a 60 s grace,
     * 15 min for init, 60 min for apply and destroy, 2 min for the quick calls.
     *
     * @throws dev.benchfleet.core.error.ConfigException when no binary is found
     */
    public static TerraformSettings fromEnvironment(Environment environment) {
        return defaults(TerraformBinary.require(environment), environment.get(PLUGIN_CACHE_VARIABLE)
                .map(Path::of)
                .orElseGet(() -> Path.of(environment.get("HOME").orElse(System.getProperty("user.home")),
                        ".benchfleet", "terraform-plugin-cache")));
    }

    /** The default timeouts with this binary and plugin cache. */
    public static TerraformSettings defaults(TerraformBinary binary, Path pluginCacheDir) {
        return new TerraformSettings(binary, pluginCacheDir.toAbsolutePath(), DEFAULT_GRACE, Duration.ofMinutes(15),
                Duration.ofMinutes(60), Duration.ofMinutes(2), Duration.ofMinutes(20));
    }

    /** A copy with another grace between SIGINT and kill. */
    public TerraformSettings withInterruptGrace(Duration grace) {
        return new TerraformSettings(binary, pluginCacheDir, grace, initTimeout, applyTimeout, quickTimeout,
                initLockTimeout);
    }

    /** A copy with other timeouts. */
    public TerraformSettings withTimeouts(Duration init, Duration apply, Duration quick) {
        return new TerraformSettings(binary, pluginCacheDir, interruptGrace, init, apply, quick, initLockTimeout);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
