package dev.benchfleet.taskrunner.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import dev.benchfleet.protocol.AssignedTask;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The run's {@code benchmark} settings, an extra field of the claim answer's task
 * ({@code task.benchmark}): which benchmarks, YJIT, the suite's repository and ref, extra
 * environment. Absent means the defaults (headline benchmarks, no YJIT, the default suite).
 *
 * <p>The master validated them already; they are checked again here because they end up on
 * command lines. Invalid settings do not stop the runner: {@link #problem()} says what is wrong
 * and the task fails with that message.
 */
public record BenchmarkSettings(List<String> names, String category, boolean yjit, String repo, String ref,
                                Map<String, String> env, String problem) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}");
    private static final Pattern CATEGORY = Pattern.compile("(headline|other|micro|ractor)(,(headline|other|micro|ractor))*");
    private static final Pattern REF = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_./-]{0,199}");
    private static final Pattern REPO = Pattern.compile("(https?|git|ssh|file)://[^\\s]{1,490}|[A-Za-z0-9_.-]+@[A-Za-z0-9_.-]+:[^\\s]{1,400}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{7,40}");

    public BenchmarkSettings {
        names = List.copyOf(names);
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    }

    public static BenchmarkSettings defaults() {
        return new BenchmarkSettings(List.of(), null, false, null, null, Map.of(), null);
    }

    /** The settings an assigned task carries (the API key's variable can never be set through them). */
    public static BenchmarkSettings of(AssignedTask task) {
        return fromJson(task.benchmark(), Set.of("API_KEY"));
    }

    /** Reads {@code task.benchmark}; never throws: what is wrong goes into {@link #problem()}. */
    public static BenchmarkSettings fromJson(JsonNode node, Set<String> hiddenVariables) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return defaults();
        }
        if (!node.isObject()) {
            return invalid("benchmark is not an object");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode name : node.path("names")) {
            if (!name.isTextual() || !NAME.matcher(name.asText()).matches()) {
                return invalid("benchmark.names holds " + shorten(name.toString()) + ", not a benchmark name");
            }
            names.add(name.asText());
        }
        String category = text(node, "category");
        if (category != null && !CATEGORY.matcher(category).matches()) {
            return invalid("benchmark.category " + shorten(category) + " is not a ruby-bench category list");
        }
        String repo = text(node, "repo");
        if (repo != null && !REPO.matcher(repo).matches()) {
            return invalid("benchmark.repo is not a git URL");
        }
        String ref = text(node, "ref");
        if (ref != null && (!REF.matcher(ref).matches() || ref.contains(".."))) {
            return invalid("benchmark.ref " + shorten(ref) + " is not a branch, tag or commit");
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.path("env").properties()) {
            if (!ENV_NAME.matcher(field.getKey()).matches() || hiddenVariables.contains(field.getKey())
                    || !field.getValue().isTextual()) {
                return invalid("benchmark.env." + shorten(field.getKey()) + " cannot be set");
            }
            env.put(field.getKey(), field.getValue().asText());
        }
        return new BenchmarkSettings(names, category, node.path("yjit").asBoolean(false), repo, ref, env, null);
    }

    private static BenchmarkSettings invalid(String problem) {
        return new BenchmarkSettings(List.of(), null, false, null, null, Map.of(), problem);
    }

    public Optional<String> problemIfAny() {
        return Optional.ofNullable(problem);
    }

    /** A ref that names a commit (hex), which a shallow clone of a branch cannot reach. */
    public boolean refIsCommit() {
        return ref != null && COMMIT.matcher(ref).matches();
    }

    /** What runs, in words, for metadata.json and the report: {@code fib,nbody}, {@code category micro}, {@code headline}. */
    public String selection() {
        if (!names.isEmpty()) {
            return String.join(",", names);
        }
        return category != null ? "category " + category : "headline";
    }

    /** ruby-bench's name for the variant: {@code yjit} with YJIT on, else {@code ruby}. */
    public String variant() {
        return yjit ? "yjit" : "ruby";
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String shorten(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 60 ? clean.substring(0, 57) + "..." : clean;
    }

    /** Environment values may be credentials of the user's own: only their names are shown. */
    @Override
    public String toString() {
        return "BenchmarkSettings{names=" + names + ", category=" + category + ", yjit=" + yjit + ", ref=" + ref
                + ", env=" + env.keySet() + (problem == null ? "" : ", problem=" + problem) + "}";
    }
}
