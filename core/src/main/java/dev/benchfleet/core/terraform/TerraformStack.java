package dev.benchfleet.core.terraform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.benchfleet.core.error.ExternalException;
import dev.benchfleet.core.spi.CancellationToken;
import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.core.spi.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a Terraform-backed provider is made of: its module, and a mapping from its capacity plan to
 * variables. The stack does the rest, in the run's {@code <provider>/terraform/} folder:
 * <ol>
 *   <li>copies the module there (0700) and writes the plain variables to {@code run.tfvars.json}
 *       with Jackson (never HCL built from strings);</li>
 *   <li>checks the binary's version once, runs {@code init} once per folder and module version
 *       (serialised on the shared plugin cache), reusing the dependency lock file of the first run
 *       of this module version, and keeping it for the next ones;</li>
 *   <li>applies with the secrets as {@code TF_VAR_*} in Terraform's environment only, progress to the
 *       listener, everything to the log file;</li>
 *   <li>returns the outputs of one {@code output -json}.</li>
 * </ol>
 * A failed or cancelled apply leaves its state behind: {@link #destroy} removes what it holds, from
 * this process or a new one (same folder, same secrets). It depends on nothing of the provider SPI
 * but {@link Environment}, {@link Secret} and {@link CancellationToken}.
 */
public final class TerraformStack {

    /** The var file Benchfleet writes in the Terraform folder. */
    public static final String VAR_FILE = "run.tfvars.json";
    /** Records that (and for which module version) {@code init} succeeded in this folder. */
    static final String INIT_MARKER = ".benchfleet-init.json";
    private static final String STATE_FILE = "terraform.tfstate";

    private final String provider;
    private final TerraformModule module;
    private final TerraformSettings settings;
    private final Path workDir;
    private final Path logFile;
    private final Environment environment;
    private final TerraformListener listener;
    private final ObjectMapper mapper;
    private volatile TerraformVersion checkedVersion;

    private TerraformStack(Builder b) {
        this.provider = b.provider;
        this.module = b.module;
        this.settings = b.settings;
        this.workDir = b.workDir.toAbsolutePath();
        this.logFile = b.logFile == null ? workDir.resolve("terraform.log") : b.logFile.toAbsolutePath();
        this.environment = b.environment;
        this.listener = b.listener;
        this.mapper = b.mapper;
    }

    /**
     * A stack for {@code provider}'s {@code module} in {@code workDir} (the run's
     * {@code <provider>/terraform/} folder).
     */
    public static Builder builder(String provider, TerraformModule module, TerraformSettings settings, Path workDir) {
        return new Builder(provider, module, settings, workDir);
    }

    public Path workDir() {
        return workDir;
    }

    public Path logFile() {
        return logFile;
    }

    /** The var file's path (it exists once {@link #apply} has written it). */
    public Path varFile() {
        return workDir.resolve(VAR_FILE);
    }

    /**
     * Copies the module, writes the variables, initialises when needed, applies, and reads the outputs.
     *
     * @param variables    plain (non-secret) variables: a {@code Map} or a Jackson object node
     * @param secrets      secret variables by name, passed as {@code TF_VAR_<name>} only
     * @param cancellation cancels the apply (SIGINT, grace, kill); the state keeps what was created
     * @throws ExternalException when Terraform fails, naming the provider, the call, the errors and the log
     * @throws dev.benchfleet.core.error.ConfigException when the binary is missing or too old
     * @throws CancellationToken.CancelledException when cancelled
     */
    public TerraformOutputs apply(Object variables, Map<String, Secret> secrets, CancellationToken cancellation) {
        ObjectNode vars = toVariables(variables, secrets);
        cancellation.throwIfCancelled();
        module.copyTo(workDir);
        writeVarFile(vars);
        Terraform terraform = driver(secrets);
        checkVersion(terraform);
        ensureInitialized(terraform, cancellation);
        try {
            terraform.apply(varFile(), cancellation);
        } finally {
            restrictState();
        }
        return terraform.output();
    }

    /** The outputs of the last apply (one {@code output -json}; no variables needed). */
    public TerraformOutputs outputs() {
        return driver(Map.of()).output();
    }

    /** What the state holds, as {@code show -json} tells it. */
    public TerraformState show() {
        return driver(Map.of()).show();
    }

    /**
     * True when the local state file records at least one resource instance. Reads the file: starts no process,
     * so it works without a binary (for {@code list}, for deciding whether a destroy is needed).
     */
    public boolean hasResources() {
        Path state = workDir.resolve(STATE_FILE);
        if (!Files.isRegularFile(state)) {
            return false;
        }
        try {
            JsonNode json = mapper.readTree(state.toFile());
            for (JsonNode resource : json.path("resources")) {
                if ("managed".equals(resource.path("mode").asText("managed")) && resource.path("instances").size() > 0) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            // A state we cannot read may still hold resources: let terraform destroy decide.
            return true;
        }
    }

    /**
     * Destroys what the state holds, with the var file of the apply and these secrets. Does nothing
     * (and says so to the listener) when the state holds nothing, e.g. after an apply that failed
     * before creating anything.
     *
     * @return true when a destroy ran
     */
    public boolean destroy(Map<String, Secret> secrets, CancellationToken cancellation) {
        cancellation.throwIfCancelled();
        if (!hasResources()) {
            listener.onEvent(new TerraformEvent.Message("benchfleet", "info",
                    provider + ": the Terraform state in " + workDir + " holds nothing; no destroy needed"));
            return false;
        }
        Terraform terraform = driver(secrets);
        checkVersion(terraform);
        ensureInitialized(terraform, cancellation);
        try {
            terraform.destroy(Files.isRegularFile(varFile()) ? varFile() : null, cancellation);
        } finally {
            restrictState();
        }
        return true;
    }

    private Terraform driver(Map<String, Secret> secrets) {
        return Terraform.builder(provider, settings, workDir).environment(environment).secrets(secrets)
                .logFile(logFile).listener(listener).mapper(mapper).build();
    }

    private void checkVersion(Terraform terraform) {
        if (checkedVersion == null) {
            checkedVersion = terraform.requireSupportedVersion();
        }
    }

    /** Runs {@code init} unless this folder was initialised for this module version and still has its data dir. */
    private void ensureInitialized(Terraform terraform, CancellationToken cancellation) {
        Path marker = workDir.resolve(INIT_MARKER);
        if (Files.isRegularFile(marker)) {
            try {
                JsonNode recorded = mapper.readTree(marker.toFile());
                boolean dataDirOk = !recorded.path("data_dir").asBoolean(false)
                        || Files.isDirectory(workDir.resolve(".terraform"));
                if (module.version().equals(recorded.path("module_version").asText()) && dataDirOk) {
                    return;
                }
            } catch (IOException e) {
                // unreadable marker: initialise again, which is always safe
            }
        }
        Path lockFile = workDir.resolve(TerraformModule.LOCK_FILE);
        Path kept = settings.pluginCacheDir().resolve("lock-files")
                .resolve(module.name() + "-" + module.version() + TerraformModule.LOCK_FILE);
        try {
            if (!Files.exists(lockFile) && Files.isRegularFile(kept)) {
                // Terraform >= 1.4 uses the plugin cache only for providers the lock file pins.
                PrivateFiles.writeAtomically(lockFile, Files.readAllBytes(kept));
            }
            terraform.init(cancellation);
            if (Files.isRegularFile(lockFile) && !Files.exists(kept)) {
                PrivateFiles.createDirectories(kept.getParent());
                PrivateFiles.writeAtomically(kept, Files.readAllBytes(lockFile));
            }
            ObjectNode record = mapper.createObjectNode();
            record.put("module", module.name());
            record.put("module_version", module.version());
            record.put("data_dir", Files.isDirectory(workDir.resolve(".terraform")));
            PrivateFiles.writeAtomically(marker, mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(record));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the Terraform folder " + workDir, e);
        }
    }

    private ObjectNode toVariables(Object variables, Map<String, Secret> secrets) {
        Objects.requireNonNull(variables, "variables");
        if (variables instanceof Map<?, ?> map) {
            map.forEach((name, value) -> {
                if (value instanceof Secret) {
                    throw new IllegalArgumentException("variable '" + name
                            + "' is a Secret: pass it in secrets, it must not be written to " + VAR_FILE);
                }
            });
        }
        JsonNode tree = mapper.valueToTree(variables);
        if (!(tree instanceof ObjectNode object)) {
            throw new IllegalArgumentException("Terraform variables must be a JSON object, not " + tree.getNodeType());
        }
        List<String> both = new ArrayList<>();
        secrets.keySet().forEach(name -> {
            if (object.has(name)) {
                both.add(name);
            }
        });
        if (!both.isEmpty()) {
            // A -var-file value beats TF_VAR_*: the secret would be silently ignored, and written to disk.
            throw new IllegalArgumentException("variables " + both + " are given both as plain values and as secrets");
        }
        return object;
    }

    private void writeVarFile(ObjectNode vars) {
        try {
            PrivateFiles.writeAtomically(varFile(), mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(vars));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the Terraform variables cannot be written as JSON", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + varFile(), e);
        }
    }

    private void restrictState() {
        try {
            PrivateFiles.restrict(workDir.resolve(STATE_FILE));
            PrivateFiles.restrict(workDir.resolve(STATE_FILE + ".backup"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the Terraform state in " + workDir + " private", e);
        }
    }

    @Override
    public String toString() {
        return "TerraformStack[" + provider + ", " + module + ", " + workDir + "]";
    }

    /** Builds a {@link TerraformStack}. */
    public static final class Builder {
        private final String provider;
        private final TerraformModule module;
        private final TerraformSettings settings;
        private final Path workDir;
        private Path logFile;
        private Environment environment = Environment.empty();
        private TerraformListener listener = TerraformListener.ignore();
        private ObjectMapper mapper = new ObjectMapper();

        private Builder(String provider, TerraformModule module, TerraformSettings settings, Path workDir) {
            this.provider = Objects.requireNonNull(provider, "provider");
            this.module = Objects.requireNonNull(module, "module");
            this.settings = Objects.requireNonNull(settings, "settings");
            this.workDir = Objects.requireNonNull(workDir, "workDir");
        }

        /** The run's log, e.g. {@code .benchfleet/runs/<id>/logs/<provider>-terraform.log}. */
        public Builder logFile(Path logFile) {
            this.logFile = Objects.requireNonNull(logFile, "logFile");
            return this;
        }

        /** What Terraform starts from (PATH, HOME, cloud credentials), before scrubbing. */
        public Builder environment(Environment environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        /** Progress: every event of every call. */
        public Builder listener(TerraformListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public Builder mapper(ObjectMapper mapper) {
            this.mapper = Objects.requireNonNull(mapper, "mapper");
            return this;
        }

        public TerraformStack build() {
            return new TerraformStack(this);
        }
    }
}
