package dev.benchfleet.core.registry;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A place provider jars are loaded from: a folder of them (or a single jar).
 *
 * @param path     the folder (or jar)
 * @param source   where it was named, for messages: {@code "next to runner.jar"}, {@code "--provider-path"}...
 * @param explicit whether the user named it: a missing explicit folder is worth a warning, a missing
 *                 default folder is not
 */
public record ProviderFolder(Path path, String source, boolean explicit) {

    public ProviderFolder {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(source, "source");
    }
}
