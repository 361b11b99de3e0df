package dev.benchfleet.core.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.benchfleet.core.error.Problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A provider's own settings from the config, {@code "providers": {"<provider>": {...}}}: read-only, with
 * the JSON path of each for messages ({@link #path}). A {@code null} value means "not set".
 */
public final class ProviderSettings {

    /** The top-level config key that holds every provider's settings. */
    public static final String CONFIG_KEY = "providers";

    private final String provider;
    private final ObjectNode values;

    private ProviderSettings(String provider, ObjectNode values) {
        this.provider = provider;
        this.values = values;
    }

    /** No settings given. */
    public static ProviderSettings empty(String provider) {
        return new ProviderSettings(provider, JsonNodeFactory.instance.objectNode());
    }

    /** These settings (copied). */
    public static ProviderSettings of(String provider, ObjectNode values) {
        return new ProviderSettings(provider, values.deepCopy());
    }

    /** The JSON path of a setting, e.g. {@code providers.aws.region}. */
    public String path(String name) {
        return CONFIG_KEY + "." + provider + "." + name;
    }

    /** The names given in the config. */
    public SortedSet<String> names() {
        SortedSet<String> names = new TreeSet<>();
        values.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** A setting's raw value, when given and not null. */
    public Optional<JsonNode> raw(String name) {
        JsonNode value = values.get(name);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    /** A string setting (after {@link #check}, its type is right). */
    public Optional<String> string(String name) {
        return raw(name).filter(JsonNode::isTextual).map(JsonNode::asText);
    }

    /** An integer setting. */
    public Optional<Integer> integer(String name) {
        return raw(name).filter(JsonNode::canConvertToInt).filter(JsonNode::isIntegralNumber).map(JsonNode::asInt);
    }

    /** A boolean setting. */
    public Optional<Boolean> bool(String name) {
        return raw(name).filter(JsonNode::isBoolean).map(JsonNode::asBoolean);
    }

    /** Every given setting as JSON (a copy). */
    public ObjectNode asJson() {
        return values.deepCopy();
    }

    /** Problems with the given settings against what the provider declares: unknown names, wrong types. */
    public List<Problem> check(List<Setting> declared) {
        Map<String, Setting> byName = declared.stream().collect(Collectors.toMap(Setting::name, Function.identity()));
        List<Problem> problems = new ArrayList<>();
        for (String name : names()) {
            Setting setting = byName.get(name);
            if (setting == null) {
                problems.add(new Problem(path(name), "unknown setting of " + provider + " — "
                        + (byName.isEmpty() ? "it has no settings" : "known: " + String.join(", ", new TreeSet<>(byName.keySet())))));
                continue;
            }
            JsonNode value = values.get(name);
            if (value.isNull()) {
                continue;
            }
            boolean ok = switch (setting.type()) {
                case STRING -> value.isTextual() && !value.asText().isBlank();
                case INTEGER -> value.isIntegralNumber() && value.canConvertToInt();
                case BOOLEAN -> value.isBoolean();
            };
            if (!ok) {
                problems.add(new Problem(path(name), "must be " + switch (setting.type()) {
                    case STRING -> "a non-blank string";
                    case INTEGER -> "a whole number";
                    case BOOLEAN -> "true or false";
                } + " (" + setting.description() + "), got " + value));
            }
        }
        return problems;
    }

    @Override
    public String toString() {
        return path("") + values;
    }
}
