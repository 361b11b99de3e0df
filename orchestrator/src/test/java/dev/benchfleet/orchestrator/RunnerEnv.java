package dev.benchfleet.orchestrator;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Environment of task runners in the orchestrator's end-to-end tests: mock mode, short timings. */
final class RunnerEnv {

    private RunnerEnv() {
    }

    /** Mock benchmark of {@code mockDuration}, heartbeats every 100 ms, quick retries. */
    static Map<String, String> fast(Path work, String mockDuration) {
        Map<String, String> env = new HashMap<>(Map.of("BENCHFLEET_MOCK_DURATION", mockDuration,
                "BENCHFLEET_HEARTBEAT_INTERVAL", "100ms", "BENCHFLEET_RETRY_WINDOW", "20s",
                "BENCHFLEET_RETRY_INITIAL_BACKOFF", "100ms", "BENCHFLEET_RETRY_MAX_BACKOFF", "500ms",
                "BENCHFLEET_WORK_DIR", work.toString()));
        env.put("BENCHFLEET_MOCK_FAIL", null); // removed from the inherited environment
        return env;
    }
}
