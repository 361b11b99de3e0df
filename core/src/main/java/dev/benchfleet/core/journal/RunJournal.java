package dev.benchfleet.core.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.benchfleet.core.error.ConfigException;
import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.spi.ProviderState;
import dev.benchfleet.core.spi.RunFlags;
import dev.benchfleet.core.spi.Secret;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code .benchfleet/runs/<run_id>/journal.json}: everything needed to resume a run or tear it down from
 * a new process — the config's path and SHA-256, the flags, the orchestrator endpoint with its key,
 * the phase, and each provider's own opaque state — plus, once the run is torn down, a tombstone that
 * says so. Private: the folder is 0700, the file 0600, and it is the one file that may hold the API
 * key. Rewritten whole and atomically at every step. Thread-safe.
 *
 * <p>{@code status/<run_id>.json} stays the public summary, with no secret in it.
 */
public final class RunJournal {

    /** The file's name inside the run's folder. */
    public static final String FILE = "journal.json";
    /** The journal format this version writes and reads. */
    public static final int FORMAT = 1;

    /** Provider status: setup has not started. */
    public static final String PLANNED = "planned";
    /** Provider status: setup started and may have created something. */
    public static final String SETTING_UP = "setting up";
    /** Provider status: setup finished. */
    public static final String STARTED = "started";
    /** Provider status: setup failed (what it created is in its state). */
    public static final String SETUP_FAILED = "setup failed";
    /** Provider status: kept running on purpose ({@code --debug}). */
    public static final String KEPT = "kept";
    /** Provider status: teardown removed everything. */
    public static final String TORN_DOWN = "torn down";
    /** Provider status: teardown failed or left something. */
    public static final String TEARDOWN_INCOMPLETE = "teardown incomplete";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;
    private final Clock clock;
    private final ObjectNode root;

    private RunJournal(Path dir, Clock clock, ObjectNode root) {
        this.dir = dir;
        this.clock = clock;
        this.root = root;
    }

    /**
     * Starts the journal of a new run and writes it.
     *
     * @param dir the run's folder, {@code .benchfleet/runs/<run_id>}; created 0700
     */
    public static RunJournal create(Path dir, Clock clock, String runId, Path baseDir, Path configFile,
                                    String configSha256, RunFlags flags, boolean keepInfrastructure) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("run_id", runId);
        String now = clock.instant().toString();
        root.put("created_at", now);
        root.put("updated_at", now);
        root.put("base_dir", baseDir.toAbsolutePath().normalize().toString());
        ObjectNode config = root.putObject("config");
        config.put("path", configFile.toAbsolutePath().normalize().toString());
        config.put("sha256", configSha256);
        ObjectNode flagsNode = root.putObject("flags");
        flagsNode.put("local_orchestrator", flags.localOrchestrator());
        flagsNode.put("skip_infra", flags.skipInfra());
        flagsNode.put("mock", flags.mock());
        flagsNode.put("debug", flags.debug());
        flagsNode.put("non_interactive", flags.nonInteractive());
        flagsNode.put("keep_infrastructure", keepInfrastructure);
        root.put("phase", "starting");
        root.put("status", "starting");
        root.put("run_created", false);
        root.putNull("orchestrator");
        root.putObject("providers");
        root.putNull("teardown");
        SecureFiles.privateDirectory(dir);
        RunJournal journal = new RunJournal(dir, clock, root);
        journal.write();
        return journal;
    }

    /**
     * Reads the journal in {@code dir} and checks that it is whole and of this format.
     *
     * @throws ConfigException saying what is wrong, when it is missing, damaged or edited by hand
     */
    public static RunJournal open(Path dir, Clock clock) {
        Path file = dir.resolve(FILE);
        JsonNode tree;
        try {
            tree = JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw damaged(file, "$", "there is no journal file");
        } catch (JsonProcessingException e) {
            throw damaged(file, "$", "is not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new ConfigException(new Problem(file.toString(), "cannot be read: " + e.getMessage()), null);
        }
        List<Problem> problems = JournalCheck.check(tree, dir.getFileName().toString(), file);
        if (!problems.isEmpty()) {
            throw new ConfigException("the run journal " + file + " (damaged or edited by hand; nothing was changed)",
                    problems);
        }
        return new RunJournal(dir, clock, (ObjectNode) tree);
    }

    private static ConfigException damaged(Path file, String path, String message) {
        return new ConfigException(new Problem(file + (path.equals("$") ? "" : " " + path), message),
                "nothing was changed; the journal is damaged or was edited by hand — restore it, or remove the run's "
                        + "resources by hand");
    }

    // ---- reading

    public String runId() {
        return root.path("run_id").asText();
    }

    /** The run's folder, {@code .benchfleet/runs/<run_id>}. */
    public Path dir() {
        return dir;
    }

    public Path file() {
        return dir.resolve(FILE);
    }

    /** The folder the run was started in: {@code results/}, {@code status/} and {@code .benchfleet/} are under it. */
    public Path baseDir() {
        return Path.of(root.path("base_dir").asText());
    }

    public Path configFile() {
        return Path.of(root.path("config").path("path").asText());
    }

    public String configSha256() {
        return root.path("config").path("sha256").asText();
    }

    public synchronized RunFlags flags() {
        JsonNode f = root.path("flags");
        return new RunFlags(f.path("local_orchestrator").asBoolean(), f.path("skip_infra").asBoolean(),
                f.path("mock").asBoolean(), f.path("debug").asBoolean(), f.path("non_interactive").asBoolean());
    }

    public synchronized boolean keepInfrastructure() {
        return root.path("flags").path("keep_infrastructure").asBoolean();
    }

    public synchronized Instant createdAt() {
        return Instant.parse(root.path("created_at").asText());
    }

    public synchronized Instant updatedAt() {
        return Instant.parse(root.path("updated_at").asText());
    }

    public synchronized String phase() {
        return root.path("phase").asText();
    }

    /** The run's status as last seen ({@code running}, {@code completed}, ...). */
    public synchronized String status() {
        return root.path("status").asText();
    }

    /** Whether the orchestrator accepted the run ({@code POST /runs}). */
    public synchronized boolean runCreated() {
        return root.path("run_created").asBoolean();
    }

    public synchronized Optional<JournalEndpoint> orchestrator() {
        JsonNode o = root.path("orchestrator");
        if (!o.isObject()) {
            return Optional.empty();
        }
        JsonNode cert = o.path("cert_sha256");
        return Optional.of(new JournalEndpoint(o.path("host").asText(), URI.create(o.path("url").asText()),
                URI.create(o.path("dashboard_url").asText(o.path("url").asText())), o.path("obtained").asText(""),
                cert.isTextual() ? Optional.of(cert.asText()) : Optional.empty(), Secret.of(o.path("api_key").asText())));
    }

    /** The providers of the run, in the order they were planned. */
    public synchronized List<String> providers() {
        List<String> names = new ArrayList<>();
        root.path("providers").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** A provider's status ({@link #STARTED}, {@link #TORN_DOWN}...). */
    public synchronized String providerStatus(String provider) {
        return root.path("providers").path(provider).path("status").asText(PLANNED);
    }

    /** A provider's phase name ({@code pre_orchestrator}, {@code post_run}). */
    public synchronized String providerPhase(String provider) {
        return root.path("providers").path(provider).path("phase").asText("");
    }

    /** What the provider started, as it described it (for people). */
    public synchronized List<String> providerStarted(String provider) {
        List<String> started = new ArrayList<>();
        root.path("providers").path(provider).path("started").forEach(item -> started.add(item.asText()));
        return started;
    }

    /** Whether the provider saved any state (so may have created something). */
    public synchronized boolean hasState(String provider) {
        JsonNode state = root.path("providers").path(provider).path("state");
        return !state.isMissingNode() && !state.isNull();
    }

    /** The tombstone: set once everything the run created was removed. */
    public synchronized Optional<Tombstone> teardown() {
        JsonNode t = root.path("teardown");
        if (!t.isObject()) {
            return Optional.empty();
        }
        List<String> removed = new ArrayList<>();
        t.path("removed").forEach(item -> removed.add(item.asText()));
        return Optional.of(new Tombstone(Instant.parse(t.path("at").asText()), removed));
    }

    /** Whether the run was torn down completely. */
    public boolean isTornDown() {
        return teardown().isPresent();
    }

    /** The providers that may still have something up: not torn down, and set up at least in part. */
    public synchronized List<String> providersStillUp() {
        if (isTornDown()) {
            return List.of();
        }
        return providers().stream().filter(p -> !providerStatus(p).equals(TORN_DOWN))
                .filter(p -> hasState(p) || !providerStatus(p).equals(PLANNED)).toList();
    }

    // ---- writing

    public synchronized void phase(String phase) {
        root.put("phase", phase);
        write();
    }

    public synchronized void status(String status) {
        if (!status.equals(root.path("status").asText())) {
            root.put("status", status);
            write();
        }
    }

    public synchronized void runCreated(boolean created) {
        root.put("run_created", created);
        write();
    }

    /** Records where the orchestrator is, with its key; done as soon as it is known. */
    public synchronized void orchestrator(JournalEndpoint endpoint) {
        ObjectNode o = JSON.createObjectNode();
        o.put("host", endpoint.host());
        o.put("url", endpoint.url().toString());
        o.put("dashboard_url", endpoint.dashboardUrl().toString());
        o.put("obtained", endpoint.obtained());
        if (endpoint.certSha256().isPresent()) {
            o.put("cert_sha256", endpoint.certSha256().get());
        } else {
            o.putNull("cert_sha256");
        }
        o.put("api_key", endpoint.apiKey().reveal());
        JsonNode previous = root.path("orchestrator").path("state");
        if (!previous.isMissingNode()) {
            o.set("state", previous);
        }
        root.set("orchestrator", o);
        write();
    }

    /** The orchestrator host's own state (e.g. the embedded orchestrator's port and data folder). */
    public ProviderState hostState() {
        return new ProviderState() {
            @Override
            public Optional<JsonNode> load() {
                synchronized (RunJournal.this) {
                    JsonNode state = root.path("host_state");
                    return state.isMissingNode() || state.isNull() ? Optional.empty() : Optional.of(state.deepCopy());
                }
            }

            @Override
            public void save(JsonNode state) {
                synchronized (RunJournal.this) {
                    root.set("host_state", state == null ? null : state.deepCopy());
                    write();
                }
            }
        };
    }

    /** Adds a provider to the run, before its setup starts. */
    public synchronized void provider(String provider, String phase, long teardownGraceSeconds) {
        ObjectNode providers = (ObjectNode) root.path("providers");
        ObjectNode node = providers.has(provider) ? (ObjectNode) providers.get(provider) : providers.putObject(provider);
        node.put("phase", phase);
        node.put("teardown_grace_seconds", teardownGraceSeconds);
        if (!node.has("status")) {
            node.put("status", PLANNED);
        }
        if (!node.has("state")) {
            node.putNull("state");
        }
        write();
    }

    public synchronized void providerStatus(String provider, String status) {
        providerNode(provider).put("status", status);
        write();
    }

    /** Records what the provider started, as it described it, for people and {@code list}. */
    public synchronized void providerStarted(String provider, List<String> started) {
        ArrayNode array = providerNode(provider).putArray("started");
        started.forEach(array::add);
        write();
    }

    /** The provider's own state, read and written through the journal. */
    public ProviderState state(String provider) {
        return new ProviderState() {
            @Override
            public Optional<JsonNode> load() {
                synchronized (RunJournal.this) {
                    JsonNode state = root.path("providers").path(provider).path("state");
                    return state.isMissingNode() || state.isNull() ? Optional.empty() : Optional.of(state.deepCopy());
                }
            }

            @Override
            public void save(JsonNode state) {
                synchronized (RunJournal.this) {
                    providerNode(provider).set("state", state == null ? null : state.deepCopy());
                    write();
                }
            }
        };
    }

    /** The grace the provider declared for its teardown, in seconds. */
    public synchronized long teardownGraceSeconds(String provider) {
        return root.path("providers").path(provider).path("teardown_grace_seconds").asLong(120);
    }

    /** Writes the tombstone: everything the run created is gone. */
    public synchronized void tornDown(List<String> removed) {
        ObjectNode t = JSON.createObjectNode();
        t.put("at", clock.instant().toString());
        ArrayNode array = t.putArray("removed");
        removed.forEach(array::add);
        root.set("teardown", t);
        write();
    }

    private ObjectNode providerNode(String provider) {
        ObjectNode providers = (ObjectNode) root.path("providers");
        JsonNode node = providers.get(provider);
        if (node instanceof ObjectNode object) {
            return object;
        }
        ObjectNode created = providers.putObject(provider);
        created.put("status", PLANNED);
        created.putNull("state");
        return created;
    }

    private void write() {
        root.put("updated_at", clock.instant().toString());
        try {
            SecureFiles.writePrivate(file(), JSON.writeValueAsBytes(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The record that a run was torn down.
     *
     * @param at      when
     * @param removed what was removed, as the providers described it
     */
    public record Tombstone(Instant at, List<String> removed) {
        public Tombstone {
            removed = List.copyOf(removed);
        }
    }

    /** Structural checks of a journal read from disk. */
    private static final class JournalCheck {

        static List<Problem> check(JsonNode tree, String folderName, Path file) {
            List<Problem> problems = new ArrayList<>();
            if (!tree.isObject()) {
                problems.add(new Problem("$", "must be a JSON object"));
                return problems;
            }
            if (tree.path("format").asInt(-1) != FORMAT || !tree.path("format").isInt()) {
                problems.add(new Problem("format", "must be " + FORMAT + ", got " + tree.path("format")
                        + " (written by another version of Benchfleet?)"));
            }
            JsonNode runId = tree.path("run_id");
            if (!runId.isTextual() || !runId.asText().equals(folderName)) {
                problems.add(new Problem("run_id", "must be \"" + folderName + "\" (the run's folder name), got " + runId));
            }
            instant(tree, "created_at", problems);
            instant(tree, "updated_at", problems);
            text(tree, "base_dir", problems);
            text(tree, "phase", problems);
            text(tree, "status", problems);
            JsonNode config = tree.path("config");
            if (!config.isObject()) {
                problems.add(new Problem("config", "must be an object with path and sha256"));
            } else {
                text(config, "path", "config.path", problems);
                if (!config.path("sha256").asText().matches("[0-9a-f]{64}")) {
                    problems.add(new Problem("config.sha256", "must be 64 lower-case hex digits"));
                }
            }
            if (!tree.path("flags").isObject()) {
                problems.add(new Problem("flags", "must be an object"));
            } else {
                tree.path("flags").properties().forEach(f -> {
                    if (!f.getValue().isBoolean()) {
                        problems.add(new Problem("flags." + f.getKey(), "must be true or false"));
                    }
                });
            }
            JsonNode orchestrator = tree.path("orchestrator");
            if (!orchestrator.isNull() && !orchestrator.isMissingNode()) {
                if (!orchestrator.isObject()) {
                    problems.add(new Problem("orchestrator", "must be an object or null"));
                } else {
                    text(orchestrator, "host", "orchestrator.host", problems);
                    try {
                        URI url = new URI(orchestrator.path("url").asText(""));
                        if (url.getScheme() == null || url.getHost() == null) {
                            problems.add(new Problem("orchestrator.url", "must be an absolute http(s) URL"));
                        }
                    } catch (URISyntaxException e) {
                        problems.add(new Problem("orchestrator.url", "is not a URL: " + e.getMessage()));
                    }
                    if (orchestrator.path("api_key").asText("").isBlank()) {
                        problems.add(new Problem("orchestrator.api_key", "must be the orchestrator's key"));
                    }
                    JsonNode cert = orchestrator.path("cert_sha256");
                    if (!cert.isNull() && !cert.isMissingNode() && !cert.asText().matches("[0-9a-f]{64}")) {
                        problems.add(new Problem("orchestrator.cert_sha256", "must be null or 64 lower-case hex digits"));
                    }
                }
            }
            JsonNode providers = tree.path("providers");
            if (!providers.isObject()) {
                problems.add(new Problem("providers", "must be an object"));
            } else {
                providers.properties().forEach(p -> {
                    String path = "providers." + p.getKey();
                    if (!p.getValue().isObject()) {
                        problems.add(new Problem(path, "must be an object"));
                        return;
                    }
                    String status = p.getValue().path("status").asText("");
                    if (!List.of(PLANNED, SETTING_UP, STARTED, SETUP_FAILED, KEPT, TORN_DOWN, TEARDOWN_INCOMPLETE)
                            .contains(status)) {
                        problems.add(new Problem(path + ".status", "unknown status " + p.getValue().path("status")));
                    }
                });
            }
            JsonNode teardown = tree.path("teardown");
            if (!teardown.isNull() && !teardown.isMissingNode()) {
                if (!teardown.isObject()) {
                    problems.add(new Problem("teardown", "must be an object or null"));
                } else {
                    instant(teardown, "at", problems);
                }
            }
            return problems.stream().map(p -> new Problem(p.path(), p.message())).toList();
        }

        private static void text(JsonNode node, String field, List<Problem> problems) {
            text(node, field, field, problems);
        }

        private static void text(JsonNode node, String field, String path, List<Problem> problems) {
            if (!node.path(field).isTextual() || node.path(field).asText().isBlank()) {
                problems.add(new Problem(path, "must be a non-blank string"));
            }
        }

        private static void instant(JsonNode node, String field, List<Problem> problems) {
            try {
                Instant.parse(node.path(field).asText(""));
            } catch (DateTimeParseException e) {
                problems.add(new Problem(field, "must be a time like 2026-01-21T10:00:00Z, got " + node.path(field)));
            }
        }
    }
}
