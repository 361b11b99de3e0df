package dev.benchfleet.core.terraform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.benchfleet.core.spi.Secret;

/** One root-module output, as {@code output -json} gives it. Sensitive values stay wrapped in a {@link Secret}. */
public sealed interface TerraformOutput {

    /** The output's name. */
    String name();

    /** Terraform's type constraint as JSON, e.g. {@code "string"} or {@code ["list","string"]}. */
    JsonNode type();

    /** A value that is not sensitive. */
    record Plain(String name, JsonNode type, JsonNode value) implements TerraformOutput { }

    /**
     * A sensitive value: a string output as itself, any other type as its JSON text.
     * {@code toString()} shows {@code ****}.
     */
    record Sensitive(String name, JsonNode type, Secret value) implements TerraformOutput { }
}
