package dev.benchfleet.taskrunner.benchmark;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads progress from ruby-bench's console output, whose {@code run_benchmarks.rb} prints
 * {@code Running benchmark "railsbench" (3/7)} before each benchmark.
 */
public final class RubyBenchProgress {

    private static final Pattern RUNNING = Pattern.compile("Running benchmark \"([^\"]+)\" \\((\\d+)/(\\d+)\\)");

    private RubyBenchProgress() {
    }

    /** One benchmark starting: {@code index} is 1-based. */
    public record Step(String name, int index, int total) {
    }

    public static Optional<Step> parse(String line) {
        Matcher matcher = RUNNING.matcher(line);
        if (!matcher.find()) {
            return Optional.empty();
        }
        try {
            int index = Integer.parseInt(matcher.group(2));
            int total = Integer.parseInt(matcher.group(3));
            if (index < 1 || total < 1 || index > total) {
                return Optional.empty();
            }
            return Optional.of(new Step(matcher.group(1), index, total));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
