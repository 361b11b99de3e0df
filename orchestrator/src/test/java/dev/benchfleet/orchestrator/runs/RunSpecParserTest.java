package dev.benchfleet.orchestrator.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class RunSpecParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final RunSpecParser parser = new RunSpecParser(() -> "173400000099999999");

    private RunSpec parse(String json) throws Exception {
        return parser.parse(JSON.readTree(json));
    }

    private void refused(String json, String message) throws Exception {
        JsonNode body = JSON.readTree(json);
        assertThatThrownBy(() -> parser.parse(body))
                .isInstanceOf(OrchestratorException.class)
                .hasMessageContaining(message)
                .extracting(e -> ((OrchestratorException) e).kind()).isEqualTo(OrchestratorException.Kind.BAD_REQUEST);
    }

    @Test
    void readsTheConfigExampleUnchanged() throws Exception {
        RunSpec spec = parse("""
                {"run_id": "173400000012345678", "ruby_version": "3.4.7", "runs_per_instance_type": 3,
                 "task_runners": {"count": 2},
                 "aws":   [{"instance_type": "c7g.medium", "alias": "c7g"}, {"instance_type": "c7i.large", "alias": "c7i"}],
                 "azure": [{"instance_type": "Standard_D2als_v6", "alias": "d2als-v6"}],
                 "local": [{"instance_type": "docker", "alias": "laptop"}],
                 "_comment": ["not a provider"], "mock": true, "api_key": "secret"}
                """);
        assertThat(spec.runId()).isEqualTo("173400000012345678");
        assertThat(spec.rubyVersion()).isEqualTo("3.4.7");
        assertThat(spec.runsPerInstanceType()).isEqualTo(3);
        assertThat(spec.entries()).containsExactly(
                new InstanceEntry("aws", "c7g.medium", "c7g"),
                new InstanceEntry("aws", "c7i.large", "c7i"),
                new InstanceEntry("azure", "Standard_D2als_v6", "d2als-v6"),
                new InstanceEntry("local", "docker", "laptop"));
        assertThat(spec.taskCount()).isEqualTo(12);
    }

    @Test
    void plainStringEntryIsTypeAndAlias() throws Exception {
        RunSpec spec = parse("{\"run_id\":\"1\",\"ruby_version\":\"3\",\"runs_per_instance_type\":1,\"local\":[\"docker\"]}");
        assertThat(spec.entries()).containsExactly(new InstanceEntry("local", "docker", "docker"));
    }

    @Test
    void withoutRunIdTheRunGetsANewOne() throws Exception {
        RunSpec spec = parse("{\"ruby_version\":\"3\",\"per_instance_type\":{\"tasks\":1,\"instances\":1},"
                + "\"local\":[\"test-instance\"]}");
        assertThat(spec.runId()).isEqualTo("173400000099999999");
    }

    @Test
    void runIdNumberIsReadExactly() throws Exception {
        RunSpec spec = parse("{\"run_id\":173400000012345679,\"ruby_version\":\"3\",\"runs_per_instance_type\":1,"
                + "\"local\":[\"d\"]}");
        assertThat(spec.runId()).isEqualTo("173400000012345679");
    }

    @Test
    void perInstanceTypeTasksReplacesRunsPerInstanceType() throws Exception {
        RunSpec spec = parse("{\"run_id\":\"1\",\"ruby_version\":\"3\",\"per_instance_type\":{\"tasks\":4,\"instances\":2},"
                + "\"local\":[\"d\"]}");
        assertThat(spec.runsPerInstanceType()).isEqualTo(4);
        refused("{\"run_id\":\"1\",\"ruby_version\":\"3\",\"runs_per_instance_type\":3,"
                + "\"per_instance_type\":{\"tasks\":4},\"local\":[\"d\"]}", "disagree");
    }

    @Test
    void refusalsNameTheFieldAtFault() throws Exception {
        String ok = "\"run_id\":\"1\",\"ruby_version\":\"3\",\"runs_per_instance_type\":1";
        refused("{" + ok + "}", "No instance type");
        refused("{" + ok + ",\"local\":[]}", "No instance type");
        refused("{\"run_id\":\"../x\",\"ruby_version\":\"3\",\"runs_per_instance_type\":1,\"local\":[\"d\"]}", "run_id must be");
        refused("{\"run_id\":\"1\",\"ruby_version\":\"\",\"runs_per_instance_type\":1,\"local\":[\"d\"]}", "ruby_version must be");
        refused("{\"run_id\":\"1\",\"ruby_version\":\"3\",\"runs_per_instance_type\":1.5,\"local\":[\"d\"]}",
                "runs_per_instance_type must be an integer >= 1");
        refused("{\"run_id\":\"1\",\"ruby_version\":\"3\",\"runs_per_instance_type\":\"2\",\"local\":[\"d\"]}",
                "runs_per_instance_type must be an integer >= 1");
        refused("{" + ok + ",\"aws\":[{\"instance_type\":\"a\",\"alias\":\"x\"},{\"instance_type\":\"b\",\"alias\":\"x\"}]}",
                "aws[1].alias \"x\" is used twice");
        refused("{" + ok + ",\"aws\":[{\"instance_type\":\"a\",\"alias\":\"../up\"}]}", "aws[0].alias");
        refused("{" + ok + ",\"aws\":[{\"instance_type\":\"\",\"alias\":\"a\"}]}", "aws[0].instance_type");
        refused("{" + ok + ",\"aws\":[42]}", "aws[0] must be an object");
        refused("{\"run_id\":\"1\",\"ruby_version\":\"3\",\"runs_per_instance_type\":10000,"
                + "\"aws\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\",\"k\"]}", "at most 100000");
    }
}
