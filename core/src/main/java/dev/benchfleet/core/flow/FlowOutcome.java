package dev.benchfleet.core.flow;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.benchfleet.protocol.TaskCounts;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How a run ended.
 *
 * @param runId           the run's id
 * @param status          {@code completed}, {@code cancelled}, {@code failed} (the flow itself failed) or
 *                        the orchestrator's last word
 * @param tasks           the last task counts seen
 * @param exitCode        0 all tasks completed; 2 some task failed or the run was cancelled; 1 the flow
 *                        failed or results could not be fetched
 * @param orchestratorUrl the orchestrator used, or {@code null} when none was reached
 * @param dashboardUrl    its dashboard, or {@code null}
 * @param statusFile      {@code status/<run_id>.json}
 * @param resultsDir      {@code results/<run_id>/}
 * @param error           why the flow failed, or the empty string
 * @param leftRunning     what is still running elsewhere, each with the command that removes it
 * @param instanceHours   the machine time the run used (created → teardown finished), per alias and in total
 */
public record FlowOutcome(String runId, String status, TaskCounts tasks, int exitCode, URI orchestratorUrl,
                          URI dashboardUrl, Path statusFile, Path resultsDir, String error, List<String> leftRunning,
                          InstanceHours instanceHours) {

    public FlowOutcome {
        leftRunning = List.copyOf(leftRunning);
        java.util.Objects.requireNonNull(instanceHours, "instanceHours");
    }

    /** Why the flow failed, when it did. */
    public Optional<String> failure() {
        return error.isEmpty() ? Optional.empty() : Optional.of(error);
    }

    /**
     * The one-line JSON summary the protocol asks the master to print last. Its fields and their order are what
     * scripts read; new fields only ever go after {@code exit_code} ({@code instance_hours}).
     */
    public ObjectNode summary() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("run_id", runId);
        json.put("orchestrator_url", orchestratorUrl == null ? null : orchestratorUrl.toString());
        json.put("dashboard_url", dashboardUrl == null ? null : dashboardUrl.toString());
        json.put("status_file", statusFile.toString());
        json.put("results_dir", resultsDir.toString());
        json.put("status", status);
        ObjectNode counts = json.putObject("tasks");
        counts.put("total", tasks.total());
        counts.put("completed", tasks.completed());
        counts.put("failed", tasks.failed());
        json.put("exit_code", exitCode);
        json.set("instance_hours", instanceHours.toJson());
        return json;
    }
}
