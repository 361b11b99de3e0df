package dev.benchfleet.core.terraform;

import dev.benchfleet.core.error.ConfigException;
import dev.benchfleet.core.error.InternalException;
import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.core.spi.Secret;
import dev.benchfleet.core.spi.StartedResource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What every Terraform-backed cloud provider hands its runner machines, checked the same way: the task runner
 * jar (its SHA-256 goes into the boot script), the runner token (it goes into user-data / custom data, so it
 * must be one safe line), the orchestrator URL (plain {@code http(s)://host[:port]}), a text resource of the
 * provider's jar (the runner Dockerfile), and the bookkeeping of teardown (left-over resources, the emptied
 * Terraform folder).
 */
public final class CloudRunnerInputs {

    /** The task runner jar whose SHA-256 the machines check (the same variable as the local provider's). */
    public static final String TASK_RUNNER_JAR = "BENCHFLEET_TASK_RUNNER_JAR";

    /** What may go into user-data as the token: one line of printable ASCII, no spaces or quotes. */
    private static final Pattern TOKEN_SAFE = Pattern.compile("[A-Za-z0-9._~+/=:@-]{16,512}");

    private CloudRunnerInputs() {
    }

    /** Problems with {@link #TASK_RUNNER_JAR}: unset, or no file there. */
    public static List<Problem> taskRunnerJarProblems(Environment environment, String machines) {
        List<Problem> problems = new ArrayList<>();
        Optional<String> jar = environment.get(TASK_RUNNER_JAR);
        if (jar.isEmpty()) {
            problems.add(Problem.environment(TASK_RUNNER_JAR, "is not set: the " + machines + " check the task runner jar's "
                    + "SHA-256; point it at task-runner.jar (./mvnw package builds task-runner/target/task-runner.jar)"));
        } else if (!Files.isRegularFile(Path.of(jar.get()))) {
            problems.add(Problem.environment(TASK_RUNNER_JAR, "no task runner jar at " + jar.get()
                    + " (./mvnw package builds task-runner/target/task-runner.jar)"));
        }
        return problems;
    }

    /** The task runner jar of {@link #TASK_RUNNER_JAR} (validation has checked it). */
    public static Path taskRunnerJar(Environment environment) {
        return Path.of(environment.get(TASK_RUNNER_JAR).orElseThrow(() -> new ConfigException(
                Problem.environment(TASK_RUNNER_JAR, "is not set"), "point it at task-runner.jar")));
    }

    /** SHA-256 of the task runner jar, hex. */
    public static String sha256(Path jar) {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(jar), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (IOException e) {
            throw new ConfigException(Problem.environment(TASK_RUNNER_JAR, "cannot read " + jar + ": " + e.getMessage()), null);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /**
     * Refuses a token that cannot go into a boot script as one line. Checked in Java because a Terraform
     * validation block would print the value.
     *
     * @param machines what gets it, for the message ("machines' user-data", "VMs' custom data")
     */
    public static void requireBootScriptSafe(Secret token, String machines) {
        if (!TOKEN_SAFE.matcher(token.reveal()).matches()) {
            throw new ConfigException(new Problem("-k/--api-key", "the runners' credential goes into the runner " + machines
                    + " and must be 16-512 characters of A-Z a-z 0-9 . _ ~ + / = : @ - (it is not; its value is not shown)"),
                    "use a key made of those characters, or let Benchfleet make one");
        }
    }

    /**
     * The orchestrator URL as the modules accept it: {@code http(s)://host[:port]}, without a trailing slash.
     *
     * @param runners who must reach it, for the message ("EC2 task runners")
     */
    public static String orchestratorUrl(URI url, String runners) {
        String text = url.toString();
        String path = url.getRawPath();
        if (url.getHost() == null || !(path == null || path.isEmpty() || path.equals("/")) || url.getRawQuery() != null
                || url.getRawUserInfo() != null) {
            throw new ConfigException(new Problem("--orchestrator-url", runners + " need a plain http(s)://host[:port] "
                    + "orchestrator URL, got " + url.getScheme() + "://" + url.getHost() + "…"), null);
        }
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    /** A UTF-8 text resource of a provider's jar (e.g. the runner Dockerfile it ships). */
    public static String resourceText(Class<?> anchor, String resource) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new InternalException("the provider jar has no " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A "kind id" line of a provider's journal state as a {@link StartedResource}. */
    public static StartedResource leftResource(String left, String defaultKind) {
        int space = left.indexOf(' ');
        return space < 0 ? new StartedResource(defaultKind, left, "")
                : new StartedResource(left.substring(0, space), left.substring(space + 1), "");
    }

    /** Deletes a Terraform folder after a successful destroy; a folder that cannot go holds an empty state. */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // The destroy succeeded; a leftover folder holds an empty state and is harmless.
        }
    }
}
