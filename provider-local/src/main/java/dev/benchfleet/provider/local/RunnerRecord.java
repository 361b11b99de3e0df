package dev.benchfleet.provider.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.benchfleet.core.spi.ProviderState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The local provider's state in the run journal: which runtime, and every runner started so far —
 * a container's name, or a process's id with its start time, so that a later process kills exactly
 * that process and never another one that reused the id.
 * <pre>{@code {"runtime": "process", "runners": [{"name": "benchfleet-<run>-here-1", "pid": 4242, "started_at": "..."}]}}</pre>
 */
final class RunnerRecord {

    private RunnerRecord() {
    }

    /** One recorded runner. {@code pid} is 0 and {@code startedAt} empty for containers. */
    record Runner(String name, long pid, Optional<Instant> startedAt) {
    }

    /** Starts a fresh record for a runtime. */
    static synchronized void begin(ProviderState state, String runtime) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("runtime", runtime);
        root.putArray("runners");
        state.save(root);
    }

    /** Adds a runner and saves at once. */
    static synchronized void add(ProviderState state, Runner runner) {
        ObjectNode root = (ObjectNode) state.load().orElseGet(JsonNodeFactory.instance::objectNode);
        ArrayNode runners = root.has("runners") ? (ArrayNode) root.get("runners") : root.putArray("runners");
        ObjectNode item = runners.addObject();
        item.put("name", runner.name());
        if (runner.pid() > 0) {
            item.put("pid", runner.pid());
        }
        runner.startedAt().ifPresent(at -> item.put("started_at", at.toString()));
        state.save(root);
    }

    static Optional<String> runtime(JsonNode state) {
        JsonNode runtime = state.path("runtime");
        return runtime.isTextual() ? Optional.of(runtime.asText()) : Optional.empty();
    }

    static List<Runner> runners(JsonNode state) {
        List<Runner> runners = new ArrayList<>();
        for (JsonNode item : state.path("runners")) {
            Optional<Instant> at = Optional.empty();
            if (item.path("started_at").isTextual()) {
                try {
                    at = Optional.of(Instant.parse(item.path("started_at").asText()));
                } catch (java.time.format.DateTimeParseException ignored) {
                    // without a start time the pid is not trusted: see ProcessRuntime.matches
                }
            }
            runners.add(new Runner(item.path("name").asText(""), item.path("pid").asLong(0), at));
        }
        return runners;
    }
}
