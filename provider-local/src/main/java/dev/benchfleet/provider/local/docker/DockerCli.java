package dev.benchfleet.provider.local.docker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a Docker engine through the {@code docker} client binary, one child process per call.
 *
 * <p>The environment map given to the constructor is the client's complete environment (DOCKER_HOST,
 * PATH, HOME, ...); this class never reads the JVM's own environment. Every call is bounded by a timeout;
 * a client that overruns it is killed (TERM, then KILL) and reaped. Instances are thread-safe.
 *
 * <p>Container environment values never appear in process arguments: {@code docker run} gets
 * {@code --env NAME} and the value is put in the client's environment, from where the client copies it.
 */
public final class DockerCli {

    /** The client looked up on the PATH of this JVM. */
    public static final Path DEFAULT_BINARY = Path.of("docker");

    private static final Logger LOG = LoggerFactory.getLogger(DockerCli.class);
    private static final int BAD_OUTPUT_EXCERPT = 500;
    /** Prefixes of variables the client itself reads; a container value there would change the client. */
    private static final List<String> RESERVED_ENV_PREFIXES = List.of("DOCKER_", "BUILDKIT_", "BUILDX_", "XDG_");
    private static final Set<String> RESERVED_ENV_NAMES = Set.of("PATH", "HOME", "TMPDIR", "USERPROFILE",
            "APPDATA", "LOCALAPPDATA", "SYSTEMROOT", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY");
    /** One JSON object per container, built by the template so no text is ever parsed by hand. */
    private static final String SUMMARY_TEMPLATE = "{\"id\":{{json .Id}},\"name\":{{json .Name}},"
            + "\"state\":{{json .State.Status}},\"exitCode\":{{json .State.ExitCode}}}";

    private final CommandRunner runner;
    private final DockerTimeouts timeouts;
    private final Map<String, String> environment;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * Uses {@link DockerTimeouts#DEFAULTS}.
     *
     * @param binary      docker client; {@link #DEFAULT_BINARY} for {@code docker} on PATH
     * @param environment complete environment of the client, e.g. DOCKER_HOST, PATH and HOME
     */
    public DockerCli(Path binary, Map<String, String> environment) {
        this(binary, environment, DockerTimeouts.DEFAULTS, argv -> { });
    }

    /**
     * @param binary          docker client; {@link #DEFAULT_BINARY} for {@code docker} on PATH
     * @param environment     complete environment of the client, e.g. DOCKER_HOST, PATH and HOME
     * @param timeouts        limits for calls without an explicit timeout
     * @param commandObserver sees each exact argument list (binary first) before it runs; for audit and tests
     */
    public DockerCli(Path binary, Map<String, String> environment, DockerTimeouts timeouts,
                     Consumer<List<String>> commandObserver) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
        this.runner = new CommandRunner(binary, this.environment, timeouts.killGrace(), commandObserver);
    }

    /**
     * Asks the engine who it is ({@code docker info}), bounded by the probe timeout.
     *
     * @return the engine's answer, or empty if there is no client, no engine, or no answer in time
     *     (the reason is logged at INFO)
     */
    public Optional<EngineInfo> probe() {
        DockerCommand cmd = DockerCommand.of("info", "--format", "{{json .}}");
        ProcessResult r;
        try {
            r = runner.run(cmd, timeouts.probe());
        } catch (DockerException e) {
            if (e.reason() == DockerException.Reason.INTERRUPTED) {
                throw e;
            }
            LOG.info("no Docker engine: {}", e.getMessage());
            return Optional.empty();
        }
        if (!r.succeeded()) {
            LOG.info("no Docker engine: `docker info` {}: {}",
                    r.timedOut() ? "gave no answer within " + timeouts.probe().toMillis() + " ms"
                            : "exited with " + r.exitCode(), r.stderr().strip());
            return Optional.empty();
        }
        try {
            JsonNode info = json.readTree(r.stdout());
            JsonNode errors = info.path("ServerErrors");
            String version = info.path("ServerVersion").asText("");
            if ((errors.isArray() && !errors.isEmpty()) || version.isEmpty()) {
                LOG.info("no Docker engine: `docker info` reports no server: {}", errors);
                return Optional.empty();
            }
            return Optional.of(new EngineInfo(version, info.path("OSType").asText(""),
                    Math.max(1, info.path("NCPU").asInt(1)), info.path("OperatingSystem").asText("")));
        } catch (JsonProcessingException e) {
            LOG.info("no Docker engine: unreadable `docker info` output: {}", excerpt(r.stdout()));
            return Optional.empty();
        }
    }

    /** @return true if {@link #probe()} gets an answer */
    public boolean engineAnswers() {
        return probe().isPresent();
    }

    /**
     * @param tag image reference as {@code repository:tag} (image ids are not matched)
     * @return true if the engine has an image with that reference
     * @throws DockerException if the engine cannot be asked
     */
    public boolean imageExists(String tag) {
        requireText(tag, "tag");
        ProcessResult r = check(DockerCommand.of("image", "ls", "--quiet", "--filter", "reference=" + tag),
                timeouts.command());
        return !r.stdout().isBlank();
    }

    /**
     * Builds an image. Build args are passed as {@code --build-arg NAME=VALUE}: they are visible in the
     * process list and the image history, so never put secrets in them.
     *
     * @param contextDir build context directory
     * @param dockerfile Dockerfile (may lie outside the context)
     * @param tag        tag for the result
     * @param buildArgs  build arguments
     * @param timeout    limit for the whole build
     * @return the image id the client printed
     * @throws DockerException if the build fails or times out (stderr holds the build output)
     */
    public String build(Path contextDir, Path dockerfile, String tag, Map<String, String> buildArgs,
                        Duration timeout) {
        Objects.requireNonNull(contextDir, "contextDir");
        Objects.requireNonNull(dockerfile, "dockerfile");
        requireText(tag, "tag");
        List<String> args = new ArrayList<>(List.of("build", "--quiet", "--file",
                dockerfile.toAbsolutePath().toString(), "--tag", tag));
        new TreeMap<>(buildArgs).forEach((k, v) -> {
            args.add("--build-arg");
            args.add(k + "=" + v);
        });
        args.add(contextDir.toAbsolutePath().toString());
        ProcessResult r = check(DockerCommand.of(args), timeout);
        return lastLine(r.stdout())
                .orElseThrow(() -> badOutput(DockerCommand.of(args), r, "no image id printed"));
    }

    /**
     * Creates and starts a container in the background ({@code docker run --detach --pull never}).
     * It never pulls: images are built locally, and an implicit pull could fetch a stranger's image of the
     * same name. If the engine creates the container but cannot start it, the container remains; find it
     * by its labels and {@link #remove(List)} it.
     *
     * @param spec what to run
     * @return the container id
     * @throws DockerException if the container could not be created or started
     * @throws IllegalArgumentException if an env name is one the docker client itself reads
     */
    public String runDetached(ContainerSpec spec) {
        Objects.requireNonNull(spec, "spec");
        List<String> args = new ArrayList<>(List.of("run", "--detach", "--pull", "never"));
        if (spec.name() != null) {
            args.add("--name");
            args.add(spec.name());
        }
        spec.labels().forEach((k, v) -> {
            args.add("--label");
            args.add(k + "=" + v);
        });
        if (spec.cpusetCpus() != null) {
            args.add("--cpuset-cpus");
            args.add(spec.cpusetCpus());
        }
        if (spec.network() != null) {
            args.add("--network");
            args.add(spec.network());
        }
        spec.addHosts().forEach((host, address) -> {
            args.add("--add-host");
            args.add(host + ":" + address);
        });
        Map<String, String> clientEnv = new LinkedHashMap<>();
        Set<String> secrets = new HashSet<>();
        spec.env().forEach((name, value) -> {
            checkContainerEnvName(name, value);
            args.add("--env");
            args.add(name);
            clientEnv.put(name, value);
            secrets.add(value);
        });
        args.add(spec.image());
        args.addAll(spec.args());
        DockerCommand cmd = new DockerCommand(args, clientEnv, secrets);
        ProcessResult r = check(cmd, timeouts.command());
        return lastLine(r.stdout()).orElseThrow(() -> badOutput(cmd, r, "no container id printed"));
    }

    /**
     * Lists all containers (running or not) carrying a label.
     *
     * @param key   label key
     * @param value label value
     * @return the containers; containers removed while listing are left out
     * @throws DockerException if the engine cannot be asked
     */
    public List<ContainerSummary> listByLabel(String key, String value) {
        requireText(key, "key");
        Objects.requireNonNull(value, "value");
        ProcessResult ps = check(DockerCommand.of("ps", "--all", "--quiet", "--no-trunc",
                "--filter", "label=" + key + "=" + value), timeouts.command());
        List<String> ids = ps.stdout().lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (ids.isEmpty()) {
            return List.of();
        }
        List<String> args = new ArrayList<>(List.of("container", "inspect", "--format", SUMMARY_TEMPLATE));
        args.addAll(ids);
        DockerCommand inspect = DockerCommand.of(args);
        ProcessResult r = runner.run(inspect, timeouts.command());
        if (r.timedOut()) {
            throw failure(inspect, r);
        }
        // Non-zero with an answering engine means some container vanished between ps and inspect; the
        // others were still printed. Without an engine it is a real failure.
        if (r.exitCode() != 0 && !engineAnswers()) {
            throw failure(inspect, r);
        }
        List<ContainerSummary> out = new ArrayList<>();
        for (String line : r.stdout().lines().filter(s -> !s.isBlank()).toList()) {
            out.add(summary(inspect, r, line));
        }
        return List.copyOf(out);
    }

    /**
     * Waits for a container to stop ({@code docker wait}).
     *
     * @param id      container id or name
     * @param timeout how long to wait; the container keeps running when it expires
     * @return its exit code, or empty if it was still running at the timeout
     * @throws DockerException if there is no such container or the engine cannot be asked
     */
    public OptionalInt waitForExit(String id, Duration timeout) {
        requireText(id, "id");
        DockerCommand cmd = DockerCommand.of("wait", id);
        ProcessResult r = runner.run(cmd, timeout);
        if (r.timedOut()) {
            return OptionalInt.empty();
        }
        if (r.exitCode() != 0) {
            throw failure(cmd, r);
        }
        String line = lastLine(r.stdout()).orElseThrow(() -> badOutput(cmd, r, "no exit code printed"));
        try {
            return OptionalInt.of(Integer.parseInt(line));
        } catch (NumberFormatException e) {
            throw badOutput(cmd, r, "exit code is not a number");
        }
    }

    /**
     * @param id        container id or name
     * @param tailLines how many lines from the end of each stream (at least 1)
     * @return the container's recent output
     * @throws DockerException if there is no such container or the engine cannot be asked
     */
    public ContainerLogs logs(String id, int tailLines) {
        requireText(id, "id");
        if (tailLines < 1) {
            throw new IllegalArgumentException("tailLines must be >= 1, got " + tailLines);
        }
        ProcessResult r = check(DockerCommand.of("logs", "--tail", Integer.toString(tailLines), id),
                timeouts.command());
        return new ContainerLogs(r.stdout(), r.stderr());
    }

    /**
     * Force-removes containers (stopping them first) with their anonymous volumes. Idempotent: ids that
     * no longer exist are fine.
     *
     * @param ids container ids (full or unique prefixes) or names; empty does nothing
     * @throws DockerException if some of them still exist afterwards
     */
    public void remove(List<String> ids) {
        List<String> targets = List.copyOf(ids);
        if (targets.isEmpty()) {
            return;
        }
        targets.forEach(id -> requireText(id, "id"));
        List<String> args = new ArrayList<>(List.of("rm", "--force", "--volumes"));
        args.addAll(targets);
        DockerCommand cmd = DockerCommand.of(args);
        ProcessResult r = runner.run(cmd, timeouts.command());
        if (r.succeeded()) {
            return;
        }
        if (r.timedOut()) {
            throw failure(cmd, r);
        }
        // Clients differ on whether a missing container is an error; instead of reading the message,
        // look at what still exists.
        List<String> remaining = stillExisting(targets);
        if (!remaining.isEmpty()) {
            throw failure(cmd, r);
        }
        LOG.debug("docker rm exited {} but none of {} exist any more", r.exitCode(), targets);
    }

    /**
     * Removes images by tag. Idempotent: tags that do not exist are fine.
     *
     * @param tags image references; empty does nothing
     * @throws DockerException if some of them still exist afterwards
     */
    public void removeImages(List<String> tags) {
        List<String> targets = List.copyOf(tags);
        if (targets.isEmpty()) {
            return;
        }
        List<String> args = new ArrayList<>(List.of("image", "rm", "--force"));
        args.addAll(targets);
        DockerCommand cmd = DockerCommand.of(args);
        ProcessResult r = runner.run(cmd, timeouts.command());
        if (r.succeeded()) {
            return;
        }
        if (r.timedOut() || targets.stream().anyMatch(this::imageExists)) {
            throw failure(cmd, r);
        }
    }

    private List<String> stillExisting(List<String> targets) {
        ProcessResult all = check(DockerCommand.of("ps", "--all", "--no-trunc", "--format", "{{.ID}}\t{{.Names}}"),
                timeouts.command());
        List<String[]> rows = all.stdout().lines().filter(s -> !s.isBlank()).map(s -> s.split("\t", 2)).toList();
        List<String> remaining = new ArrayList<>();
        for (String t : targets) {
            boolean exists = rows.stream().anyMatch(row -> row[0].startsWith(t)
                    || (row.length > 1 && List.of(row[1].split(",")).contains(t)));
            if (exists) {
                remaining.add(t);
            }
        }
        return remaining;
    }

    private ContainerSummary summary(DockerCommand cmd, ProcessResult r, String line) {
        try {
            JsonNode node = json.readTree(line);
            String name = node.path("name").asText("");
            return new ContainerSummary(node.path("id").asText(),
                    name.startsWith("/") ? name.substring(1) : name,
                    ContainerState.fromEngine(node.path("state").asText(null)),
                    node.path("exitCode").asInt(-1));
        } catch (JsonProcessingException e) {
            throw badOutput(cmd, r, "unreadable inspect line");
        }
    }

    /** Rejects container env names the client would itself act on if they were in its environment. */
    private void checkContainerEnvName(String name, String value) {
        String upper = name.toUpperCase(Locale.ROOT);
        boolean reserved = RESERVED_ENV_NAMES.contains(upper)
                || RESERVED_ENV_PREFIXES.stream().anyMatch(upper::startsWith);
        String clientValue = environment.get(name);
        if (reserved || (clientValue != null && !clientValue.equals(value))) {
            throw new IllegalArgumentException("container env " + name + " cannot be passed: the docker "
                    + "client reads it itself (or it is set differently in the client environment); "
                    + "use another name");
        }
    }

    private ProcessResult check(DockerCommand cmd, Duration timeout) {
        ProcessResult r = runner.run(cmd, timeout);
        if (!r.succeeded()) {
            throw failure(cmd, r);
        }
        return r;
    }

    private DockerException failure(DockerCommand cmd, ProcessResult r) {
        return r.timedOut()
                ? new DockerException(DockerException.Reason.TIMED_OUT, cmd.display(runner.binaryName()), -1,
                        r.stderr(), null, null)
                : new DockerException(DockerException.Reason.FAILED, cmd.display(runner.binaryName()),
                        r.exitCode(), r.stderr(), null, null);
    }

    private DockerException badOutput(DockerCommand cmd, ProcessResult r, String what) {
        return new DockerException(DockerException.Reason.BAD_OUTPUT, cmd.display(runner.binaryName()),
                r.exitCode(), r.stderr(), what + "; stdout: " + cmd.mask(excerpt(r.stdout())), null);
    }

    private static Optional<String> lastLine(String text) {
        List<String> lines = text.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
        return lines.isEmpty() ? Optional.empty() : Optional.of(lines.get(lines.size() - 1));
    }

    private static String excerpt(String text) {
        String s = text.strip();
        return s.length() <= BAD_OUTPUT_EXCERPT ? s : s.substring(0, BAD_OUTPUT_EXCERPT) + " [...]";
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}
