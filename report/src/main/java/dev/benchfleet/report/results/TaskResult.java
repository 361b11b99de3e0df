package dev.benchfleet.report.results;

import java.util.List;
import java.util.Map;

/**
 * One completed task's timings for one Ruby variant of its {@code output.json} (ruby-bench's
 * {@code raw_data} key: {@code ruby}, or {@code yjit} when the run enabled YJIT).
 *
 * @param folder     the task's folder name inside {@code results/<run_id>/}
 * @param iterations benchmark name to its measured iteration times in seconds (warm-up excluded)
 */
public record TaskResult(String runId, String folder, String taskId, String provider, String alias,
                         String instanceType, int run, String variant, Map<String, List<Double>> iterations,
                         TaskFacts facts) {

    public TaskResult {
        iterations = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(iterations));
    }

    /** Provider + alias + variant: the unit the report ranks. */
    public GroupKey key() {
        return new GroupKey(provider, alias, variant);
    }
}
