package dev.benchfleet.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.spi.Architecture;
import dev.benchfleet.core.spi.RunFlags;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;

/**
 * Walks a parsed config tree: checks keys and JSON types, and turns what it understands into
 * {@link RawConfig} values. Anything wrong becomes a {@link Problem}; the walk goes on so that all
 * problems are found at once.
 */
final class ConfigTreeReader {

    /** What the walk found: raw values to check further, and the problems so far. */
    record Result(RawConfig.Top top, Map<String, List<RawConfig.Entry>> providers,
                  Map<String, RawConfig.Count> counts, boolean countForAll, RunFlags flags,
                  List<Problem> problems, Set<String> reportedPaths, Map<String, ObjectNode> settings,
                  RawConfig.PerInstanceType perInstanceType, boolean runsGiven, BenchmarkSettings benchmark) {
    }

    private final SortedSet<String> knownProviders;
    private final List<Problem> problems = new ArrayList<>();
    private final Set<String> reportedPaths = new HashSet<>();

    ConfigTreeReader(SortedSet<String> knownProviders) {
        this.knownProviders = knownProviders;
    }

    Result read(JsonNode root) {
        if (!root.isObject()) {
            report("$", "must be a JSON object, got " + describe(root));
            return new Result(new RawConfig.Top(null, null, null), Map.of(), Map.of(), false, RunFlags.defaults(),
                    problems, reportedPaths, Map.of(), null, true, BenchmarkSettings.defaults());
        }
        String rubyVersion = null;
        Integer runs = null;
        Map<String, RawConfig.Count> counts = new LinkedHashMap<>();
        boolean countForAll = false;
        Map<String, List<RawConfig.Entry>> providers = new LinkedHashMap<>();
        RunFlags flags = RunFlags.defaults();
        String apiKey = null;
        Map<String, ObjectNode> settings = new LinkedHashMap<>();
        BigDecimal estimatedTaskMinutes = null;
        BigDecimal maxCost = null;
        RawConfig.PerInstanceType perInstanceType = null;
        boolean runsGiven = false;
        BenchmarkSettings benchmark = BenchmarkSettings.defaults();

        for (Map.Entry<String, JsonNode> field : root.properties()) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (ConfigKeys.isComment(key) || value.isNull()) {
                continue; // null means "not set", as in the original tool's example.json ("api_key": null)
            }
            switch (key) {
                case ConfigKeys.RUBY_VERSION -> rubyVersion = string(key, value, "e.g. \"3.4.7\"");
                case ConfigKeys.RUNS_PER_INSTANCE_TYPE -> {
                    runsGiven = true;
                    runs = integer(key, value);
                }
                case ConfigKeys.PER_INSTANCE_TYPE -> perInstanceType = perInstanceType(value);
                case ConfigKeys.ESTIMATED_TASK_MINUTES -> estimatedTaskMinutes = number(key, value, "minutes, e.g. 20");
                case ConfigKeys.MAX_COST -> maxCost = number(key, value, "US dollars, e.g. 5.00");
                case ConfigKeys.TASK_RUNNERS -> countForAll = taskRunners(value, counts);
                case ConfigKeys.LOCAL_ORCHESTRATOR -> flags = flags.withLocalOrchestrator(bool(key, value));
                case ConfigKeys.SKIP_INFRA -> flags = flags.withSkipInfra(bool(key, value));
                case ConfigKeys.MOCK -> flags = flags.withMock(bool(key, value));
                case ConfigKeys.DEBUG -> flags = flags.withDebug(bool(key, value));
                case ConfigKeys.NON_INTERACTIVE -> flags = flags.withNonInteractive(bool(key, value));
                case ConfigKeys.API_KEY -> apiKey = string(key, value, "32 hex characters, for example");
                case ConfigKeys.BENCHMARK -> benchmark = new BenchmarkSettingsReader(this::report).read(value);
                case ConfigKeys.PROVIDERS -> providerSettings(value, settings);
                default -> {
                    if (knownProviders.contains(key)) {
                        providers.put(key, entries(key, value));
                    } else {
                        report(key, unknownKey(key));
                    }
                }
            }
        }
        boolean providerKeyGiven = root.properties().stream()
                .anyMatch(f -> knownProviders.contains(f.getKey()) && !f.getValue().isNull());
        if (!providerKeyGiven) {
            report("$", "no provider given — add an array of {instance_type, alias} entries under one of: "
                    + String.join(", ", knownProviders));
        }
        if (runsGiven && perInstanceType != null) {
            report(ConfigKeys.PER_INSTANCE_TYPE, "give either runs_per_instance_type or per_instance_type, not both "
                    + "(runs_per_instance_type is also set) — per_instance_type {\"tasks\": N, \"instances\": M} "
                    + "is the original tool's later form of runs_per_instance_type");
        }
        return new Result(new RawConfig.Top(rubyVersion, runs, apiKey, estimatedTaskMinutes, maxCost), providers, counts,
                countForAll, flags, problems, reportedPaths, settings, perInstanceType, runsGiven, benchmark);
    }

    /** {@code "providers": {"aws": {"region": "eu-west-1"}}}: each provider's own settings, checked by the planner. */
    private void providerSettings(JsonNode value, Map<String, ObjectNode> settings) {
        String path = ConfigKeys.PROVIDERS;
        if (value.isNull()) {
            return;
        }
        if (!value.isObject()) {
            report(path, "must be an object of provider settings like {\"aws\": {\"region\": \"eu-west-1\"}}, got "
                    + describe(value));
            return;
        }
        for (Map.Entry<String, JsonNode> field : value.properties()) {
            String provider = field.getKey();
            if (ConfigKeys.isComment(provider)) {
                continue;
            }
            if (!knownProviders.contains(provider)) {
                report(path + "." + provider, "unknown provider '" + provider + "' — known providers: "
                        + String.join(", ", knownProviders));
            } else if (field.getValue().isObject()) {
                settings.put(provider, (ObjectNode) field.getValue());
            } else if (!field.getValue().isNull()) {
                report(path + "." + provider, "must be an object of " + provider + "'s settings, got "
                        + describe(field.getValue()));
            }
        }
    }

    /** Reads {@code per_instance_type}: {@code {"tasks": N, "instances": M | "auto"}}. */
    private RawConfig.PerInstanceType perInstanceType(JsonNode value) {
        String path = ConfigKeys.PER_INSTANCE_TYPE;
        if (!value.isObject()) {
            report(path, "must be an object like {\"tasks\": 3, \"instances\": 2}, got " + describe(value));
            return new RawConfig.PerInstanceType(null, null);
        }
        Integer tasks = null;
        Integer instances = null;
        for (Map.Entry<String, JsonNode> field : value.properties()) {
            String key = field.getKey();
            JsonNode item = field.getValue();
            String itemPath = path + "." + key;
            if (ConfigKeys.isComment(key) || item.isNull()) {
                continue;
            }
            switch (key) {
                case ConfigKeys.TASKS -> tasks = integer(itemPath, item);
                case ConfigKeys.INSTANCES -> {
                    if (item.isTextual() && ConfigKeys.AUTO.equals(item.asText())) {
                        instances = null;
                    } else if (item.isTextual()) {
                        report(itemPath, "must be a whole number ≥ 1 or \"auto\", got " + describe(item));
                    } else {
                        instances = integer(itemPath, item);
                    }
                }
                default -> {
                    String suggestion = Suggestions.closest(key, ConfigKeys.PER_INSTANCE)
                            .map(s -> "; did you mean '" + s + "'?").orElse("");
                    report(itemPath, "unknown key '" + key + "' — per_instance_type knows "
                            + String.join(", ", ConfigKeys.PER_INSTANCE) + suggestion);
                }
            }
        }
        return new RawConfig.PerInstanceType(tasks, instances);
    }

    private String unknownKey(String key) {
        String known = "known providers: " + (knownProviders.isEmpty() ? "(none found)" : String.join(", ", knownProviders));
        List<String> candidates = new ArrayList<>(knownProviders);
        candidates.addAll(ConfigKeys.TOP_LEVEL);
        String suggestion = Suggestions.closest(key, candidates)
                .map(s -> "; did you mean '" + s + "'?")
                .orElse("");
        return "unknown key '" + key + "' — " + known + suggestion;
    }

    private boolean taskRunners(JsonNode value, Map<String, RawConfig.Count> counts) {
        String path = ConfigKeys.TASK_RUNNERS;
        if (!value.isObject()) {
            report(path, "must be an object like {\"count\": 2}, got " + describe(value));
            return false;
        }
        boolean forAll = false;
        for (Map.Entry<String, JsonNode> field : value.properties()) {
            String key = field.getKey();
            if (ConfigKeys.isComment(key) || field.getValue().isNull()) {
                continue;
            }
            if (!key.equals(ConfigKeys.COUNT)) {
                report(path + "." + key, "unknown key '" + key + "' — task_runners knows only 'count'");
                continue;
            }
            forAll = count(path + "." + key, field.getValue(), counts);
        }
        return forAll;
    }

    /** Reads {@code task_runners.count}; returns true when it is one number for every provider. */
    private boolean count(String path, JsonNode value, Map<String, RawConfig.Count> counts) {
        if (value.isObject()) {
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                String provider = field.getKey();
                if (ConfigKeys.isComment(provider) || field.getValue().isNull()) {
                    continue;
                }
                String itemPath = path + "." + provider;
                if (!knownProviders.contains(provider)) {
                    report(itemPath, "unknown provider '" + provider + "' — known providers: "
                            + String.join(", ", knownProviders));
                    continue;
                }
                counts.put(provider, new RawConfig.Count(integer(itemPath, field.getValue())));
            }
            return false;
        }
        if (value.isNumber()) {
            counts.put(path, new RawConfig.Count(integer(path, value)));
            return true;
        }
        report(path, "must be a whole number or an object of whole numbers per provider "
                + "(e.g. {\"local\": 3, \"aws\": 2}), got " + describe(value));
        return false;
    }

    private List<RawConfig.Entry> entries(String provider, JsonNode value) {
        List<RawConfig.Entry> entries = new ArrayList<>();
        if (!value.isArray()) {
            report(provider, "must be an array of {instance_type, alias} entries, got " + describe(value));
            return entries;
        }
        if (value.isEmpty()) {
            report(provider, "must list at least one {instance_type, alias} entry (or leave the key out)");
            return entries;
        }
        for (int i = 0; i < value.size(); i++) {
            entries.add(entry(provider + "[" + i + "]", value.get(i)));
        }
        return entries;
    }

    private RawConfig.Entry entry(String path, JsonNode node) {
        if (node.isTextual()) {
            // The protocol allows a plain string: instance_type = alias = that string.
            return new RawConfig.Entry(node.asText(), node.asText(), null);
        }
        if (!node.isObject()) {
            report(path, "must be an object like {\"instance_type\": \"...\", \"alias\": \"...\"}, got " + describe(node));
            return null;
        }
        String instanceType = null;
        String alias = null;
        Integer vcpus = null;
        Architecture arch = null;
        Boolean spot = null;
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = field.getKey();
            String keyPath = path + "." + key;
            if (field.getValue().isNull()) {
                continue;
            }
            switch (key) {
                case ConfigKeys.INSTANCE_TYPE -> instanceType = string(keyPath, field.getValue(), null);
                case ConfigKeys.ALIAS -> alias = string(keyPath, field.getValue(), null);
                case ConfigKeys.VCPUS -> vcpus = integer(keyPath, field.getValue());
                case ConfigKeys.ARCH -> arch = architecture(keyPath, field.getValue());
                case ConfigKeys.SPOT -> spot = bool(keyPath, field.getValue());
                default -> {
                    if (!ConfigKeys.isComment(key)) {
                        String suggestion = Suggestions.closest(key, ConfigKeys.ENTRY)
                                .map(s -> "; did you mean '" + s + "'?").orElse("");
                        report(keyPath, "unknown key '" + key + "' — an entry knows "
                                + String.join(", ", ConfigKeys.ENTRY) + suggestion);
                    }
                }
            }
        }
        return new RawConfig.Entry(instanceType, alias, vcpus, arch, spot);
    }

    private Architecture architecture(String path, JsonNode value) {
        String name = string(path, value, "arm64 or x86_64");
        if (name == null) {
            return null;
        }
        Optional<Architecture> arch = Architecture.parse(name);
        if (arch.isEmpty()) {
            report(path, "must be arm64 or x86_64 (amd64), got '" + name + "'");
        }
        return arch.orElse(null);
    }

    private BigDecimal number(String path, JsonNode value, String example) {
        if (value.isNumber()) {
            return value.decimalValue();
        }
        report(path, "must be a number (" + example + "), got " + describe(value));
        return null;
    }

    private String string(String path, JsonNode value, String example) {
        if (value.isTextual()) {
            return value.asText();
        }
        report(path, "must be a string" + (example == null ? "" : " (" + example + ")") + ", got " + describe(value));
        return null;
    }

    private Integer integer(String path, JsonNode value) {
        if (value.isIntegralNumber() && value.canConvertToInt()) {
            return value.intValue();
        }
        if (value.isIntegralNumber()) {
            report(path, "must be at most " + Integer.MAX_VALUE + ", got " + value);
        } else {
            report(path, "must be a whole number, got " + describe(value));
        }
        return null;
    }

    private boolean bool(String path, JsonNode value) {
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        report(path, "must be true or false, got " + describe(value));
        return false;
    }

    private void report(String path, String message) {
        problems.add(new Problem(path, message));
        reportedPaths.add(path);
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "the string " + node;
            case NUMBER -> "the number " + node;
            case BOOLEAN -> node.asText();
            case NULL -> "null";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
