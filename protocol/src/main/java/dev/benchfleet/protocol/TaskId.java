package dev.benchfleet.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigInteger;

/**
 * A task id. Kept as text (ids may outgrow a double) but remembering whether it arrived as a JSON
 * number, so it goes back out (in {@code metadata.json}, in paths) in the form the orchestrator used.
 * Ours are numbers, as the original orchestrator's were.
 */
public record TaskId(String value, boolean numeric) {

    public TaskId {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("task id is missing");
        }
    }

    /** A numeric id. */
    public static TaskId of(long id) {
        return new TaskId(Long.toString(id), true);
    }

    /** Reads a JSON number or string. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static TaskId fromJson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode() || node.isContainerNode()) {
            throw new IllegalArgumentException("task id is missing");
        }
        return new TaskId(node.asText(), node.isIntegralNumber());
    }

    /** The id as a JSON value: a number when it came as one. */
    @JsonValue
    public JsonNode toJson() {
        return numeric
                ? JsonNodeFactory.instance.numberNode(new BigInteger(value))
                : JsonNodeFactory.instance.textNode(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
