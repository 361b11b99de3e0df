package dev.benchfleet.taskrunner.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.benchfleet.taskrunner.protocol.BenchmarkSettings;
import dev.benchfleet.protocol.HeartbeatStatus;
import dev.benchfleet.protocol.AssignedTask;
import dev.benchfleet.taskrunner.retry.Sleeper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * A short stand-in for ruby-bench: walks through a few named fake benchmarks over
 * {@code duration}, reporting progress, and writes {@code output.txt/.json/.csv} shaped like
 * ruby-bench's. It fails only when told to ({@code BENCHFLEET_MOCK_FAIL=true}), halfway through.
 *
 * <p>Timings model a fleet: each benchmark has a fixed base time, each alias a fixed speed factor
 * (0.7–1.5×, with a small per-benchmark tilt), and each task a little noise (±2 %, seeded by the
 * task) on top of ±3 % between iterations. So the same alias is about equally fast in every run
 * and a mock run's report shows a stable ranking, while a task always produces the same numbers.
 */
public final class MockBenchmark implements Benchmark {

    static final List<String> BENCHMARKS = List.of("fib", "nbody", "binarytrees", "optcarrot", "liquid-render", "railsbench");

    /** With {@code yjit}, mock times are this fraction of the interpreter's. */
    static final double YJIT_SPEEDUP = 0.6;

    private final ObjectMapper mapper = new ObjectMapper();

    private final Duration duration;
    private final boolean fail;
    private final Sleeper sleeper;
    private final LongSupplier nanoTime;

    public MockBenchmark(Duration duration, boolean fail, Sleeper sleeper) {
        this(duration, fail, sleeper, System::nanoTime);
    }

    /** @param nanoTime where the steps' ends are measured from ({@link System#nanoTime()} but in tests) */
    MockBenchmark(Duration duration, boolean fail, Sleeper sleeper, LongSupplier nanoTime) {
        this.duration = duration;
        this.fail = fail;
        this.sleeper = sleeper;
        this.nanoTime = nanoTime;
    }

    @Override
    public HeartbeatStatus initialStatus() {
        return HeartbeatStatus.RUNNING;
    }

    @Override
    public void run(BenchmarkContext context) throws BenchmarkFailedException, InterruptedException {
        AssignedTask task = context.task();
        Path log = context.output(OutputFiles.CONSOLE_LOG);
        Random random = new Random(task.id().value().hashCode() * 31L + task.runNumber());
        BenchmarkSettings settings = BenchmarkSettings.of(task);
        if (settings.problemIfAny().isPresent()) {
            throw new BenchmarkFailedException("the run's benchmark settings cannot be used: " + settings.problem(), "");
        }
        String description = "ruby " + (task.rubyVersion().isBlank() ? "3.4.1" : task.rubyVersion())
                + " (mock benchmark)" + (settings.yjit() ? " +YJIT" : "") + " [x86_64-linux]";
        context.facts().put("ruby_description", description);
        List<String> benchmarks = settings.names().isEmpty() ? BENCHMARKS : settings.names();
        Map<String, double[]> timings = new LinkedHashMap<>();
        int total = benchmarks.size();
        long start = nanoTime.getAsLong();
        try {
            for (int i = 0; i < total; i++) {
                String name = benchmarks.get(i);
                context.progress().benchmarkStarted(name, i + 1, total);
                append(log, "Running benchmark \"" + name + "\" (" + (i + 1) + "/" + total + ")");
                // Each step ends at its share of the duration counted from the start: the time spent reporting,
                // logging and waking late comes out of the sleeps, so the mock takes its duration, not more.
                long end = start + duration.toNanos() * (i + 1) / total;
                sleeper.sleep(Duration.ofNanos(Math.max(0, end - nanoTime.getAsLong())));
                if (fail && i == total / 2) {
                    append(log, "mock: " + name + " crashed (BENCHFLEET_MOCK_FAIL=true)");
                    throw new BenchmarkFailedException("mock benchmark '" + name
                            + "' failed on purpose (BENCHFLEET_MOCK_FAIL=true)", Files.readString(log));
                }
                double base = baseMillis(name) * aliasFactor(task.aliasOrType(), name)
                        * (settings.yjit() ? YJIT_SPEEDUP : 1) * (0.98 + random.nextDouble() * 0.04);
                double[] samples = new double[10];
                for (int s = 0; s < samples.length; s++) {
                    samples[s] = base * (0.97 + random.nextDouble() * 0.06);
                }
                timings.put(name, samples);
            }
            writeOutputs(context, settings.variant(), description, timings);
            append(log, "Total time spent benchmarking: " + duration.toSeconds() + "s");
        } catch (IOException e) {
            throw new BenchmarkFailedException("mock benchmark could not write its output: " + e.getMessage(), "", e);
        }
        context.progress().progress(100);
    }

    private void writeOutputs(BenchmarkContext context, String variant, String description, Map<String, double[]> timings)
            throws IOException {
        StringBuilder text = new StringBuilder(variant + ": ").append(description).append("\n\n");
        text.append(String.format(Locale.ROOT, "%-15s %10s %11s%n", "bench", variant + " (ms)", "stddev (%)"));
        StringBuilder csv = new StringBuilder(variant + ",").append(quoteCsv(description)).append("\n\n");
        csv.append("bench," + variant + " (ms),stddev (%)\n");
        ObjectNode document = mapper.createObjectNode();
        document.putObject("metadata").put(variant, description);
        ObjectNode raw = document.putObject("raw_data").putObject(variant);
        for (Map.Entry<String, double[]> entry : timings.entrySet()) {
            double mean = mean(entry.getValue());
            double stddevPct = 100 * stddev(entry.getValue(), mean) / mean;
            text.append(String.format(Locale.ROOT, "%-15s %10.1f %11.1f%n", entry.getKey(), mean, stddevPct));
            csv.append(String.format(Locale.ROOT, "%s,%s,%s%n", entry.getKey(), mean, stddevPct));
            ObjectNode bench = raw.putObject(entry.getKey());
            bench.put("RUBY_DESCRIPTION", description);
            bench.putArray("warmup");
            ArrayNode seconds = bench.putArray("bench");
            for (double ms : entry.getValue()) {
                seconds.add(ms / 1000);
            }
            bench.put("rss", 40_000_000 + Math.round(mean * 1000));
        }
        Files.writeString(context.output(OutputFiles.TEXT), text.toString(), StandardCharsets.UTF_8);
        mapper.writeValue(context.output(OutputFiles.JSON).toFile(), document);
        Files.writeString(context.output(OutputFiles.CSV), csv.toString(), StandardCharsets.UTF_8);
    }

    /** A benchmark's time on a machine of factor 1, in ms: fixed by its name. */
    static double baseMillis(String benchmark) {
        return 20 + Math.floorMod(benchmark.hashCode(), 480);
    }

    /** How much slower than factor 1 this alias is on this benchmark: fixed by the names. */
    static double aliasFactor(String alias, String benchmark) {
        double overall = 0.7 + Math.floorMod(alias.hashCode() * 31 + 7, 1000) / 1000.0 * 0.8;
        double tilt = 0.95 + Math.floorMod((alias + "/" + benchmark).hashCode(), 100) / 1000.0;
        return overall * tilt;
    }

    private static void append(Path log, String line) throws BenchmarkFailedException {
        try {
            Files.writeString(log, line + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new BenchmarkFailedException("mock benchmark could not write its log: " + e.getMessage(), "", e);
        }
    }

    private static String quoteCsv(String value) {
        return "\"" + value.replace("\"", "\"\"") + "\"";
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static double stddev(double[] values, double mean) {
        double sum = 0;
        for (double v : values) {
            sum += (v - mean) * (v - mean);
        }
        return Math.sqrt(sum / values.length);
    }
}
