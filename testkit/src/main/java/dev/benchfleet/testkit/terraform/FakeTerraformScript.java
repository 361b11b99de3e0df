package dev.benchfleet.testkit.terraform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What the fake {@code terraform} pretends the module is, and how each subcommand behaves: the
 * resources an apply creates (in this order), the outputs it returns, the providers {@code init}
 * pins in the lock file, the variables that must be set, and per subcommand a delay, a failure, a
 * hang or stray non-JSON lines. Written as JSON next to the launcher; a test changes it between
 * calls with {@link FakeTerraform#script(FakeTerraformScript)}.
 *
 * <pre>{@code
 * FakeTerraformScript.builder()
 *     .provider("hashicorp/aws", "6.25.0")
 *     .requiredVariables("run_id", "api_key")
 *     .resource("aws_instance", "runner", "c8g-1", Map.of("instance_type", "c8g.medium"))
 *     .output("run_id", FakeTerraformScript.fromVariable("run_id"), false)
 *     .failAfter(Subcommand.APPLY, 1, "creating EC2 Instance: InsufficientInstanceCapacity")
 *     .build();
 * }</pre>
 */
public final class FakeTerraformScript {

    /** The subcommands the fake knows. */
    public enum Subcommand {
        VERSION, INIT, VALIDATE, APPLY, OUTPUT, DESTROY, SHOW;

        /** As on the command line. */
        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final ObjectNode json;

    private FakeTerraformScript(ObjectNode json) {
        this.json = json;
    }

    /** A script with no resources, no outputs, no providers, version 1.11.4: every call succeeds. */
    public static Builder builder() {
        return new Builder();
    }

    /** An output value taken from the variable {@code name} (from the var file or {@code TF_VAR_<name>}). */
    public static JsonNode fromVariable(String name) {
        return new ObjectMapper().createObjectNode().put("$from_variable", name);
    }

    /** The script as the fake reads it. */
    public ObjectNode toJson() {
        return json.deepCopy();
    }

    /** Builds a {@link FakeTerraformScript}. */
    public static final class Builder {
        private final ObjectMapper mapper = new ObjectMapper();
        private final ObjectNode json = mapper.createObjectNode();

        private Builder() {
            json.put("version", "1.11.4");
            json.putObject("providers");
            json.putArray("required_variables");
            json.putArray("resources");
            json.putObject("outputs");
            json.putObject("behaviour");
        }

        /** What {@code version -json} prints, e.g. {@code 1.4.6} to test a too-old binary. */
        public Builder version(String version) {
            json.put("version", Objects.requireNonNull(version));
            return this;
        }

        /**
         * A provider the module requires: {@code init} pins it in {@code .terraform.lock.hcl} (unless one
         * is there already) and installs it under {@code .terraform/}; later calls fail like Terraform
         * when the folder was not initialised.
         */
        public Builder provider(String source, String version) {
            ((ObjectNode) json.get("providers")).put(source, version);
            return this;
        }

        /** Variables without defaults: apply and destroy fail like Terraform when one is not set. */
        public Builder requiredVariables(String... names) {
            ArrayNode array = (ArrayNode) json.get("required_variables");
            for (String name : names) {
                array.add(name);
            }
            return this;
        }

        /** A resource {@code type.name} (no key) with these attributes. */
        public Builder resource(String type, String name, Map<String, ?> attributes) {
            return resource(type, name, null, attributes);
        }

        /** A resource instance {@code type.name["key"]} (a {@code for_each} instance), or {@code [n]} for an Integer key. */
        public Builder resource(String type, String name, Object key, Map<String, ?> attributes) {
            ObjectNode resource = ((ArrayNode) json.get("resources")).addObject();
            resource.put("type", type);
            resource.put("name", name);
            if (key instanceof Integer index) {
                resource.put("key", index);
            } else if (key != null) {
                resource.put("key", key.toString());
            }
            resource.set("attributes", mapper.valueToTree(attributes));
            return this;
        }

        /** An output; {@code value} is any JSON value, or {@link #fromVariable(String)}. */
        public Builder output(String name, Object value, boolean sensitive) {
            ObjectNode output = ((ObjectNode) json.get("outputs")).putObject(name);
            output.set("value", value instanceof JsonNode node ? node : mapper.valueToTree(value));
            output.put("sensitive", sensitive);
            return this;
        }

        /** Each resource of apply/destroy (or the whole call for the others) takes this long. */
        public Builder delay(Subcommand subcommand, Duration delay) {
            behaviour(subcommand).put("delay_ms", delay.toMillis());
            return this;
        }

        /** The call fails with this error summary (apply/destroy: after {@code 0} resources). */
        public Builder fail(Subcommand subcommand, String summary) {
            return failAfter(subcommand, 0, summary);
        }

        /** apply/destroy handle {@code resources} resources, then fail on the next with this error summary. */
        public Builder failAfter(Subcommand subcommand, int resources, String summary) {
            ObjectNode behaviour = behaviour(subcommand);
            behaviour.put("fail_after", resources);
            behaviour.put("error", summary);
            return this;
        }

        /** The call hangs and ignores SIGINT: only a kill ends it. */
        public Builder hang(Subcommand subcommand) {
            behaviour(subcommand).put("hang", true);
            return this;
        }

        /** The call prints these non-JSON lines on stdout first (a provider plugin's stray output). */
        public Builder noise(Subcommand subcommand, String... lines) {
            ArrayNode array = behaviour(subcommand).putArray("noise");
            List.of(lines).forEach(array::add);
            return this;
        }

        public FakeTerraformScript build() {
            return new FakeTerraformScript(json.deepCopy());
        }

        private ObjectNode behaviour(Subcommand subcommand) {
            ObjectNode behaviour = (ObjectNode) json.get("behaviour");
            JsonNode existing = behaviour.get(subcommand.cliName());
            return existing instanceof ObjectNode node ? node : behaviour.putObject(subcommand.cliName());
        }
    }
}
