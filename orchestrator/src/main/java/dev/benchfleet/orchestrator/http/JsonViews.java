package dev.benchfleet.orchestrator.http;

import dev.benchfleet.orchestrator.runs.RunView;
import dev.benchfleet.orchestrator.store.RunRecord;
import dev.benchfleet.orchestrator.store.TaskCounts;
import dev.benchfleet.orchestrator.store.TaskRecord;
import dev.benchfleet.protocol.RunAnswer;
import dev.benchfleet.protocol.TaskDetail;
import dev.benchfleet.protocol.TaskStatus;
import dev.benchfleet.protocol.TaskSummary;
import java.time.Instant;

/** Stored runs and tasks as the protocol's answer records. */
final class JsonViews {

    private JsonViews() {
    }

    /** {@code GET /runs/{id}}: ids stay strings, {@code gzip_url} is null until the archive exists. */
    static RunAnswer run(RunView view, String baseUrl) {
        RunRecord run = view.run();
        TaskCounts counts = view.counts();
        dev.benchfleet.protocol.TaskCounts tasks = new dev.benchfleet.protocol.TaskCounts(counts.total(),
                counts.get(TaskStatus.PENDING), counts.get(TaskStatus.CLAIMED), counts.get(TaskStatus.RUNNING),
                counts.get(TaskStatus.COMPLETED), counts.get(TaskStatus.FAILED), counts.get(TaskStatus.CANCELLED));
        String gzipUrl = run.resultsToken() == null ? null : baseUrl + "/results/" + run.resultsToken() + ".tar.gz";
        return new RunAnswer(run.runId(), run.reportedStatus(), run.rubyVersion(), run.runsPerInstanceType(), tasks, gzipUrl,
                iso(run.createdAt()), iso(run.finishedAt()));
    }

    /** The short task shape of {@code POST /runs}. */
    static TaskSummary taskSummary(TaskRecord task) {
        return new TaskSummary(task.id(), task.provider(), task.instanceType(), task.alias(), task.runNumber(),
                task.status());
    }

    /** The full task shape of {@code GET /runs/{id}/tasks}. */
    static TaskDetail taskDetail(TaskRecord task) {
        return new TaskDetail(task.id(), task.provider(), task.instanceType(), task.alias(), task.runNumber(),
                task.status(), task.runnerId(), iso(task.claimedAt()), iso(task.heartbeatAt()), task.heartbeatStatus(),
                task.heartbeatMessage(), task.currentBenchmark(), task.progressPct(), task.errorType(),
                task.errorMessage());
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
