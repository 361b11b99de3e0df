package dev.benchfleet.taskrunner.archive;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.benchfleet.protocol.AssignedTask;
import java.time.Instant;
import java.util.Map;

/**
 * {@code metadata.json} of a result or error archive: the protocol's fields, in its order, then
 * {@code extra} facts for the report ({@code ruby_description}, {@code suite_commit},
 * {@code cpu_model}, {@code vcpus}, {@code threads_per_core}, {@code kernel}, {@code arch},
 * {@code cpu_steal_pct}, {@code yjit}, {@code benchmarks}), which readers of the protocol ignore.
 */
public record ResultMetadata(
        AssignedTask task,
        Instant startTime,
        Instant endTime,
        Status status,
        String runnerId,
        Map<String, Object> extra) {

    public ResultMetadata {
        extra = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extra));
    }

    public ResultMetadata(AssignedTask task, Instant startTime, Instant endTime, Status status, String runnerId) {
        this(task, startTime, endTime, status, runnerId, Map.of());
    }

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
        extra.forEach((name, value) -> {
            if (!node.has(name)) {
                node.set(name, mapper.valueToTree(value));
            }
        });
        return node;
    }
}
