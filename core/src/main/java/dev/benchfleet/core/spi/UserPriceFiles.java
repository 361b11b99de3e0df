package dev.benchfleet.core.spi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where a cloud provider keeps the prices {@code catalog refresh <provider>} pulled for the user, and how it
 * replaces them: {@code ~/.benchfleet/catalogs/<provider>-prices.json} unless an environment variable names
 * another file, written whole so a failed refresh keeps the previous file.
 */
public final class UserPriceFiles {

    private UserPriceFiles() {
    }

    /** The file named by {@code variable}, else {@code ~/.benchfleet/catalogs/<provider>-prices.json}. */
    public static Path location(Environment environment, String variable, String provider) {
        return environment.get(variable).map(Path::of).orElseGet(() ->
                Path.of(environment.get("HOME").orElse(System.getProperty("user.home")))
                        .resolve(".benchfleet/catalogs/" + provider + "-prices.json"));
    }

    /** Replaces {@code file} with {@code content}: a temp file beside it, then a rename. */
    public static void replace(Path file, byte[] content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.write(temp, content);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
