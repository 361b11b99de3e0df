package dev.benchfleet.report.results;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/**
 * What one {@code results/<run_id>/} folder holds.
 *
 * @param tasks       usable task results (one per task and Ruby variant)
 * @param problems    folders or files that could not be used, each naming the file and why
 * @param tasksTotal  the run's task count from {@code status/<run_id>.json}, when that file exists
 * @param tasksFailed the run's failed task count from the same file
 */
public record RunResults(String runId, Path directory, List<TaskResult> tasks, List<String> problems,
                         OptionalInt tasksTotal, OptionalInt tasksFailed) {

    public RunResults {
        tasks = List.copyOf(tasks);
        problems = List.copyOf(problems);
    }

    /** How many distinct tasks gave usable results. */
    public long usableTasks() {
        return tasks.stream().map(TaskResult::folder).distinct().count();
    }
}
