package dev.benchfleet.core.config;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The run config's {@code benchmark} object: what the task runners run. Every field is optional;
 * the defaults are the suite's headline benchmarks, the interpreter without YJIT, the suite's
 * default branch from the task runner's default repository, and no extra environment.
 *
 * @param names    benchmark names to run (empty: by {@code category}, or the headline ones)
 * @param category ruby-bench categories, comma-separated ({@code headline}, {@code other}, {@code micro},
 *                 {@code ractor}); {@code null} when not given
 * @param yjit     run Ruby with {@code --yjit}; results are labelled {@code yjit}
 * @param repo     git URL of the suite; {@code null}: the task runner's default
 * @param ref      branch, tag or commit of the suite to check out; {@code null}: the default branch
 * @param env      extra environment variables for the benchmark processes
 */
public record BenchmarkSettings(List<String> names, String category, boolean yjit, String repo, String ref,
                                Map<String, String> env) {

    public BenchmarkSettings {
        names = List.copyOf(names);
        env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
    }

    /** Nothing set: headline benchmarks, no YJIT, default suite. */
    public static BenchmarkSettings defaults() {
        return new BenchmarkSettings(List.of(), null, false, null, null, Map.of());
    }

    public Optional<String> categoryIfSet() {
        return Optional.ofNullable(category);
    }

    public Optional<String> repoIfSet() {
        return Optional.ofNullable(repo);
    }

    public Optional<String> refIfSet() {
        return Optional.ofNullable(ref);
    }

    /** The object sent to the orchestrator with {@code POST /runs}, which hands it to runners with each task. */
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        if (!names.isEmpty()) {
            names.forEach(node.putArray("names")::add);
        }
        if (category != null) {
            node.put("category", category);
        }
        node.put("yjit", yjit);
        if (repo != null) {
            node.put("repo", repo);
        }
        if (ref != null) {
            node.put("ref", ref);
        }
        if (!env.isEmpty()) {
            ObjectNode vars = node.putObject("env");
            env.forEach(vars::put);
        }
        return node;
    }

    /** Environment values may be credentials of the user's own: only their names are shown. */
    @Override
    public String toString() {
        return "BenchmarkSettings{names=" + names + ", category=" + category + ", yjit=" + yjit + ", repo=" + repo
                + ", ref=" + ref + ", env=" + env.keySet() + "}";
    }
}
