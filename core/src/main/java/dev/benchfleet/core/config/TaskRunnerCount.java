package dev.benchfleet.core.config;

import java.util.Map;
import java.util.OptionalInt;

/**
 * {@code task_runners.count}: the cap on task runner containers per instance, either one number
 * for every provider or one per provider ({@code {"local": 3, "aws": 2}}).
 */
public final class TaskRunnerCount {

    private static final TaskRunnerCount UNSET = new TaskRunnerCount(0, Map.of());

    private final int forAll; // 0 = not given
    private final Map<String, Integer> perProvider;

    private TaskRunnerCount(int forAll, Map<String, Integer> perProvider) {
        this.forAll = forAll;
        this.perProvider = Map.copyOf(perProvider);
    }

    /** No cap given: each provider uses its default. */
    public static TaskRunnerCount unset() {
        return UNSET;
    }

    /** One cap for every provider. */
    public static TaskRunnerCount forAll(int count) {
        requirePositive(count);
        return new TaskRunnerCount(count, Map.of());
    }

    /** A cap per provider; providers not named use their default. */
    public static TaskRunnerCount perProvider(Map<String, Integer> counts) {
        counts.values().forEach(TaskRunnerCount::requirePositive);
        return new TaskRunnerCount(0, counts);
    }

    /** The cap for one provider, when one is set. */
    public OptionalInt capFor(String provider) {
        if (forAll > 0) {
            return OptionalInt.of(forAll);
        }
        Integer count = perProvider.get(provider);
        return count == null ? OptionalInt.empty() : OptionalInt.of(count);
    }

    private static void requirePositive(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("task_runners.count must be >= 1, got " + count);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TaskRunnerCount other && other.forAll == forAll && other.perProvider.equals(perProvider);
    }

    @Override
    public int hashCode() {
        return 31 * forAll + perProvider.hashCode();
    }

    @Override
    public String toString() {
        return forAll > 0 ? String.valueOf(forAll) : perProvider.isEmpty() ? "unset" : perProvider.toString();
    }
}
