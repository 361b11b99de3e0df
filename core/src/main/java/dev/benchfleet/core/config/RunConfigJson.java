package dev.benchfleet.core.config;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** Writes a run config back as JSON, in the form the orchestrator's {@code POST /runs} takes. */
public final class RunConfigJson {

    private RunConfigJson() {
    }

    /**
     * The body of {@code POST /runs}: the run config plus {@code run_id}. The API key is left out:
     * it travels in the {@code Authorization} header only.
     */
    public static ObjectNode createRunBody(RunConfig config, String runId) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("run_id", runId);
        body.put("ruby_version", config.rubyVersion());
        body.put("runs_per_instance_type", config.runsPerInstanceType());
        config.providers().forEach((provider, entries) -> body.set(provider, entries(entries)));
        body.put("mock", config.flags().mock());
        body.put("debug", config.flags().debug());
        // Extra fields for the orchestrator, which hands them to task runners with each task.
        body.set("benchmark", config.benchmark().toJson());
        return body;
    }

    private static ArrayNode entries(List<InstanceEntry> entries) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (InstanceEntry entry : entries) {
            ObjectNode node = array.addObject();
            node.put("instance_type", entry.instanceType());
            node.put("alias", entry.alias());
            entry.vcpus().ifPresent(vcpus -> node.put("vcpus", vcpus));
        }
        return array;
    }
}
