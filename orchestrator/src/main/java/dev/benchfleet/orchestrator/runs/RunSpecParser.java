package dev.benchfleet.orchestrator.runs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.benchfleet.protocol.RunId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Reads a {@code POST /runs} body: a run config (see config.md) plus, optionally, {@code run_id}. Without
 * one the run gets a new id in the protocol's format, as the original orchestrator did (its clients omit it).
 *
 * <p>Any top-level array whose key does not start with {@code _} is a provider's instance list,
 * because providers are discovered at runtime and the orchestrator must not need to know them.
 * Other keys (flags, {@code task_runners}, {@code api_key}) are the master's business and ignored;
 * {@code benchmark} is kept with the run and handed to runners with each task.
 */
public final class RunSpecParser {

    /** Limits that keep one request from creating an unbounded amount of work. */
    /** Also checked by core's RunConfigLoader before anything starts; keep the two equal. */
    public static final int MAX_RUNS_PER_INSTANCE_TYPE = dev.benchfleet.protocol.RunLimits.MAX_TASKS_PER_INSTANCE_TYPE;
    static final int MAX_TASKS = 100_000;

    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,200}");
    private static final int MAX_TEXT = 200;
    static final int MAX_BENCHMARK_SETTINGS = 16_000;
    /** The run config's benchmark settings: never a provider's instance list. */
    private static final String BENCHMARK = "benchmark";

    private final Supplier<String> newRunId;

    /** @param newRunId makes the id of a run whose body names none */
    public RunSpecParser(Supplier<String> newRunId) {
        this.newRunId = newRunId;
    }

    /** Parses and validates {@code body}; every refusal names the JSON path at fault. */
    public RunSpec parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw OrchestratorException.badRequest("Request body must be a JSON object");
        }
        String runId = runId(body.get("run_id"));
        String rubyVersion = rubyVersion(body.get("ruby_version"));
        int runs = runsPerInstanceType(body);
        String benchmark = benchmark(body.get(BENCHMARK));
        List<InstanceEntry> entries = entries(body);
        if (entries.isEmpty()) {
            throw OrchestratorException.badRequest(
                    "No instance type given: add a provider array such as \"local\": [{\"instance_type\": ..., \"alias\": ...}]");
        }
        if ((long) entries.size() * runs > MAX_TASKS) {
            throw OrchestratorException.badRequest("Run would create " + (long) entries.size() * runs
                    + " tasks; at most " + MAX_TASKS + " are allowed");
        }
        return new RunSpec(runId, rubyVersion, runs, entries, benchmark);
    }

    /**
     * The {@code benchmark} settings are the master's and the runners' business: kept as they came,
     * only checked to be a bounded object. Runners validate every field before using it.
     */
    private static String benchmark(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw OrchestratorException.badRequest("benchmark must be an object like {\"names\": [\"fib\"]}");
        }
        String json = node.toString();
        if (json.length() > MAX_BENCHMARK_SETTINGS) {
            throw OrchestratorException.badRequest("benchmark is larger than " + MAX_BENCHMARK_SETTINGS + " characters");
        }
        return json;
    }

    private String runId(JsonNode node) {
        if (node == null || node.isNull()) {
            return newRunId.get();
        }
        // An integral number is tolerated, read exactly (never through a double).
        String value = node.isTextual() ? node.asText() : node.isIntegralNumber() ? node.bigIntegerValue().toString() : null;
        if (!RunId.isAcceptable(value)) {
            throw OrchestratorException.badRequest(
                    "run_id must be a string of 1-64 letters, digits, '-' or '_'");
        }
        return value;
    }

    private static String rubyVersion(JsonNode node) {
        if (node == null || node.isNull()) {
            throw OrchestratorException.badRequest("ruby_version is missing");
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw OrchestratorException.badRequest("ruby_version must be a non-empty string");
        }
        if (node.asText().length() > MAX_TEXT) {
            throw OrchestratorException.badRequest("ruby_version is longer than " + MAX_TEXT + " characters");
        }
        return node.asText();
    }

    private static int runsPerInstanceType(JsonNode body) {
        JsonNode legacy = body.get("runs_per_instance_type");
        JsonNode perType = body.get("per_instance_type");
        Integer fromLegacy = legacy == null || legacy.isNull() ? null : positive(legacy, "runs_per_instance_type");
        Integer fromNew = null;
        if (perType != null && !perType.isNull()) {
            if (!perType.isObject()) {
                throw OrchestratorException.badRequest("per_instance_type must be an object like {\"tasks\": 3}");
            }
            JsonNode tasks = perType.get("tasks");
            if (tasks != null && !tasks.isNull()) {
                fromNew = positive(tasks, "per_instance_type.tasks");
            }
        }
        if (fromLegacy == null && fromNew == null) {
            throw OrchestratorException.badRequest("runs_per_instance_type is missing");
        }
        if (fromLegacy != null && fromNew != null && !fromLegacy.equals(fromNew)) {
            throw OrchestratorException.badRequest("runs_per_instance_type (" + fromLegacy
                    + ") and per_instance_type.tasks (" + fromNew + ") disagree");
        }
        return fromLegacy != null ? fromLegacy : fromNew;
    }

    private static int positive(JsonNode node, String path) {
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 1) {
            throw OrchestratorException.badRequest(path + " must be an integer >= 1, got " + describe(node));
        }
        if (node.intValue() > MAX_RUNS_PER_INSTANCE_TYPE) {
            throw OrchestratorException.badRequest(path + " must be at most " + MAX_RUNS_PER_INSTANCE_TYPE);
        }
        return node.intValue();
    }

    private static List<InstanceEntry> entries(JsonNode body) {
        List<InstanceEntry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            String provider = field.getKey();
            if (provider.startsWith("_") || provider.equals(BENCHMARK) || !field.getValue().isArray()) {
                continue;
            }
            if (!SAFE_NAME.matcher(provider).matches() || provider.equals(".") || provider.equals("..")) {
                throw OrchestratorException.badRequest("Provider key " + abbreviate(provider)
                        + " may only hold letters, digits, '-', '_' and '.', and not be . or .. (it names upload folders)");
            }
            Set<String> aliases = new HashSet<>();
            JsonNode array = field.getValue();
            for (int i = 0; i < array.size(); i++) {
                InstanceEntry entry = entry(provider, i, array.get(i));
                if (!aliases.add(entry.alias())) {
                    throw OrchestratorException.badRequest(provider + "[" + i + "].alias \"" + entry.alias()
                            + "\" is used twice for provider " + provider);
                }
                entries.add(entry);
            }
        }
        return entries;
    }

    private static InstanceEntry entry(String provider, int index, JsonNode node) {
        String path = provider + "[" + index + "]";
        String type;
        String alias;
        if (node.isTextual()) {
            type = node.asText();
            alias = type;
        } else if (node.isObject()) {
            type = text(node.get("instance_type"), path + ".instance_type");
            JsonNode aliasNode = node.get("alias");
            alias = aliasNode == null || aliasNode.isNull() ? type : text(aliasNode, path + ".alias");
        } else {
            throw OrchestratorException.badRequest(path + " must be an object {\"instance_type\", \"alias\"} or a string");
        }
        if (type.isBlank() || type.length() > MAX_TEXT || type.chars().anyMatch(Character::isISOControl)) {
            throw OrchestratorException.badRequest(path + ".instance_type must be a non-empty string of at most "
                    + MAX_TEXT + " characters");
        }
        if (!SAFE_NAME.matcher(alias).matches() || alias.equals(".") || alias.equals("..")) {
            throw OrchestratorException.badRequest(path + ".alias " + abbreviate(alias)
                    + " must use only letters, digits, '-', '_' and '.' (it names result folders)");
        }
        return new InstanceEntry(provider, type, alias);
    }

    private static String text(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            throw OrchestratorException.badRequest(path + " is missing");
        }
        if (!node.isTextual()) {
            throw OrchestratorException.badRequest(path + " must be a string");
        }
        return node.asText();
    }

    /** A value as it was sent: strings quoted once, other JSON as written. */
    private static String describe(JsonNode node) {
        if (node.isTextual()) {
            return abbreviate(node.asText());
        }
        String text = node.toString();
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }

    private static String abbreviate(String s) {
        String quoted = "\"" + s.replaceAll("\\p{Cntrl}", "?") + "\"";
        return quoted.length() > 60 ? quoted.substring(0, 57) + "...\"" : quoted;
    }
}
