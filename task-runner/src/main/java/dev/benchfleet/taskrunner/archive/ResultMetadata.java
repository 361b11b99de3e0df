package dev.benchfleet.taskrunner.archive;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.benchfleet.protocol.AssignedTask;
import java.time.Instant;

/**
 * {@code metadata.json} of a result or error archive, with exactly the protocol's fields.
 */
public record ResultMetadata(
        AssignedTask task,
        Instant startTime,
        Instant endTime,
        Status status,
        String runnerId) {

    /** {@code success} for result archives, {@code error} for error archives. */
    public enum Status {
        SUCCESS("success"), ERROR("error");

        private final String wire;

        Status(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    /** The JSON object, fields in the protocol's order. */
    public ObjectNode toJson(ObjectMapper mapper) {
        ObjectNode node = mapper.createObjectNode();
        node.set("task_id", task.id().toJson());
        node.put("provider", task.provider());
        node.put("instance_type", task.instanceType());
        node.put("alias", task.aliasOrType());
        node.put("ruby_version", task.rubyVersion());
        node.put("run", task.runNumber());
        node.put("start_time", startTime.toString());
        node.put("end_time", endTime.toString());
        node.put("status", status.wire());
        node.put("runner_id", runnerId);
        return node;
    }
}
