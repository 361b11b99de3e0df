package dev.benchfleet.orchestrator.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.benchfleet.orchestrator.runs.RunView;
import dev.benchfleet.orchestrator.store.RunRecord;
import dev.benchfleet.orchestrator.store.TaskCounts;
import dev.benchfleet.orchestrator.store.TaskRecord;
import dev.benchfleet.orchestrator.store.TaskStatus;
import java.time.Instant;

/** The protocol's JSON shapes of runs and tasks. */
final class JsonViews {

    private final ObjectMapper json;

    JsonViews(ObjectMapper json) {
        this.json = json;
    }

    /** {@code GET /runs/{id}}: ids stay strings, {@code gzip_url} is null until the archive exists. */
    ObjectNode run(RunView view, String baseUrl) {
        RunRecord run = view.run();
        ObjectNode node = json.createObjectNode();
        node.put("run_id", run.runId());
        node.put("status", run.status().wire());
        node.put("ruby_version", run.rubyVersion());
        node.put("runs_per_instance_type", run.runsPerInstanceType());
        TaskCounts counts = view.counts();
        ObjectNode tasks = node.putObject("tasks");
        tasks.put("total", counts.total());
        for (TaskStatus status : TaskStatus.values()) {
            tasks.put(status.wire(), counts.get(status));
        }
        node.put("gzip_url", run.resultsToken() == null ? null : baseUrl + "/results/" + run.resultsToken() + ".tar.gz");
        node.put("created_at", iso(run.createdAt()));
        node.put("finished_at", iso(run.finishedAt()));
        return node;
    }

    /** The short task shape of {@code POST /runs}. */
    ObjectNode taskSummary(TaskRecord task) {
        ObjectNode node = json.createObjectNode();
        node.put("id", task.id());
        node.put("provider", task.provider());
        node.put("instance_type", task.instanceType());
        node.put("instance_type_alias", task.alias());
        node.put("run_number", task.runNumber());
        node.put("status", task.status().wire());
        return node;
    }

    /** The full task shape of {@code GET /runs/{id}/tasks}. */
    ObjectNode taskDetail(TaskRecord task) {
        ObjectNode node = taskSummary(task);
        node.put("runner_id", task.runnerId());
        node.put("claimed_at", iso(task.claimedAt()));
        node.put("heartbeat_at", iso(task.heartbeatAt()));
        node.put("heartbeat_status", task.heartbeatStatus());
        node.put("heartbeat_message", task.heartbeatMessage());
        node.put("current_benchmark", task.currentBenchmark());
        node.put("progress_pct", task.progressPct());
        node.put("error_type", task.errorType());
        node.put("error_message", task.errorMessage());
        return node;
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
