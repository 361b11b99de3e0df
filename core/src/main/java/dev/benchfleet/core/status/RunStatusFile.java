package dev.benchfleet.core.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.benchfleet.core.client.RunState;
import dev.benchfleet.core.error.InternalException;
import dev.benchfleet.protocol.TaskCounts;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code status/<run_id>.json}: where a run stands, for a person or a script to read while it runs.
 * Rewritten whole and atomically on every change, so a reader never sees half a file. Holds no
 * secret.
 */
public final class RunStatusFile {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final Clock clock;
    private final ObjectNode state = JSON.createObjectNode();
    private final Map<String, ObjectNode> providers = new TreeMap<>();

    /** A status file for the run, seeded with what is known before anything starts. */
    public RunStatusFile(Path file, Clock clock, String runId, Path configFile, String configSha256, Path resultsDir) {
        this.file = file;
        this.clock = clock;
        state.put("run_id", runId);
        state.put("phase", "validated");
        state.put("status", "starting");
        state.put("config_file", configFile.toString());
        state.put("config_sha256", configSha256);
        state.putNull("orchestrator_url");
        state.putNull("dashboard_url");
        state.put("results_dir", resultsDir.toString());
        state.putObject("tasks");
        state.putObject("providers");
    }

    public Path path() {
        return file;
    }

    public synchronized void phase(String phase) {
        state.put("phase", phase);
        write();
    }

    public synchronized void orchestrator(String url, String dashboardUrl) {
        state.put("orchestrator_url", url);
        state.put("dashboard_url", dashboardUrl);
        write();
    }

    public synchronized void provider(String name, String providerState, List<String> started, String teardownHint) {
        ObjectNode node = JSON.createObjectNode();
        node.put("state", providerState);
        node.putPOJO("started", started);
        node.put("teardown_hint", teardownHint);
        providers.put(name, node);
        write();
    }

    public synchronized void tasks(RunState run) {
        TaskCounts counts = run.tasks();
        ObjectNode tasks = state.putObject("tasks");
        tasks.put("total", counts.total());
        tasks.put("pending", counts.pending());
        tasks.put("claimed", counts.claimed());
        tasks.put("running", counts.running());
        tasks.put("completed", counts.completed());
        tasks.put("failed", counts.failed());
        tasks.put("cancelled", counts.cancelled());
        state.put("status", run.status());
        write();
    }

    public synchronized void finished(String status, int exitCode, String error) {
        state.put("status", status);
        state.put("phase", "finished");
        state.put("exit_code", exitCode);
        state.put("error", error);
        write();
    }

    private void write() {
        state.put("updated_at", clock.instant().toString());
        ObjectNode providerNode = state.putObject("providers");
        providers.forEach(providerNode::set);
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(temp.toFile(), state);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new InternalException("cannot write the run status file " + file + ": " + e.getMessage(), e);
        }
    }
}
