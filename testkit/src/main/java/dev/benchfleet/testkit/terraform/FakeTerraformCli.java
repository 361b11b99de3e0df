package dev.benchfleet.testkit.terraform;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The behaviour of one fake {@code terraform} call. Output shapes follow Terraform 1.11's: the
 * machine-readable UI ({@code @level}, {@code @message}, {@code @module}, {@code @timestamp},
 * {@code type}, {@code hook}/{@code change}/{@code changes}...), {@code output -json},
 * {@code show -json}, {@code validate -json}, state format version 4, and its error boxes on stderr.
 */
final class FakeTerraformCli {

    private static final String STATE = "terraform.tfstate";
    private static final String LOCK_FILE = ".terraform.lock.hcl";
    private static final String BUSY = ".fake-terraform-init-busy";
    private static final Map<String, Set<String>> FLAGS = Map.of(
            "version", Set.of("-json"),
            "init", Set.of("-input", "-no-color", "-upgrade", "-backend", "-reconfigure", "-lock-timeout", "-lock",
                    "-lockfile", "-get", "-json", "-migrate-state"),
            "validate", Set.of("-json", "-no-color"),
            "apply", Set.of("-auto-approve", "-input", "-no-color", "-json", "-lock-timeout", "-lock", "-var-file",
                    "-var", "-parallelism", "-refresh", "-target", "-replace", "-compact-warnings"),
            "destroy", Set.of("-auto-approve", "-input", "-no-color", "-json", "-lock-timeout", "-lock", "-var-file",
                    "-var", "-parallelism", "-refresh", "-target", "-compact-warnings"),
            "output", Set.of("-json", "-no-color", "-raw", "-state"),
            "show", Set.of("-json", "-no-color"));

    private final Path home;
    private final Map<String, String> env;
    private final ObjectMapper mapper = new ObjectMapper();
    private final PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
            StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true,
            StandardCharsets.UTF_8);
    private final String callId = UUID.randomUUID().toString();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean interrupted;
    private volatile int exitAfterInterrupt = 1;
    private Path cwd;
    private JsonNode script;
    private JsonNode behaviour;
    private String subcommand = "";

    FakeTerraformCli(Path home, Map<String, String> env, Path cwd) {
        this.home = home;
        this.env = Map.copyOf(env);
        this.cwd = cwd;
    }

    int run(String[] argv) {
        List<String> args = new ArrayList<>(List.of(argv));
        int i = 0;
        while (i < args.size() && args.get(i).startsWith("-")) {
            String flag = args.get(i);
            if (flag.startsWith("-chdir=")) {
                cwd = cwd.resolve(flag.substring("-chdir=".length())).normalize();
            } else if (flag.equals("-version") || flag.equals("--version") || flag.equals("-v")) {
                subcommand = "version";
            } else if (flag.equals("-help") || flag.equals("--help") || flag.equals("-h")) {
                out.println("Usage: terraform [global options] <subcommand> [args]");
                return 0;
            } else {
                err.println("Error: Invalid global option " + flag);
                return 1;
            }
            i++;
        }
        if (subcommand.isEmpty() && i < args.size()) {
            subcommand = args.get(i++);
        }
        List<String> rest = args.subList(Math.min(i, args.size()), args.size());
        script = readScript();
        behaviour = script.path("behaviour").path(subcommand);
        record(start(argv, rest));
        Runtime.getRuntime().addShutdownHook(new Thread(this::onSignal, "fake-terraform-sigint"));
        int exit;
        try {
            exit = dispatch(rest);
        } catch (RuntimeException e) {
            err.println("fake terraform crashed: " + e);
            exit = 11;
        }
        exitAfterInterrupt = exit == 0 ? 1 : exit;
        ObjectNode end = mapper.createObjectNode().put("kind", "end").put("call", callId).put("exit", exit)
                .put("at", Instant.now().toString());
        record(end);
        finished.countDown();
        return exit;
    }

    // ---- dispatch ------------------------------------------------------------------------------------------

    private int dispatch(List<String> rest) {
        if (subcommand.isEmpty()) {
            err.println("Usage: terraform [global options] <subcommand> [args]");
            return 127;
        }
        Set<String> known = FLAGS.get(subcommand);
        if (known == null) {
            err.println("Terraform has no command named \"" + subcommand + "\".");
            return 1;
        }
        List<String> positional = new ArrayList<>();
        for (String arg : rest) {
            if (arg.startsWith("-")) {
                String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
                if (!known.contains(name)) {
                    errorBox("Failed to parse command-line flags", "flag provided but not defined: " + name);
                    err.println();
                    err.println("For more help on using this command, run:");
                    err.println("  terraform " + subcommand + " -help");
                    return 1;
                }
            } else {
                positional.add(arg);
            }
        }
        if (Set.of("init", "apply", "destroy").contains(subcommand) && !rest.contains("-input=false")) {
            errorBox("Input required but -input=false was not given", "fake terraform: without -input=false Terraform"
                    + " may wait at a prompt for ever (a missing variable, an approval); automation must pass it.");
            return 1;
        }
        for (String line : strings(behaviour.path("noise"))) {
            out.println(line);
        }
        if (behaviour.path("hang").asBoolean(false)) {
            hang();
        }
        return switch (subcommand) {
            case "version" -> version(rest);
            case "init" -> init();
            case "validate" -> validate();
            case "apply" -> apply(rest);
            case "destroy" -> destroy(rest);
            case "output" -> output(rest, positional);
            case "show" -> show();
            default -> 1;
        };
    }

    private int version(List<String> rest) {
        pause(behaviour.path("delay_ms").asLong(0));
        String version = script.path("version").asText("1.11.4");
        if (rest.contains("-json")) {
            ObjectNode json = mapper.createObjectNode();
            json.put("terraform_version", version);
            json.put("platform", "linux_amd64");
            ObjectNode selections = json.putObject("provider_selections");
            if (Files.isDirectory(cwd.resolve(".terraform"))) {
                script.path("providers").properties().forEach(p ->
                        selections.put("registry.terraform.io/" + p.getKey(), p.getValue().asText()));
            }
            json.put("terraform_outdated", false);
            out.println(pretty(json));
        } else {
            out.println("Terraform v" + version);
            out.println("on linux_amd64");
        }
        return 0;
    }

    private int init() {
        out.println("Initializing the backend...");
        if (failing()) {
            pause(behaviour.path("delay_ms").asLong(0));
            errorBox(behaviour.path("error").asText(), "fake terraform was scripted to fail this init.");
            return 1;
        }
        Path cache = env.containsKey("TF_PLUGIN_CACHE_DIR") ? Path.of(env.get("TF_PLUGIN_CACHE_DIR")) : null;
        Path busy = null;
        if (cache != null && script.path("providers").size() > 0) {
            if (!Files.isDirectory(cache)) {
                errorBox("Invalid plugin cache directory", "The specified plugin cache dir " + cache
                        + " cannot be opened: no such file or directory.");
                return 1;
            }
            busy = cache.resolve(BUSY);
            try {
                Files.writeString(busy, Long.toString(ProcessHandle.current().pid()), StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                if (holderAlive(busy)) {
                    errorBox("Failed to install provider", "Error while installing providers: the plugin cache "
                            + cache + " is being written by another terraform init at the same time (text file busy).");
                    return 1;
                }
                busy = null; // a killed init left it behind
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try {
            out.println("Initializing provider plugins...");
            boolean locked = Files.exists(cwd.resolve(LOCK_FILE));
            script.path("providers").properties().forEach(p -> {
                String source = p.getKey();
                String version = p.getValue().asText();
                out.println(locked ? "- Reusing previous version of " + source + " from the dependency lock file"
                        : "- Finding " + source + " versions matching \"" + version + "\"...");
                out.println("- Installing " + source + " v" + version + "...");
                out.println("- Installed " + source + " v" + version + " (signed by HashiCorp)");
            });
            pause(behaviour.path("delay_ms").asLong(0));
            for (Map.Entry<String, JsonNode> p : script.path("providers").properties()) {
                Path dir = cwd.resolve(".terraform/providers/registry.terraform.io").resolve(p.getKey())
                        .resolve(p.getValue().asText()).resolve("linux_amd64");
                Files.createDirectories(dir);
                Files.writeString(dir.resolve("terraform-provider-" + p.getKey().substring(p.getKey().indexOf('/') + 1)),
                        "fake provider\n");
                if (cache != null) {
                    Path cached = cache.resolve("registry.terraform.io").resolve(p.getKey()).resolve(p.getValue().asText());
                    Files.createDirectories(cached);
                }
            }
            if (script.path("providers").size() > 0 && !locked) {
                StringBuilder lock = new StringBuilder("# This file is maintained automatically by \"terraform init\".\n"
                        + "# Manual edits may be lost in future updates.\n");
                script.path("providers").properties().forEach(p -> lock.append("\nprovider \"registry.terraform.io/")
                        .append(p.getKey()).append("\" {\n  version     = \"").append(p.getValue().asText())
                        .append("\"\n  constraints = \"").append(p.getValue().asText()).append("\"\n  hashes = [\n    \"h1:")
                        .append(FakeTerraform.fingerprint(p.getKey() + p.getValue().asText()).substring(7))
                        .append("=\",\n  ]\n}\n"));
                Files.writeString(cwd.resolve(LOCK_FILE), lock.toString());
                out.println();
                out.println("Terraform has created a lock file .terraform.lock.hcl to record the provider");
                out.println("selections it made above.");
            }
            out.println();
            out.println("Terraform has been successfully initialized!");
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (busy != null) {
                try {
                    Files.deleteIfExists(busy);
                } catch (IOException e) {
                    // left behind: the next init sees its holder is gone
                }
            }
        }
    }

    private int validate() {
        pause(behaviour.path("delay_ms").asLong(0));
        ObjectNode json = mapper.createObjectNode().put("format_version", "1.0");
        ArrayNode diagnostics = mapper.createArrayNode();
        if (failing()) {
            diagnostics.addObject().put("severity", "error").put("summary", behaviour.path("error").asText())
                    .put("detail", "fake terraform was scripted to fail this validate.");
        } else if (!initialized()) {
            diagnostics.addObject().put("severity", "error").put("summary", "Missing required provider")
                    .put("detail", "This configuration requires providers that are not installed. Run terraform init.");
        }
        json.put("valid", diagnostics.isEmpty()).put("error_count", diagnostics.size()).put("warning_count", 0);
        json.set("diagnostics", diagnostics);
        out.println(pretty(json));
        return diagnostics.isEmpty() ? 0 : 1;
    }

    private int apply(List<String> rest) {
        Map<String, JsonNode> vars = prologue(rest, "Plan file or auto-approve required");
        if (vars == null) {
            return 1;
        }
        State state = State.read(cwd.resolve(STATE), mapper);
        List<JsonNode> toCreate = new ArrayList<>();
        for (JsonNode resource : script.path("resources")) {
            if (!state.has(address(resource))) {
                toCreate.add(resource);
            }
        }
        for (JsonNode resource : toCreate) {
            ui("info", address(resource) + ": Plan to create", "planned_change",
                    n -> n.putObject("change").<ObjectNode>set("resource", resourceJson(resource)).put("action", "create"));
        }
        ui("info", "Plan: " + toCreate.size() + " to add, 0 to change, 0 to destroy.", "change_summary",
                n -> changes(n, toCreate.size(), 0, "plan"));
        int failAfter = failing() ? behaviour.path("fail_after").asInt(0) : -1;
        long delay = behaviour.path("delay_ms").asLong(0);
        int created = 0;
        for (JsonNode resource : toCreate) {
            if (interrupted) {
                break;
            }
            String address = address(resource);
            if (created == failAfter) {
                ui("info", address + ": Creating...", "apply_start", n -> hook(n, resource, "create", null));
                ui("info", address + ": Creation errored after 0s", "apply_errored",
                        n -> hook(n, resource, "create", null).put("elapsed_seconds", 0));
                diagnostic(behaviour.path("error").asText(), "fake terraform was scripted to fail this apply after "
                        + failAfter + " resource(s).", address);
                state.write(cwd.resolve(STATE), script.path("version").asText());
                return 1;
            }
            ui("info", address + ": Creating...", "apply_start", n -> hook(n, resource, "create", null));
            long started = System.nanoTime();
            pause(delay);
            String id = "fake-" + UUID.randomUUID();
            state.add(resource, id);
            state.write(cwd.resolve(STATE), script.path("version").asText());
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
            ui("info", address + ": Creation complete after " + seconds + "s [id=" + id + "]", "apply_complete",
                    n -> hook(n, resource, "create", id).put("elapsed_seconds", seconds));
            created++;
        }
        if (interrupted) {
            return stopAfterInterrupt(state);
        }
        ObjectNode outputs = evaluateOutputs(vars);
        state.outputs(outputs);
        state.write(cwd.resolve(STATE), script.path("version").asText());
        int added = created;
        ui("info", "Apply complete! Resources: " + added + " added, 0 changed, 0 destroyed.", "change_summary",
                n -> changes(n, added, 0, "apply"));
        ui("info", "Outputs: " + outputs.size(), "outputs", n -> {
            ObjectNode o = n.putObject("outputs");
            outputs.properties().forEach(e -> {
                ObjectNode meta = o.putObject(e.getKey());
                boolean sensitive = e.getValue().path("sensitive").asBoolean(false);
                meta.put("sensitive", sensitive).set("type", e.getValue().path("type"));
                if (!sensitive) {
                    meta.set("value", e.getValue().path("value"));
                }
            });
        });
        return 0;
    }

    private int destroy(List<String> rest) {
        if (prologue(rest, "Destroy requires -auto-approve with -json") == null) {
            return 1;
        }
        State state = State.read(cwd.resolve(STATE), mapper);
        List<ObjectNode> toDelete = new ArrayList<>(state.instances);
        java.util.Collections.reverse(toDelete);
        for (ObjectNode instance : toDelete) {
            ui("info", address(instance) + ": Plan to delete", "planned_change",
                    n -> n.putObject("change").<ObjectNode>set("resource", resourceJson(instance)).put("action", "delete"));
        }
        ui("info", "Plan: 0 to add, 0 to change, " + toDelete.size() + " to destroy.", "change_summary",
                n -> changes(n, 0, toDelete.size(), "plan"));
        int failAfter = failing() ? behaviour.path("fail_after").asInt(0) : -1;
        long delay = behaviour.path("delay_ms").asLong(0);
        int destroyed = 0;
        for (ObjectNode instance : toDelete) {
            if (interrupted) {
                break;
            }
            String address = address(instance);
            String id = instance.path("attributes").path("id").asText();
            ui("info", address + ": Destroying... [id=" + id + "]", "apply_start", n -> hook(n, instance, "delete", id));
            if (destroyed == failAfter) {
                ui("info", address + ": Destruction errored after 0s", "apply_errored",
                        n -> hook(n, instance, "delete", null).put("elapsed_seconds", 0));
                diagnostic(behaviour.path("error").asText(), "fake terraform was scripted to fail this destroy after "
                        + failAfter + " resource(s).", address);
                state.write(cwd.resolve(STATE), script.path("version").asText());
                return 1;
            }
            pause(delay);
            state.remove(address);
            state.write(cwd.resolve(STATE), script.path("version").asText());
            ui("info", address + ": Destruction complete after 0s", "apply_complete",
                    n -> hook(n, instance, "delete", null).put("elapsed_seconds", 0));
            destroyed++;
        }
        if (interrupted) {
            return stopAfterInterrupt(state);
        }
        state.outputs(mapper.createObjectNode());
        state.write(cwd.resolve(STATE), script.path("version").asText());
        int count = destroyed;
        ui("info", "Destroy complete! Resources: " + count + " destroyed.", "change_summary",
                n -> changes(n, 0, count, "destroy"));
        return 0;
    }

    private int output(List<String> rest, List<String> positional) {
        pause(behaviour.path("delay_ms").asLong(0));
        if (failing()) {
            errorBox(behaviour.path("error").asText(), "fake terraform was scripted to fail this output.");
            return 1;
        }
        ObjectNode outputs = State.read(cwd.resolve(STATE), mapper).outputs;
        ObjectNode json = mapper.createObjectNode();
        outputs.properties().forEach(e -> json.putObject(e.getKey())
                .put("sensitive", e.getValue().path("sensitive").asBoolean(false))
                .<ObjectNode>set("type", e.getValue().path("type")).set("value", e.getValue().path("value")));
        if (!positional.isEmpty()) {
            JsonNode one = json.path(positional.get(0));
            if (one.isMissingNode()) {
                errorBox("Output \"" + positional.get(0) + "\" not found", "The output variable requested could not be"
                        + " found in the state file.");
                return 1;
            }
            out.println(rest.contains("-raw") ? one.path("value").asText() : pretty(one.path("value")));
            return 0;
        }
        out.println(pretty(json));
        return 0;
    }

    private int show() {
        pause(behaviour.path("delay_ms").asLong(0));
        if (failing()) {
            errorBox(behaviour.path("error").asText(), "fake terraform was scripted to fail this show.");
            return 1;
        }
        Path file = cwd.resolve(STATE);
        ObjectNode json = mapper.createObjectNode().put("format_version", "1.0");
        if (Files.exists(file)) {
            State state = State.read(file, mapper);
            json.put("terraform_version", script.path("version").asText());
            ObjectNode values = json.putObject("values");
            ObjectNode outputs = values.putObject("outputs");
            state.outputs.properties().forEach(e -> outputs.putObject(e.getKey())
                    .put("sensitive", e.getValue().path("sensitive").asBoolean(false))
                    .<ObjectNode>set("value", e.getValue().path("value")).set("type", e.getValue().path("type")));
            ArrayNode resources = values.putObject("root_module").putArray("resources");
            for (ObjectNode instance : state.instances) {
                ObjectNode r = resources.addObject().put("address", address(instance)).put("mode", "managed")
                        .put("type", instance.path("type").asText()).put("name", instance.path("name").asText());
                if (instance.has("key")) {
                    r.set("index", instance.get("key"));
                }
                r.put("provider_name", "registry.terraform.io/hashicorp/" + impliedProvider(instance));
                r.put("schema_version", 0).set("values", instance.path("attributes"));
                r.putObject("sensitive_values");
            }
        }
        out.println(json.toString());
        return 0;
    }

    // ---- behaviour helpers ----------------------------------------------------------------------------------

    /**
     * What apply and destroy share before planning: the version line, the approval, init and the variables.
     *
     * @return the variables, or null after printing why the call fails
     */
    private Map<String, JsonNode> prologue(List<String> rest, String noApproval) {
        ui("info", "Terraform " + script.path("version").asText(), "version",
                n -> n.put("terraform", script.path("version").asText()).put("ui", "1.2"));
        if (!rest.contains("-auto-approve")) {
            diagnostic(noApproval, "Terraform cannot ask for interactive approval when -json is set. You can either"
                    + " apply a saved plan file, or enable the -auto-approve option.", null);
            return null;
        }
        Map<String, JsonNode> vars = variables(rest);
        return vars != null && preconditions(vars) ? vars : null;
    }

    private boolean failing() {
        return behaviour.has("error");
    }

    private boolean initialized() {
        return script.path("providers").size() == 0 || Files.isDirectory(cwd.resolve(".terraform/providers"));
    }

    /** Checks init and the variables like Terraform does before planning; prints its diagnostics. */
    private boolean preconditions(Map<String, JsonNode> vars) {
        if (!initialized()) {
            diagnostic("Required plugins are not installed", "The installed provider plugins are not consistent with"
                    + " the packages selected in the dependency lock file. Run terraform init.", null);
            return false;
        }
        boolean ok = true;
        for (String name : strings(script.path("required_variables"))) {
            if (!vars.containsKey(name)) {
                diagnostic("No value for required variable", "The root module input variable \"" + name + "\" is not"
                        + " set, and has no default value. Use a -var or -var-file command line argument to provide a"
                        + " value for this variable.", null);
                ok = false;
            }
        }
        return ok;
    }

    /** Variables from TF_VAR_*, then var files, then -var (Terraform's precedence); null after a printed error. */
    private Map<String, JsonNode> variables(List<String> rest) {
        Map<String, JsonNode> vars = new TreeMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith("TF_VAR_")) {
                vars.put(name.substring("TF_VAR_".length()), mapper.getNodeFactory().textNode(value));
            }
        });
        for (String arg : rest) {
            if (arg.startsWith("-var-file=")) {
                Path file = cwd.resolve(arg.substring("-var-file=".length()));
                JsonNode content = readVarFile(file);
                if (content == null) {
                    diagnostic("Failed to read variables file", "Given variables file " + file
                            + " does not exist or is not a JSON object (the fake reads only .tfvars.json).", null);
                    return null;
                }
                content.properties().forEach(e -> vars.put(e.getKey(), e.getValue()));
            } else if (arg.startsWith("-var=")) {
                String assignment = arg.substring("-var=".length());
                int eq = assignment.indexOf('=');
                if (eq > 0) {
                    vars.put(assignment.substring(0, eq), mapper.getNodeFactory().textNode(assignment.substring(eq + 1)));
                }
            }
        }
        return vars;
    }

    private ObjectNode evaluateOutputs(Map<String, JsonNode> vars) {
        ObjectNode outputs = mapper.createObjectNode();
        script.path("outputs").properties().forEach(e -> {
            JsonNode value = e.getValue().path("value");
            if (value.has("$from_variable")) {
                value = vars.getOrDefault(value.path("$from_variable").asText(), mapper.getNodeFactory().nullNode());
            }
            ObjectNode output = outputs.putObject(e.getKey());
            output.set("value", value);
            output.set("type", typeOf(value));
            if (e.getValue().path("sensitive").asBoolean(false)) {
                output.put("sensitive", true);
            }
        });
        return outputs;
    }

    private JsonNode typeOf(JsonNode value) {
        if (value.isTextual()) {
            return mapper.getNodeFactory().textNode("string");
        }
        if (value.isNumber()) {
            return mapper.getNodeFactory().textNode("number");
        }
        if (value.isBoolean()) {
            return mapper.getNodeFactory().textNode("bool");
        }
        if (value.isArray()) {
            ArrayNode tuple = mapper.createArrayNode().add("tuple");
            ArrayNode elements = tuple.addArray();
            value.forEach(v -> elements.add(typeOf(v)));
            return tuple;
        }
        if (value.isObject()) {
            ArrayNode object = mapper.createArrayNode().add("object");
            ObjectNode attributes = object.addObject();
            value.properties().forEach(e -> attributes.set(e.getKey(), typeOf(e.getValue())));
            return object;
        }
        return mapper.getNodeFactory().textNode("dynamic");
    }

    private int stopAfterInterrupt(State state) {
        state.write(cwd.resolve(STATE), script.path("version").asText());
        ui("error", "execution halted", "diagnostic", n -> n.putObject("diagnostic").put("severity", "error")
                .put("summary", "execution halted").put("detail", ""));
        return 1;
    }

    /** Sleeps, cut short by SIGINT (the resource in flight still completes, as with Terraform). */
    private void pause(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!interrupted && deadline - System.nanoTime() > 0) {
            sleep(Math.min(20, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
        }
    }

    /** A stuck call: ignores SIGINT, only a kill ends it. */
    private void hang() {
        while (true) {
            sleep(1000);
        }
    }

    /** Runs on SIGINT (the JVM's shutdown): stop at the next resource, save state, exit 1 like Terraform. */
    private void onSignal() {
        if (finished.getCount() == 0) {
            return; // a normal exit, not a signal
        }
        record(mapper.createObjectNode().put("kind", "interrupt").put("call", callId).put("at", Instant.now().toString()));
        if (behaviour != null && behaviour.path("hang").asBoolean(false)) {
            hang();
        }
        ui("info", "\nInterrupt received.\nPlease wait for Terraform to exit or data loss may occur.\n"
                + "Gracefully shutting down...\n", "log", n -> { });
        ui("info", "Stopping operation...", "log", n -> { });
        interrupted = true;
        try {
            finished.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.flush();
        Runtime.getRuntime().halt(exitAfterInterrupt);
    }

    // ---- output helpers -------------------------------------------------------------------------------------

    private interface Extra {
        void fill(ObjectNode node);
    }

    private synchronized void ui(String level, String message, String type, Extra extra) {
        ObjectNode line = mapper.createObjectNode();
        line.put("@level", level).put("@message", message).put("@module", "terraform.ui")
                .put("@timestamp", Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS).toString());
        extra.fill(line);
        line.put("type", type);
        out.println(line.toString());
    }

    private void diagnostic(String summary, String detail, String address) {
        ui("error", "Error: " + summary, "diagnostic", n -> {
            ObjectNode d = n.putObject("diagnostic").put("severity", "error").put("summary", summary).put("detail", detail);
            if (address != null) {
                d.put("address", address);
            }
        });
    }

    private void errorBox(String summary, String detail) {
        err.println("╷");
        err.println("│ Error: " + summary);
        err.println("│ ");
        err.println("│ " + detail);
        err.println("╵");
    }

    private ObjectNode hook(ObjectNode line, JsonNode resource, String action, String id) {
        ObjectNode hook = line.putObject("hook");
        hook.set("resource", resourceJson(resource));
        hook.put("action", action);
        if (id != null) {
            hook.put("id_key", "id").put("id_value", id);
        }
        return hook;
    }

    private ObjectNode changes(ObjectNode line, int add, int remove, String operation) {
        return line.putObject("changes").put("add", add).put("change", 0).put("import", 0).put("remove", remove)
                .put("operation", operation);
    }

    private ObjectNode resourceJson(JsonNode resource) {
        String address = address(resource);
        ObjectNode json = mapper.createObjectNode().put("addr", address).put("module", "").put("resource", address)
                .put("implied_provider", impliedProvider(resource)).put("resource_type", resource.path("type").asText())
                .put("resource_name", resource.path("name").asText());
        json.set("resource_key", resource.has("key") ? resource.get("key") : mapper.getNodeFactory().nullNode());
        return json;
    }

    static String address(JsonNode resource) {
        String base = resource.path("type").asText() + "." + resource.path("name").asText();
        JsonNode key = resource.path("key");
        if (key.isNumber()) {
            return base + "[" + key.asInt() + "]";
        }
        return key.isTextual() ? base + "[\"" + key.asText() + "\"]" : base;
    }

    private static String impliedProvider(JsonNode resource) {
        String type = resource.path("type").asText();
        return type.contains("_") ? type.substring(0, type.indexOf('_')) : type;
    }

    /** Terraform's own layout: two-space indent, {@code "key": value}, {@code {}} for empty. */
    private String pretty(JsonNode json) {
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("").withArrayEmptySeparator("");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(separators)
                .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);
        try {
            return mapper.writer(printer).writeValueAsString(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean holderAlive(Path busy) {
        try {
            long pid = Long.parseLong(Files.readString(busy).strip());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return true; // being written right now
        }
    }

    // ---- script and transcript ------------------------------------------------------------------------------

    private JsonNode readScript() {
        try {
            return mapper.readTree(home.resolve(FakeTerraform.SCRIPT_FILE).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("fake terraform: cannot read its script in " + home, e);
        }
    }

    private JsonNode readVarFile(Path file) {
        try {
            JsonNode json = mapper.readTree(file.toFile());
            return json != null && json.isObject() ? json : null;
        } catch (IOException e) {
            return null;
        }
    }

    private ObjectNode start(String[] argv, List<String> rest) {
        ObjectNode start = mapper.createObjectNode().put("kind", "start").put("call", callId)
                .put("pid", ProcessHandle.current().pid()).put("subcommand", subcommand).put("cwd", cwd.toString())
                .put("at", Instant.now().toString());
        ArrayNode args = start.putArray("argv");
        for (String arg : argv) {
            args.add(arg);
        }
        ObjectNode environment = start.putObject("env");
        new TreeMap<>(env).forEach((name, value) -> {
            if (name.startsWith("TF_VAR_")) {
                environment.put(name, FakeTerraform.fingerprint(value));
            } else if (name.startsWith("TF_") || name.equals("CHECKPOINT_DISABLE")) {
                environment.put(name, value);
            }
        });
        ObjectNode varFiles = start.putObject("var_files");
        for (String arg : rest) {
            if (arg.startsWith("-var-file=")) {
                String given = arg.substring("-var-file=".length());
                JsonNode content = readVarFile(cwd.resolve(given));
                varFiles.set(given, content == null ? mapper.getNodeFactory().nullNode() : content);
            }
        }
        ArrayNode files = start.putArray("files_before");
        try (Stream<Path> list = Files.list(cwd)) {
            list.map(p -> p.getFileName().toString()).sorted().forEach(files::add);
        } catch (IOException e) {
            // no such folder: Terraform will say so
        }
        return start;
    }

    /** Appends one line to the transcript under an OS file lock: parallel fakes must not interleave lines. */
    private void record(ObjectNode line) {
        Path file = home.resolve(FakeTerraform.TRANSCRIPT_FILE);
        byte[] bytes = (line.toString() + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND); FileLock ignored = channel.lock()) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("fake terraform: cannot write its transcript " + file, e);
        }
    }

    // ---- state ----------------------------------------------------------------------------------------------

    /** A state file in format version 4, reduced to what the fake needs. */
    private static final class State {
        private final ObjectMapper mapper;
        private final List<ObjectNode> instances = new ArrayList<>();
        private ObjectNode outputs;
        private int serial;
        private String lineage;

        private State(ObjectMapper mapper) {
            this.mapper = mapper;
            this.outputs = mapper.createObjectNode();
            this.lineage = UUID.randomUUID().toString();
        }

        static State read(Path file, ObjectMapper mapper) {
            State state = new State(mapper);
            if (!Files.exists(file)) {
                return state;
            }
            try {
                JsonNode json = mapper.readTree(file.toFile());
                state.serial = json.path("serial").asInt();
                state.lineage = json.path("lineage").asText(state.lineage);
                state.outputs = json.path("outputs").isObject() ? (ObjectNode) json.get("outputs").deepCopy()
                        : mapper.createObjectNode();
                for (JsonNode resource : json.path("resources")) {
                    for (JsonNode instance : resource.path("instances")) {
                        ObjectNode flat = mapper.createObjectNode().put("type", resource.path("type").asText())
                                .put("name", resource.path("name").asText());
                        if (instance.has("index_key")) {
                            flat.set("key", instance.get("index_key"));
                        }
                        flat.set("attributes", instance.path("attributes"));
                        state.instances.add(flat);
                    }
                }
                return state;
            } catch (IOException e) {
                throw new UncheckedIOException("fake terraform: unreadable state " + file, e);
            }
        }

        boolean has(String address) {
            return instances.stream().anyMatch(i -> address(i).equals(address));
        }

        void add(JsonNode resource, String id) {
            ObjectNode flat = mapper.createObjectNode().put("type", resource.path("type").asText())
                    .put("name", resource.path("name").asText());
            if (resource.has("key")) {
                flat.set("key", resource.get("key"));
            }
            ObjectNode attributes = mapper.createObjectNode().put("id", id);
            resource.path("attributes").properties().forEach(e -> attributes.set(e.getKey(), e.getValue()));
            flat.set("attributes", attributes);
            instances.add(flat);
        }

        void remove(String address) {
            instances.removeIf(i -> address(i).equals(address));
        }

        void outputs(ObjectNode outputs) {
            this.outputs = outputs;
        }

        void write(Path file, String version) {
            ObjectNode json = mapper.createObjectNode().put("version", 4).put("terraform_version", version)
                    .put("serial", ++serial).put("lineage", lineage);
            json.set("outputs", outputs);
            ArrayNode resources = json.putArray("resources");
            Map<String, ObjectNode> byName = new LinkedHashMap<>();
            for (ObjectNode instance : instances) {
                String key = instance.path("type").asText() + "." + instance.path("name").asText();
                ObjectNode resource = byName.computeIfAbsent(key, k -> {
                    ObjectNode r = resources.addObject().put("mode", "managed").put("type", instance.path("type").asText())
                            .put("name", instance.path("name").asText())
                            .put("provider", "provider[\"registry.terraform.io/hashicorp/"
                                    + impliedProvider(instance) + "\"]");
                    r.putArray("instances");
                    return r;
                });
                ObjectNode out = ((ArrayNode) resource.get("instances")).addObject();
                if (instance.has("key")) {
                    out.set("index_key", instance.get("key"));
                }
                out.put("schema_version", 0).set("attributes", instance.path("attributes"));
                out.putArray("sensitive_attributes");
            }
            json.putNull("check_results");
            try {
                Path tmp = Files.createTempFile(file.getParent(), ".terraform.tfstate", ".tmp");
                Files.write(tmp, mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("fake terraform: cannot write state " + file, e);
            }
        }
    }
}
