package dev.benchfleet.core.terraform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.benchfleet.core.error.ExternalException;
import dev.benchfleet.core.spi.Secret;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * All root-module outputs of one {@code output -json}, with typed getters. A missing or mistyped
 * output is a module that does not match its provider: an {@link ExternalException} naming both.
 */
public final class TerraformOutputs {

    private final String provider;
    private final Map<String, TerraformOutput> outputs;

    TerraformOutputs(String provider, Map<String, TerraformOutput> outputs) {
        this.provider = provider;
        this.outputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    }

    /** Every output by name, in Terraform's order. */
    public Map<String, TerraformOutput> all() {
        return outputs;
    }

    public boolean isEmpty() {
        return outputs.isEmpty();
    }

    /** The output, when the module has it. */
    public Optional<TerraformOutput> find(String name) {
        return Optional.ofNullable(outputs.get(name));
    }

    /** A non-sensitive string output. */
    public String string(String name) {
        JsonNode value = json(name);
        if (!value.isTextual()) {
            throw mismatch(name, "a string", value.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        return value.asText();
    }

    /** A non-sensitive output of any type, as JSON. */
    public JsonNode json(String name) {
        TerraformOutput output = require(name);
        if (output instanceof TerraformOutput.Plain plain) {
            return plain.value();
        }
        throw mismatch(name, "not sensitive", "sensitive");
    }

    /** A sensitive output. */
    public Secret secret(String name) {
        TerraformOutput output = require(name);
        if (output instanceof TerraformOutput.Sensitive sensitive) {
            return sensitive.value();
        }
        throw mismatch(name, "sensitive", "not sensitive");
    }

    private TerraformOutput require(String name) {
        TerraformOutput output = outputs.get(name);
        if (output == null) {
            throw new ExternalException(provider + ": the Terraform module has no output '" + name + "' (it has "
                    + outputs.keySet() + ")", "The module and the provider's code disagree: reinstall the provider.");
        }
        return output;
    }

    private ExternalException mismatch(String name, String expected, String actual) {
        return new ExternalException(provider + ": Terraform output '" + name + "' should be " + expected
                + " but is " + actual, "The module and the provider's code disagree: reinstall the provider.");
    }

    @Override
    public String toString() {
        return "TerraformOutputs" + outputs.values();
    }
}
