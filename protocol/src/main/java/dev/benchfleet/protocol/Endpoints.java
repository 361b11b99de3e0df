package dev.benchfleet.protocol;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The protocol's paths, relative to the orchestrator's base URL. Path parameters are encoded, so an
 * id can never add a segment.
 */
public final class Endpoints {

    /** {@code GET}: 200 once the orchestrator accepts work. */
    public static final String UP = "/up";
    /** {@code POST}: create a run; {@code GET}: the newest runs. */
    public static final String RUNS = "/runs";
    /**
     * Query parameter of {@code GET /runs/{id}} and of a claim: hold the answer up to this many seconds
     * until the run changes (ours hold at most 20 s). See {@link #holding}.
     */
    public static final String WAIT_PARAMETER = "wait";

    private Endpoints() {
    }

    /** {@code GET /runs/{id}}. */
    public static String run(String runId) {
        return RUNS + "/" + encode(runId);
    }

    /** {@code GET /runs/{id}/tasks}. */
    public static String runTasks(String runId) {
        return run(runId) + "/tasks";
    }

    /** {@code POST /runs/{id}/stop}. */
    public static String stopRun(String runId) {
        return run(runId) + "/stop";
    }

    /** {@code GET /runs/{id}/runner-token} (admin key only): the run's {@link RunnerTokenAnswer}. */
    public static String runnerToken(String runId) {
        return run(runId) + "/runner-token";
    }

    /**
     * {@code PUT} (admin key) and {@code GET} (no key) {@code /artifacts/task-runner/<sha256>.jar}: a task
     * runner jar by the SHA-256 of its bytes (64 lower-case hex digits), which the orchestrator checks.
     */
    public static String taskRunnerJar(String sha256) {
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a task runner jar is named by 64 lower-case hex digits, got '" + sha256 + "'");
        }
        return "/artifacts/task-runner/" + sha256 + ".jar";
    }

    /** {@code POST /runs/{id}/tasks/claim}. */
    public static String claim(String runId) {
        return run(runId) + "/tasks/claim";
    }

    /**
     * {@code path} asking the orchestrator to hold the answer up to {@code wait} (whole milliseconds,
     * written in seconds) until something changes; {@code path} itself when {@code wait} is zero. An
     * orchestrator that does not know the parameter answers at once, as before.
     */
    public static String holding(String path, java.time.Duration wait) {
        if (wait.isZero() || wait.isNegative()) {
            return path;
        }
        long millis = wait.toMillis();
        String seconds = millis % 1000 == 0 ? Long.toString(millis / 1000)
                : java.math.BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
        return path + "?" + WAIT_PARAMETER + "=" + seconds;
    }

    /** What a runner reports of a task it holds: {@code POST /tasks/{id}/heartbeat|complete|fail}. */
    public enum TaskReport implements WireName {
        HEARTBEAT, COMPLETE, FAIL
    }

    /** {@code POST /tasks/{id}/heartbeat}, {@code .../complete} or {@code .../fail}. */
    public static String task(TaskId taskId, TaskReport report) {
        return "/tasks/" + encode(taskId.value()) + "/" + report.wire();
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
