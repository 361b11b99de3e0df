package dev.benchfleet.core.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * Reads and checks the run config's {@code benchmark} object, reporting each problem with its JSON
 * path ({@code benchmark.names[2]}). Names, refs and URLs end up on a command line: nothing may
 * start with {@code -}, so no value can pose as an option of {@code git} or {@code run_benchmarks.rb}.
 */
final class BenchmarkSettingsReader {

    static final String KEY = "benchmark";
    static final List<String> KEYS = List.of("names", "category", "yjit", "repo", "ref", "env");
    static final Set<String> CATEGORIES = Set.of("headline", "other", "micro", "ractor");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}");
    private static final Pattern REF = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_./-]{0,199}");
    private static final Pattern REPO = Pattern.compile("(https?|git|ssh|file)://[^\\s]{1,490}|[A-Za-z0-9_.-]+@[A-Za-z0-9_.-]+:[^\\s]{1,400}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    /** The task runner's credential never goes to the benchmark, so it cannot be set for it either. */
    private static final Set<String> RESERVED_ENV = Set.of("API_KEY");

    private final BiConsumer<String, String> report;

    /** @param report takes (JSON path, message) for every problem */
    BenchmarkSettingsReader(BiConsumer<String, String> report) {
        this.report = report;
    }

    BenchmarkSettings read(JsonNode value) {
        if (!value.isObject()) {
            report.accept(KEY, "must be an object like {\"names\": [\"fib\", \"nbody\"], \"yjit\": true}");
            return BenchmarkSettings.defaults();
        }
        List<String> names = List.of();
        String category = null;
        boolean yjit = false;
        String repo = null;
        String ref = null;
        Map<String, String> env = Map.of();
        for (Map.Entry<String, JsonNode> field : value.properties()) {
            String key = field.getKey();
            String path = KEY + "." + key;
            JsonNode v = field.getValue();
            if (ConfigKeys.isComment(key)) {
                continue;
            }
            switch (key) {
                case "names" -> names = names(path, v);
                case "category" -> category = category(path, v);
                case "yjit" -> {
                    if (v.isBoolean()) {
                        yjit = v.booleanValue();
                    } else {
                        report.accept(path, "must be true or false");
                    }
                }
                case "repo" -> repo = matching(path, v, REPO, "must be a git URL (https://, ssh://, git://, file:// or user@host:path)");
                case "ref" -> {
                    ref = matching(path, v, REF, "must be a branch, tag or commit: letters, digits, '_', '.', '/', '-', "
                            + "not starting with '-'");
                    if (ref != null && ref.contains("..")) {
                        report.accept(path, "must not contain '..'");
                        ref = null;
                    }
                }
                case "env" -> env = env(path, v);
                default -> report.accept(path, "unknown key '" + key + "' — benchmark knows " + String.join(", ", KEYS)
                        + Suggestions.closest(key, KEYS).map(s -> "; did you mean '" + s + "'?").orElse(""));
            }
        }
        if (!names.isEmpty() && category != null) {
            report.accept(KEY, "give either names or category, not both");
        }
        return new BenchmarkSettings(names, category, yjit, repo, ref, env);
    }

    private List<String> names(String path, JsonNode v) {
        if (!v.isArray() || v.isEmpty()) {
            report.accept(path, "must be a non-empty array of benchmark names, e.g. [\"fib\", \"nbody\"]");
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            String name = matching(path + "[" + i + "]", v.get(i), NAME,
                    "must be a benchmark name: letters, digits, '_', '.', '-', not starting with '-'");
            if (name != null) {
                if (names.contains(name)) {
                    report.accept(path + "[" + i + "]", "'" + name + "' is listed twice");
                } else {
                    names.add(name);
                }
            }
        }
        return names;
    }

    private String category(String path, JsonNode v) {
        if (!v.isTextual() || v.asText().isBlank()) {
            report.accept(path, "must be a string of categories, e.g. \"headline\" or \"micro,other\"");
            return null;
        }
        for (String c : v.asText().split(",", -1)) {
            if (!CATEGORIES.contains(c.strip())) {
                report.accept(path, "unknown category '" + c.strip() + "' — ruby-bench has headline, other, micro, ractor");
                return null;
            }
        }
        return v.asText().replace(" ", "");
    }

    private Map<String, String> env(String path, JsonNode v) {
        if (!v.isObject()) {
            report.accept(path, "must be an object of variable names to string values, e.g. {\"WARMUP_ITRS\": \"5\"}");
            return Map.of();
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : v.properties()) {
            String name = field.getKey();
            String itemPath = path + "." + name;
            if (!ENV_NAME.matcher(name).matches()) {
                report.accept(itemPath, "is not a valid environment variable name");
            } else if (RESERVED_ENV.contains(name)) {
                report.accept(itemPath, "is reserved: the task runner's key is never passed to the benchmark");
            } else if (!field.getValue().isTextual()) {
                report.accept(itemPath, "must be a string (quote numbers: \"5\")");
            } else if (field.getValue().asText().length() > 4096 || field.getValue().asText().indexOf('\0') >= 0) {
                report.accept(itemPath, "must be at most 4096 characters, without NUL");
            } else {
                env.put(name, field.getValue().asText());
            }
        }
        return env;
    }

    private String matching(String path, JsonNode v, Pattern pattern, String rule) {
        if (!v.isTextual()) {
            report.accept(path, "must be a string");
            return null;
        }
        if (!pattern.matcher(v.asText()).matches()) {
            report.accept(path, rule);
            return null;
        }
        return v.asText();
    }
}
