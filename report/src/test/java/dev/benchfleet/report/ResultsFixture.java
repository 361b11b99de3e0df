package dev.benchfleet.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Writes {@code results/<run_id>/<alias>-<task>/} folders in the real formats, for tests. */
final class ResultsFixture {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path base;
    private int nextTask = 1;

    ResultsFixture(Path base) {
        this.base = base;
    }

    Path base() {
        return base;
    }

    /** A task folder holding output.json (given iteration times per benchmark) and metadata.json. */
    Path task(String runId, String provider, String alias, String ruby, Map<String, double[]> timings,
              Map<String, Object> extraMetadata) {
        return task(runId, provider, alias, alias + ".type", "ruby", ruby, timings, extraMetadata);
    }

    Path task(String runId, String provider, String alias, String instanceType, String variant, String ruby,
              Map<String, double[]> timings, Map<String, Object> extraMetadata) {
        int id = nextTask++;
        Path folder = base.resolve("results").resolve(runId).resolve(alias + "-" + id);
        try {
            Files.createDirectories(folder);
            ObjectNode output = JSON.createObjectNode();
            output.putObject("metadata").put(variant, ruby);
            ObjectNode raw = output.putObject("raw_data").putObject(variant);
            timings.forEach((name, times) -> {
                ObjectNode bench = raw.putObject(name);
                bench.put("RUBY_DESCRIPTION", ruby);
                bench.putArray("warmup");
                ArrayNode array = bench.putArray("bench");
                for (double t : times) {
                    array.add(t);
                }
                bench.put("rss", 1234);
            });
            JSON.writeValue(folder.resolve("output.json").toFile(), output);
            ObjectNode metadata = JSON.createObjectNode();
            metadata.put("task_id", id);
            metadata.put("provider", provider);
            metadata.put("instance_type", instanceType);
            metadata.put("alias", alias);
            metadata.put("ruby_version", "3.4.7");
            metadata.put("run", id);
            metadata.put("start_time", "2026-11-29T10:00:0" + (id % 10) + "Z");
            metadata.put("end_time", "2026-11-29T10:05:0" + (id % 10) + "Z");
            metadata.put("status", "success");
            metadata.put("runner_id", "runner-" + id);
            extraMetadata.forEach((k, v) -> metadata.putPOJO(k, v));
            JSON.writeValue(folder.resolve("metadata.json").toFile(), metadata);
            Files.writeString(folder.resolve("output.txt"), "ruby: " + ruby + "\n");
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code tasks} tasks of one type whose benchmarks take {@code factor} × a base time, with a little noise. */
    void type(String runId, String provider, String alias, double factor, int tasks, long seed,
              Map<String, Object> extraMetadata, String... benchmarks) {
        Random random = new Random(seed);
        for (int t = 0; t < tasks; t++) {
            Map<String, double[]> timings = new LinkedHashMap<>();
            double taskNoise = 1 + (random.nextDouble() - 0.5) * 0.02;
            for (int b = 0; b < benchmarks.length; b++) {
                double[] times = new double[5];
                for (int i = 0; i < times.length; i++) {
                    times[i] = (0.05 + 0.1 * b) * factor * taskNoise * (1 + (random.nextDouble() - 0.5) * 0.02);
                }
                timings.put(benchmarks[b], times);
            }
            task(runId, provider, alias, "ruby 3.4.7 (2025-10-08 revision 7a5688e2a2) +PRISM [x86_64-linux]", timings,
                    extraMetadata);
        }
    }
}
