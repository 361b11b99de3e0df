package dev.benchfleet.core.terraform;

import dev.benchfleet.core.error.ConfigException;
import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.spi.Environment;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Terraform (or OpenTofu) executable to run, and how it was found: {@code TERRAFORM_BINARY},
 * else {@code terraform} on the {@code PATH}, else {@code tofu} on the {@code PATH}. Finding it
 * starts no process (it only looks at files), so validation may call it.
 *
 * @param path    the executable
 * @param product {@code terraform} or {@code tofu}
 */
public record TerraformBinary(Path path, String product) {

    /** The environment variable that names the binary explicitly. */
    public static final String VARIABLE = "TERRAFORM_BINARY";

    /** Where to get one. */
    public static final String INSTALL_HINT = "Install Terraform " + "1.5 or newer"
            + " (https://developer.hashicorp.com/terraform/install) or OpenTofu (https://opentofu.org/docs/intro/install/),"
            + " put it on the PATH or set " + VARIABLE + " to its path.";

    /** The binary for this environment, or the problem that says why there is none. */
    public static Lookup lookup(Environment environment) {
        Optional<String> explicit = environment.get(VARIABLE);
        if (explicit.isPresent()) {
            Path path = Path.of(explicit.get());
            if (!path.isAbsolute() && path.getNameCount() == 1) {
                // A bare name ("tofu") in TERRAFORM_BINARY is looked up on the PATH like a shell would.
                Optional<Path> onPath = environment.findExecutable(path.toString());
                if (onPath.isPresent()) {
                    return new Lookup(Optional.of(new TerraformBinary(onPath.get(), productOf(onPath.get()))),
                            Optional.empty());
                }
            } else if (isExecutable(path)) {
                return new Lookup(Optional.of(new TerraformBinary(path, productOf(path))), Optional.empty());
            }
            return new Lookup(Optional.empty(), Optional.of(Problem.environment(VARIABLE,
                    "'" + explicit.get() + "' is not an executable file. " + INSTALL_HINT)));
        }
        for (String name : List.of("terraform", "tofu")) {
            Optional<Path> found = environment.findExecutable(name);
            if (found.isPresent()) {
                return new Lookup(Optional.of(new TerraformBinary(found.get(), name)), Optional.empty());
            }
        }
        return new Lookup(Optional.empty(), Optional.of(Problem.environment("PATH",
                "neither terraform nor tofu is on the PATH and " + VARIABLE + " is not set. " + INSTALL_HINT)));
    }

    /**
     * The binary for this environment.
     *
     * @throws ConfigException with the install hint when there is none
     */
    public static TerraformBinary require(Environment environment) {
        Lookup lookup = lookup(environment);
        return lookup.binary().orElseThrow(() -> new ConfigException(lookup.problem().orElseThrow(), INSTALL_HINT));
    }

    /** Result of {@link #lookup}: exactly one of binary and problem is present. */
    public record Lookup(Optional<TerraformBinary> binary, Optional<Problem> problem) { }

    private static boolean isExecutable(Path file) {
        return Files.isRegularFile(file) && Files.isExecutable(file);
    }

    private static String productOf(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).startsWith("tofu") ? "tofu" : "terraform";
    }
}
