package dev.benchfleet.core.flow;

import dev.benchfleet.core.client.OrchestratorClient;
import dev.benchfleet.core.error.ConfigException;
import dev.benchfleet.core.error.ExternalException;
import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.core.spi.Secret;
import dev.benchfleet.protocol.ApiKey;
import dev.benchfleet.protocol.RunnerTokens;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * What the master hands its providers for their task runners instead of the admin key: the run's
 * runner token and the hash of its own {@code task-runner.jar}.
 *
 * <p>Both are known before the orchestrator answers, which {@code pre_orchestrator} providers need
 * (their machines are created while it starts): the token is derived from the admin key like the
 * orchestrator derives it ({@link RunnerTokens}), the hash from the jar. Once the orchestrator is up,
 * {@link #publish} uploads the jar and {@link #confirm} checks that the orchestrator issues the same
 * token. An orchestrator that knows neither (one not built by Benchfleet) is told apart by its
 * {@code 404}: the runners of the providers still to start then get the admin key and its own runner jar.
 */
final class RunnerCredentials {

    /** The master's task runner jar ({@code task-runner.jar} next to {@code runner.jar} by default). */
    static final String TASK_RUNNER_JAR = "BENCHFLEET_TASK_RUNNER_JAR";

    private final String runId;
    private final Secret adminKey;
    private final Secret derivedToken;
    private final Optional<Path> jar;
    private final Optional<String> jarSha256;
    private boolean tokensIssued = true;
    private boolean jarPublished = true;

    private RunnerCredentials(String runId, Secret adminKey, Optional<Path> jar, Optional<String> jarSha256) {
        this.runId = runId;
        this.adminKey = adminKey;
        this.derivedToken = Secret.of(RunnerTokens.derive(adminKeyOf(adminKey), runId));
        this.jar = jar;
        this.jarSha256 = jarSha256;
    }

    /**
     * Derives the token and, when some runner of the run fetches the jar from the orchestrator
     * ({@code runnersFetchJar}), hashes the jar {@code BENCHFLEET_TASK_RUNNER_JAR} names, if it names one that
     * exists; otherwise there is no jar to publish.
     */
    static RunnerCredentials of(String runId, Secret adminKey, Environment environment, boolean runnersFetchJar) {
        Optional<Path> jar = runnersFetchJar
                ? environment.get(TASK_RUNNER_JAR).map(Path::of).filter(Files::isRegularFile)
                : Optional.empty();
        return new RunnerCredentials(runId, adminKey, jar, jar.map(RunnerCredentials::sha256));
    }

    /** The runners' credential: the run's token, or the admin key where the orchestrator issues no tokens. */
    Secret runnerToken() {
        return tokensIssued ? derivedToken : adminKey;
    }

    /** The hash of the jar runners fetch, when the orchestrator has it. */
    Optional<String> taskRunnerSha256() {
        return jarPublished ? jarSha256 : Optional.empty();
    }

    /**
     * {@code PUT /artifacts/task-runner/<sha256>.jar}, before any runner may look for it.
     *
     * @return a warning when the orchestrator takes no jars (its runners use the one it bundles)
     */
    Optional<String> publish(OrchestratorClient client) throws InterruptedException {
        if (jar.isEmpty()) {
            return Optional.empty();
        }
        if (!client.uploadTaskRunnerJar(jarSha256.orElseThrow(), jar.get())) {
            jarPublished = false;
            return Optional.of("the orchestrator at " + client.baseUrl() + " takes no task runner jars "
                    + "(PUT /artifacts/task-runner/<sha256>.jar answered 404): runners started from now on use its own");
        }
        return Optional.empty();
    }

    /**
     * Checks the runner token against the orchestrator's ({@code GET /runs/{id}/runner-token}) once the run exists.
     *
     * @return a warning when the orchestrator issues no tokens (runners started from now on get the admin key)
     * @throws ExternalException when it issues a different one: runners already started could not authenticate
     */
    Optional<String> confirm(OrchestratorClient client) throws InterruptedException {
        Optional<Secret> issued = client.runnerToken(runId);
        if (issued.isEmpty()) {
            tokensIssued = false;
            return Optional.of("the orchestrator at " + client.baseUrl() + " issues no runner tokens "
                    + "(GET /runs/{id}/runner-token answered 404): task runners started from now on get the admin key");
        }
        if (!issued.get().equals(derivedToken)) {
            throw new ExternalException("the orchestrator at " + client.baseUrl() + " issues another runner token for run "
                    + runId + " than the one derived from the API key", "the orchestrator and this master must share "
                    + "the API key; use an orchestrator of this Benchfleet build");
        }
        return Optional.empty();
    }

    private static ApiKey adminKeyOf(Secret adminKey) {
        try {
            return ApiKey.of(adminKey.reveal());
        } catch (IllegalArgumentException e) {
            // the message says what is wrong and never contains the key
            throw new ConfigException(new Problem("-k/--api-key", e.getMessage()), "use a key without spaces or control characters");
        }
    }

    private static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new ConfigException(Problem.environment(TASK_RUNNER_JAR, "cannot read " + file + ": " + e.getMessage()),
                    null);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
