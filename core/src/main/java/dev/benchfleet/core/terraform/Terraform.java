package dev.benchfleet.core.terraform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.benchfleet.core.error.ConfigException;
import dev.benchfleet.core.error.ExternalException;
import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.spi.CancellationToken;
import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.core.spi.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Terraform CLI for one (binary, working folder, environment), shaped after HashiCorp's
 * terraform-exec: one typed method per call.
 *
 * <ul>
 *   <li>Every call is non-interactive: {@code -input=false} where Terraform accepts it ({@code init},
 *       {@code apply}, {@code destroy}), {@code -no-color} everywhere; {@code apply} and {@code destroy}
 *       add {@code -auto-approve -lock-timeout=60s -json} and their UI lines become {@link TerraformEvent}s.</li>
 *   <li>The child's environment is the given {@link Environment} minus what would change Terraform's
 *       behaviour behind our back ({@code TF_CLI_ARGS*}, {@code TF_WORKSPACE}, {@code TF_DATA_DIR},
 *       inherited {@code TF_VAR_*}) or print secrets ({@code TF_LOG*}), plus {@code TF_IN_AUTOMATION=1}, {@code TF_INPUT=0},
 *       {@code CHECKPOINT_DISABLE=1}, the shared {@code TF_PLUGIN_CACHE_DIR}, and each secret as
 *       {@code TF_VAR_<name>}: secrets are never on the command line nor in a file Benchfleet writes.</li>
 *   <li>Everything Terraform prints is appended to the log file, except the stdout of {@code output}
 *       and {@code show}, which holds sensitive values in clear.</li>
 *   <li>{@code init} holds a file lock on the plugin cache: inits are serialised across threads and
 *       processes, applies run in parallel.</li>
 *   <li>Cancellation (the token, or an interrupt of the calling thread) sends SIGINT and waits the
 *       grace before killing the process tree: a killed apply loses state.</li>
 * </ul>
 * Thread-safe: calls may come from several threads, though Terraform's own state lock makes two
 * calls on one folder wait for each other.
 */
public final class Terraform {

    private static final Logger LOG = LoggerFactory.getLogger(Terraform.class);
    private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern ERROR_LINE = Pattern.compile("^[│|\\s]*Error: (.+)$");
    private static final String LOCK_TIMEOUT = "-lock-timeout=60s";

    private final String provider;
    private final TerraformSettings settings;
    private final Path workDir;
    private final Map<String, String> childEnvironment;
    private final Path logFile;
    private final TerraformListener listener;
    private final ObjectMapper mapper;
    private final Clock clock;

    private Terraform(Builder b) {
        this.provider = b.provider;
        this.settings = b.settings;
        this.workDir = b.workDir.toAbsolutePath();
        this.logFile = Objects.requireNonNull(b.logFile, "logFile").toAbsolutePath();
        this.listener = b.listener;
        this.mapper = b.mapper;
        this.clock = b.clock;
        this.childEnvironment = childEnvironment(b.environment, b.secrets, settings.pluginCacheDir());
    }

    /**
     * Starts a driver for {@code provider} (used in every message) working in {@code workDir}.
     * Defaults: the empty environment, no secrets, log {@code <workDir>/terraform.log}, no listener.
     */
    public static Builder builder(String provider, TerraformSettings settings, Path workDir) {
        return new Builder(provider, settings, workDir);
    }

    /** The working folder (the module's root). */
    public Path workDir() {
        return workDir;
    }

    /** The log file every call appends to. */
    public Path logFile() {
        return logFile;
    }

    /** {@code version -json}. */
    public TerraformVersion version() {
        CliProcess.Result result = call("version", List.of("-json"), settings.quickTimeout(), null, CliProcess.Stdout.CAPTURE,
                new CancellationToken());
        if (result.exitCode() != 0) {
            throw failure("version", result, List.of());
        }
        String product = settings.binary().product();
        try {
            return TerraformVersion.fromJson(product, mapper.readTree(result.stdout()));
        } catch (JsonProcessingException | IllegalArgumentException notJson) {
            // Before 0.13 there was no -json: "Terraform v0.12.31" on the first line.
            String first = result.stdout().strip().lines().findFirst().orElse("");
            Matcher m = Pattern.compile("(?:Terraform|OpenTofu) (v?\\d+\\.\\d+(?:\\.\\d+)?\\S*)").matcher(first);
            if (m.find()) {
                return TerraformVersion.parse(product, m.group(1).replaceFirst("^v", ""), "");
            }
            throw new ExternalException(provider + ": " + settings.binary().path() + " version -json printed no version"
                    + " (see " + logFile + ")", TerraformBinary.INSTALL_HINT);
        }
    }

    /**
     * {@link #version()}, then the check that it is new enough.
     *
     * @throws ConfigException naming the binary and its version, with the install hint, when too old
     */
    public TerraformVersion requireSupportedVersion() {
        TerraformVersion version = version();
        Problem problem = version.problem(settings.binary()).orElse(null);
        if (problem != null) {
            throw new ConfigException(new Problem(problem.path(), provider + ": " + problem.message() + " (log: "
                    + logFile + ")"), TerraformBinary.INSTALL_HINT);
        }
        return version;
    }

    /** {@code init -input=false -no-color}, holding the plugin cache's lock for its whole length. */
    public void init(CancellationToken cancellation) {
        cancellation.throwIfCancelled();
        try (PluginCacheLock ignored = PluginCacheLock.acquire(settings.pluginCacheDir(), settings.initLockTimeout(),
                cancellation)) {
            CliProcess.Result result = call("init", List.of("-input=false", "-no-color"), settings.initTimeout(), null,
                    CliProcess.Stdout.STREAM, cancellation);
            finish("init", result, List.of());
        }
    }

    /**
     * {@code validate -json -no-color}.
     *
     * @return the warnings
     * @throws ExternalException listing the errors when the module is not valid
     */
    public List<TerraformEvent.Diagnostic> validate() {
        CliProcess.Result result = call("validate", List.of("-json", "-no-color"), settings.quickTimeout(), null, CliProcess.Stdout.CAPTURE,
                new CancellationToken());
        JsonNode json;
        try {
            json = mapper.readTree(result.stdout());
        } catch (JsonProcessingException e) {
            throw failure("validate", result, List.of());
        }
        List<TerraformEvent.Diagnostic> diagnostics = new ArrayList<>();
        for (JsonNode d : json.path("diagnostics")) {
            String address = d.path("address").asText("");
            diagnostics.add(new TerraformEvent.Diagnostic(
                    "warning".equals(d.path("severity").asText()) ? TerraformEvent.Severity.WARNING
                            : TerraformEvent.Severity.ERROR,
                    d.path("summary").asText(""), d.path("detail").asText(""), address));
        }
        diagnostics.forEach(listener::onEvent);
        if (result.exitCode() != 0 || !json.path("valid").asBoolean(false)) {
            throw failure("validate", result, diagnostics);
        }
        return List.copyOf(diagnostics);
    }

    /**
     * {@code apply -auto-approve -input=false -no-color -json -lock-timeout=60s [-var-file=...]}.
     * On failure the state keeps what was created: {@link #destroy} removes it.
     *
     * @param varFile the JSON variables file, or null for none
     * @throws ExternalException naming the exit code, the errors and the log file
     * @throws CancellationToken.CancelledException when cancelled (after Terraform stopped)
     */
    public void apply(Path varFile, CancellationToken cancellation) {
        operation("apply", varFile, cancellation);
    }

    /**
     * {@code destroy -auto-approve -input=false -no-color -json -lock-timeout=60s [-var-file=...]}.
     * Needs the same variables (and secrets) as the apply.
     */
    public void destroy(Path varFile, CancellationToken cancellation) {
        operation("destroy", varFile, cancellation);
    }

    /** One {@code output -json}: every output, typed; sensitive values kept as {@link Secret}s. */
    public TerraformOutputs output() {
        CliProcess.Result result = call("output", List.of("-json", "-no-color"), settings.quickTimeout(), null, CliProcess.Stdout.CAPTURE_SENSITIVE,
                new CancellationToken());
        if (result.exitCode() != 0) {
            throw failure("output", result, List.of());
        }
        JsonNode json = readJson("output", result);
        Map<String, TerraformOutput> outputs = new LinkedHashMap<>();
        json.properties().forEach(e -> {
            JsonNode meta = e.getValue();
            JsonNode value = meta.path("value");
            JsonNode type = meta.path("type");
            if (meta.path("sensitive").asBoolean(false)) {
                String text = value.isTextual() ? value.asText() : value.toString();
                outputs.put(e.getKey(), text.isBlank() || value.isNull() || value.isMissingNode()
                        ? new TerraformOutput.Plain(e.getKey(), type, value)
                        : new TerraformOutput.Sensitive(e.getKey(), type, Secret.of(text)));
            } else {
                outputs.put(e.getKey(), new TerraformOutput.Plain(e.getKey(), type, value));
            }
        });
        return new TerraformOutputs(provider, outputs);
    }

    /** {@code show -json -no-color}: what the state holds. */
    public TerraformState show() {
        CliProcess.Result result = call("show", List.of("-json", "-no-color"), settings.quickTimeout(), null, CliProcess.Stdout.CAPTURE_SENSITIVE,
                new CancellationToken());
        if (result.exitCode() != 0) {
            throw failure("show", result, List.of());
        }
        JsonNode json = readJson("show", result);
        List<TerraformState.Resource> resources = new ArrayList<>();
        collect(json.path("values").path("root_module"), resources);
        return new TerraformState(json.path("terraform_version").asText(""), resources);
    }

    private static void collect(JsonNode module, List<TerraformState.Resource> into) {
        for (JsonNode r : module.path("resources")) {
            into.add(new TerraformState.Resource(r.path("address").asText(""), r.path("mode").asText(""),
                    r.path("type").asText(""), r.path("values").path("id").asText("")));
        }
        for (JsonNode child : module.path("child_modules")) {
            collect(child, into);
        }
    }

    private void operation(String subcommand, Path varFile, CancellationToken cancellation) {
        cancellation.throwIfCancelled();
        List<String> args = new ArrayList<>(List.of("-auto-approve", "-input=false", "-no-color", "-json", LOCK_TIMEOUT));
        if (varFile != null) {
            Path absolute = varFile.toAbsolutePath();
            args.add("-var-file=" + (absolute.startsWith(workDir) ? workDir.relativize(absolute) : absolute));
        }
        List<TerraformEvent.Diagnostic> errors = new ArrayList<>();
        JsonUiParser parser = new JsonUiParser(mapper);
        CliProcess.Result result = call(subcommand, args, settings.applyTimeout(), line -> parser.parse(line)
                .ifPresent(event -> {
                    if (event instanceof TerraformEvent.Diagnostic d && d.severity() == TerraformEvent.Severity.ERROR) {
                        synchronized (errors) {
                            errors.add(d);
                        }
                    } else if (event instanceof TerraformEvent.NonJson nonJson) {
                        LOG.debug("{} {}: non-JSON line from Terraform: {}", provider, subcommand, nonJson.line());
                    }
                    listener.onEvent(event);
                }), CliProcess.Stdout.STREAM, cancellation);
        List<TerraformEvent.Diagnostic> seen;
        synchronized (errors) {
            seen = List.copyOf(errors);
        }
        finish(subcommand, result, seen);
    }

    private void finish(String subcommand, CliProcess.Result result, List<TerraformEvent.Diagnostic> diagnostics) {
        switch (result.stop()) {
            case CANCELLED -> {
                LOG.info("{}: terraform {} cancelled{}; log {}", provider, subcommand,
                        result.killed() ? " and killed after the grace" : "", logFile);
                throw new CancellationToken.CancelledException();
            }
            case TIMED_OUT -> throw new ExternalException(provider + ": terraform " + subcommand + " did not finish within "
                    + timeoutOf(subcommand) + " and was stopped" + (result.killed() ? " (killed after the grace)" : "")
                    + "; log: " + logFile, "Read the log; then tear down what the state in " + workDir + " holds.");
            case NONE -> {
                if (result.exitCode() != 0) {
                    throw failure(subcommand, result, diagnostics);
                }
            }
        }
    }

    private Duration timeoutOf(String subcommand) {
        return switch (subcommand) {
            case "init" -> settings.initTimeout();
            case "apply", "destroy" -> settings.applyTimeout();
            default -> settings.quickTimeout();
        };
    }

    private ExternalException failure(String subcommand, CliProcess.Result result,
                                      List<TerraformEvent.Diagnostic> diagnostics) {
        List<String> summaries = new ArrayList<>();
        diagnostics.stream().filter(d -> d.severity() == TerraformEvent.Severity.ERROR)
                .map(TerraformEvent.Diagnostic::summary).distinct().forEach(summaries::add);
        for (String line : result.stderrLines()) {
            Matcher m = ERROR_LINE.matcher(line);
            if (m.matches() && !summaries.contains(m.group(1).strip())) {
                summaries.add(m.group(1).strip());
            }
        }
        String why = summaries.isEmpty() ? "" : ": " + String.join("; ", summaries);
        String fix = "Read " + logFile + " for Terraform's full output."
                + (subcommand.equals("apply") ? " What the apply created is in the state in " + workDir
                + "; destroying the run removes it." : "");
        return new ExternalException(provider + ": terraform " + subcommand + " failed (exit " + result.exitCode() + ")"
                + why + " — log: " + logFile, fix);
    }

    private JsonNode readJson(String subcommand, CliProcess.Result result) {
        try {
            JsonNode json = mapper.readTree(result.stdout());
            if (json == null || !json.isObject()) {
                throw new ExternalException(provider + ": terraform " + subcommand + " -json printed no JSON object; log: "
                        + logFile);
            }
            return json;
        } catch (JsonProcessingException e) {
            throw new ExternalException(provider + ": terraform " + subcommand + " -json printed something that is not"
                    + " JSON (line " + e.getLocation().getLineNr() + "); log: " + logFile);
        }
    }

    private CliProcess.Result call(String subcommand, List<String> args, Duration timeout,
                                   java.util.function.Consumer<String> lines, CliProcess.Stdout stdout,
                                   CancellationToken cancellation) {
        List<String> argv = new ArrayList<>();
        argv.add(settings.binary().path().toString());
        argv.add(subcommand);
        argv.addAll(args);
        try (CallLog log = CallLog.open(logFile, clock)) {
            return CliProcess.run(new CliProcess.Request(provider + "-" + subcommand, argv, workDir, childEnvironment,
                    timeout, settings.interruptGrace(), cancellation, stdout, lines == null ? line -> { } : lines), log);
        } catch (IOException e) {
            if (!workDir.toFile().isDirectory()) {
                throw new UncheckedIOException("the Terraform folder " + workDir + " does not exist", e);
            }
            throw new ConfigException(Problem.environment(TerraformBinary.VARIABLE, provider + ": cannot run "
                    + settings.binary().path() + " (" + e.getMessage() + "; log: " + logFile + ")"),
                    TerraformBinary.INSTALL_HINT);
        }
    }

    /** The child's whole environment. Package-private for tests. */
    static Map<String, String> childEnvironment(Environment environment, Map<String, Secret> secrets, Path pluginCache) {
        Map<String, String> env = new TreeMap<>();
        environment.asMap().forEach((name, value) -> {
            if (!scrubbed(name)) {
                env.put(name, value);
            }
        });
        env.put("TF_IN_AUTOMATION", "1");
        env.put("TF_INPUT", "0");
        env.put("CHECKPOINT_DISABLE", "1");
        env.put("TF_PLUGIN_CACHE_DIR", pluginCache.toAbsolutePath().toString());
        secrets.forEach((name, secret) -> env.put("TF_VAR_" + name, secret.reveal()));
        return env;
    }

    private static boolean scrubbed(String name) {
        // TF_LOG*: Terraform's debug logs print variable values, secrets included, and would land in the run's log.
        return name.startsWith("TF_CLI_ARGS") || name.equals("TF_WORKSPACE") || name.equals("TF_DATA_DIR")
                || name.startsWith("TF_VAR_") || name.equals("TF_INPUT") || name.equals("TF_IN_AUTOMATION")
                || name.startsWith("TF_LOG");
    }

    @Override
    public String toString() {
        return "Terraform[" + provider + ", " + settings.binary().path() + ", " + workDir + "]";
    }

    /** Builds a {@link Terraform}. */
    public static final class Builder {
        private final String provider;
        private final TerraformSettings settings;
        private final Path workDir;
        private Environment environment = Environment.empty();
        private Map<String, Secret> secrets = Map.of();
        private Path logFile;
        private TerraformListener listener = TerraformListener.ignore();
        private ObjectMapper mapper = new ObjectMapper();
        private Clock clock = Clock.systemUTC();

        private Builder(String provider, TerraformSettings settings, Path workDir) {
            this.provider = Objects.requireNonNull(provider, "provider");
            this.settings = Objects.requireNonNull(settings, "settings");
            this.workDir = Objects.requireNonNull(workDir, "workDir");
            this.logFile = workDir.resolve("terraform.log");
        }

        /** The environment the child starts from (PATH, HOME, cloud credentials...), before scrubbing. */
        public Builder environment(Environment environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        /** Secret input variables by Terraform variable name; each becomes {@code TF_VAR_<name>} in the child only. */
        public Builder secrets(Map<String, Secret> secrets) {
            secrets.keySet().forEach(name -> {
                if (!SECRET_NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("not a Terraform variable name: '" + name + "'");
                }
            });
            this.secrets = Map.copyOf(secrets);
            return this;
        }

        public Builder logFile(Path logFile) {
            this.logFile = Objects.requireNonNull(logFile, "logFile");
            return this;
        }

        public Builder listener(TerraformListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public Builder mapper(ObjectMapper mapper) {
            this.mapper = Objects.requireNonNull(mapper, "mapper");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Terraform build() {
            return new Terraform(this);
        }
    }
}
