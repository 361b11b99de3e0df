package dev.benchfleet.taskrunner.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Shared values and helpers of the integration tests. */
final class Fixtures {

    /** Distinctive, so "never printed" can be checked by searching the output for it. */
    static final String API_KEY = "sk-benchfleet-7Zq4XpLw91secret";
    static final String RUN_ID = "173400000012345678";
    static final String PROVIDER = "local";
    static final String TYPE = "c7g.large";
    static final String ALIAS = "c7g";
    static final String RUBY = "3.4.1";
    static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);

    private Fixtures() {
    }

    static List<String> args(URI orchestrator, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--orchestrator-url", orchestrator.toString(),
                "--api-key", API_KEY,
                "--run-id", RUN_ID,
                "--provider", PROVIDER,
                "--instance-type", TYPE));
        args.addAll(List.of(extra));
        return args;
    }

    /** Short timings so tests take seconds, not minutes. */
    static Map<String, String> fastEnv(Path workRoot) {
        Map<String, String> env = new HashMap<>();
        env.put("BENCHFLEET_MOCK_DURATION", "200ms");
        env.put("BENCHFLEET_HEARTBEAT_INTERVAL", "100ms");
        env.put("BENCHFLEET_RETRY_WINDOW", "20s");
        env.put("BENCHFLEET_RETRY_INITIAL_BACKOFF", "100ms");
        env.put("BENCHFLEET_RETRY_MAX_BACKOFF", "500ms");
        env.put("BENCHFLEET_WORK_DIR", workRoot.toString());
        env.put("BENCHFLEET_MOCK_FAIL", null);
        return env;
    }

    static JsonNode json(byte[] bytes) throws IOException {
        return new ObjectMapper().readTree(bytes);
    }

    /** Polls {@code condition} every 50 ms until true or {@code timeout}; an IT helper, not a timing assert. */
    static boolean eventually(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }
}
