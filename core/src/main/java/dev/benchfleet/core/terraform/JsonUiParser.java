package dev.benchfleet.core.terraform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.benchfleet.core.terraform.TerraformEvent.Action;
import dev.benchfleet.core.terraform.TerraformEvent.Severity;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns Terraform's machine-readable UI, one line at a time, into {@link TerraformEvent}s. One
 * parser per CLI call: it counts planned changes to number resources "n of m". Not thread-safe;
 * the call's stdout reader is its only user.
 */
final class JsonUiParser {

    private final ObjectMapper mapper;
    private final Set<String> planned = new LinkedHashSet<>();
    private int plannedTotal;
    private int started;
    private int completed;

    JsonUiParser(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Parses one line; blank lines give empty. Never throws: what is not JSON is {@link TerraformEvent.NonJson}. */
    Optional<TerraformEvent> parse(String line) {
        String trimmed = line.strip();
        if (trimmed.isEmpty()) {
            return Optional.empty();
        }
        if (!trimmed.startsWith("{")) {
            return Optional.of(new TerraformEvent.NonJson(line));
        }
        JsonNode node;
        try {
            node = mapper.readTree(trimmed);
        } catch (JsonProcessingException e) {
            return Optional.of(new TerraformEvent.NonJson(line));
        }
        if (node == null || !node.isObject()) {
            return Optional.of(new TerraformEvent.NonJson(line));
        }
        return Optional.of(toEvent(node));
    }

    private TerraformEvent toEvent(JsonNode node) {
        String type = node.path("type").asText("");
        String message = node.path("@message").asText("");
        return switch (type) {
            case "version" -> new TerraformEvent.Version(
                    node.path("terraform").asText(node.path("tofu").asText("")), node.path("ui").asText(""));
            case "planned_change" -> {
                JsonNode change = node.path("change");
                String address = change.path("resource").path("addr").asText("");
                Action action = Action.parse(change.path("action").asText(null));
                if (action != Action.NOOP && action != Action.READ) {
                    planned.add(address);
                }
                yield new TerraformEvent.PlannedChange(address, action);
            }
            case "change_summary" -> {
                JsonNode changes = node.path("changes");
                TerraformEvent.ChangeSummary summary = new TerraformEvent.ChangeSummary(
                        changes.path("operation").asText(""), changes.path("add").asInt(),
                        changes.path("change").asInt(), changes.path("remove").asInt(), message);
                if ("plan".equals(summary.operation())) {
                    plannedTotal = summary.total();
                }
                yield summary;
            }
            case "apply_start" -> {
                JsonNode hook = node.path("hook");
                started++;
                yield new TerraformEvent.ResourceStarted(address(hook), Action.parse(hook.path("action").asText(null)),
                        started, total(started));
            }
            case "apply_complete" -> {
                JsonNode hook = node.path("hook");
                completed++;
                yield new TerraformEvent.ResourceCompleted(address(hook),
                        Action.parse(hook.path("action").asText(null)), completed, total(completed),
                        hook.path("elapsed_seconds").asLong());
            }
            case "apply_errored" -> {
                JsonNode hook = node.path("hook");
                yield new TerraformEvent.ResourceErrored(address(hook),
                        Action.parse(hook.path("action").asText(null)), hook.path("elapsed_seconds").asLong());
            }
            case "diagnostic" -> {
                JsonNode diagnostic = node.path("diagnostic");
                Severity severity = "warning".equals(diagnostic.path("severity").asText(node.path("@level").asText()))
                        ? Severity.WARNING : Severity.ERROR;
                String address = diagnostic.path("address").asText("");
                yield new TerraformEvent.Diagnostic(severity, diagnostic.path("summary").asText(message),
                        diagnostic.path("detail").asText(""), address);
            }
            case "outputs" -> {
                Map<String, Boolean> sensitive = new LinkedHashMap<>();
                node.path("outputs").properties().forEach(
                        e -> sensitive.put(e.getKey(), e.getValue().path("sensitive").asBoolean(false)));
                yield new TerraformEvent.Outputs(Map.copyOf(sensitive));
            }
            default -> new TerraformEvent.Message(type, node.path("@level").asText(""), message);
        };
    }

    /** The m of "n of m": the plan's total, or what was announced as planned, never less than n. */
    private int total(int n) {
        return Math.max(n, Math.max(plannedTotal, planned.size()));
    }

    private static String address(JsonNode hook) {
        return hook.path("resource").path("addr").asText("");
    }
}
