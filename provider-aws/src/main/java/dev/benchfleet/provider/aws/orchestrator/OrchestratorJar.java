package dev.benchfleet.provider.aws.orchestrator;

import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.spi.Environment;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The {@code orchestrator.jar} this master puts on the host: {@code BENCHFLEET_ORCHESTRATOR_JAR}, else
 * {@code orchestrator.jar} next to the task runner jar (the build copies both next to {@code runner.jar}),
 * else {@code orchestrator/target/orchestrator.jar} of a source checkout.
 *
 * @param path   where it is
 * @param source how it was found, for messages
 */
public record OrchestratorJar(Path path, String source) {

    /** Names the jar explicitly. */
    public static final String VARIABLE = "BENCHFLEET_ORCHESTRATOR_JAR";
    static final String FILE_NAME = "orchestrator.jar";

    /** Where the jar should be; {@link #problem} says whether it is. */
    static OrchestratorJar locate(Environment environment) {
        String given = environment.get(VARIABLE).orElse(null);
        if (given != null && !given.isBlank()) {
            return new OrchestratorJar(Path.of(given.trim()), VARIABLE);
        }
        String runnerJar = environment.get("BENCHFLEET_TASK_RUNNER_JAR").orElse(null);
        if (runnerJar != null && !runnerJar.isBlank()) {
            Path parent = Path.of(runnerJar.trim()).toAbsolutePath().getParent();
            if (parent != null && Files.isRegularFile(parent.resolve(FILE_NAME))) {
                return new OrchestratorJar(parent.resolve(FILE_NAME), "next to " + Path.of(runnerJar.trim()).getFileName());
            }
        }
        return new OrchestratorJar(Path.of("orchestrator", "target", FILE_NAME).toAbsolutePath(), "the source checkout");
    }

    /** Why the jar cannot be used, if it cannot. */
    Optional<Problem> problem() {
        if (Files.isRegularFile(path) && Files.isReadable(path)) {
            return Optional.empty();
        }
        return Optional.of(Problem.environment(VARIABLE, "the cloud orchestrator host needs orchestrator.jar, and there is "
                + "none at " + path + " (" + source + "); set " + VARIABLE + " to the file, or build it with "
                + "`./mvnw -B -ntp -pl examples -am package` (it lands next to runner.jar)"));
    }

    /** SHA-256 of the jar, lower-case hex. */
    String sha256() {
        return sha256(path);
    }

    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
