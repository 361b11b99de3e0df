package dev.benchfleet.taskrunner.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigInteger;

/**
 * A task id as the orchestrator sent it. Kept as text (ids may outgrow a double) but remembering
 * whether it arrived as a JSON number, so {@code metadata.json} echoes it in the same form.
 */
public record TaskId(String value, boolean numeric) {

    static TaskId fromJson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode() || node.asText().isBlank()) {
            throw new IllegalArgumentException("task id missing");
        }
        return new TaskId(node.asText(), node.isIntegralNumber());
    }

    /** The id as a JSON value: a number when it came as one. */
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
