package dev.benchfleet.report.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.benchfleet.core.error.ConfigException;
import dev.benchfleet.core.error.Problem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * Reads {@code results/<run_id>/}: one folder per completed task holding ruby-bench's
 * {@code output.json} ({@code raw_data} → variant → benchmark → {@code bench}: iteration times in
 * seconds) and the task runner's {@code metadata.json}. Reads only; never writes or moves anything.
 * A task whose files are missing, empty or corrupt is left out and named in
 * {@link RunResults#problems()}; only a run folder that does not exist is an error.
 */
public final class ResultsReader {

    static final String OUTPUT = "output.json";
    static final String METADATA = "metadata.json";

    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param resultsRoot the {@code results/} folder
     * @param statusRoot  the {@code status/} folder, whose {@code <run_id>.json} gives task counts; may be absent
     * @throws ConfigException when {@code results/<run_id>/} does not exist
     */
    public RunResults read(Path resultsRoot, Path statusRoot, String runId) {
        Path directory = resultsRoot.resolve(runId);
        if (!runId.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new ConfigException(new Problem("run id '" + runId.replaceAll("\\p{Cntrl}", "?") + "'",
                    "is not a run id (letters, digits, '-' and '_')"), "run ids look like 173400000012345678");
        }
        if (!Files.isDirectory(directory)) {
            throw new ConfigException(new Problem(directory.toString(), "no such folder: there are no results of run "
                    + runId + " here"), "pass the id of a run whose results were downloaded into " + resultsRoot
                    + " (ls " + resultsRoot + ")");
        }
        List<TaskResult> tasks = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<Path> folders;
        try (Stream<Path> children = Files.list(directory)) {
            folders = children.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new ConfigException(new Problem(directory.toString(), "cannot be listed: " + e.getMessage()), null);
        }
        for (Path folder : folders) {
            readTask(runId, folder, tasks, problems);
        }
        OptionalInt total = OptionalInt.empty();
        OptionalInt failed = OptionalInt.empty();
        Path statusFile = statusRoot == null ? null : statusRoot.resolve(runId + ".json");
        if (statusFile != null && Files.isRegularFile(statusFile)) {
            try {
                JsonNode counts = json.readTree(statusFile.toFile()).path("tasks");
                if (counts.path("total").isInt()) {
                    total = OptionalInt.of(counts.get("total").intValue());
                }
                if (counts.path("failed").isInt()) {
                    failed = OptionalInt.of(counts.get("failed").intValue());
                }
            } catch (IOException e) {
                problems.add(statusFile + ": cannot be read (" + firstLine(e) + "); task counts unknown");
            }
        }
        return new RunResults(runId, directory, tasks, problems, total, failed);
    }

    private void readTask(String runId, Path folder, List<TaskResult> tasks, List<String> problems) {
        String name = folder.getFileName().toString();
        Path metadataFile = folder.resolve(METADATA);
        Path outputFile = folder.resolve(OUTPUT);
        JsonNode metadata = readJson(metadataFile, problems);
        if (metadata == null) {
            return;
        }
        if ("error".equals(metadata.path("status").asText())) {
            problems.add(metadataFile + ": the task failed (status \"error\"); left out");
            return;
        }
        JsonNode output = readJson(outputFile, problems);
        if (output == null) {
            return;
        }
        JsonNode raw = output.path("raw_data");
        if (!raw.isObject() || raw.isEmpty()) {
            problems.add(outputFile + ": has no raw_data timings; left out");
            return;
        }
        String provider = text(metadata, "provider", "unknown");
        String instanceType = text(metadata, "instance_type", "unknown");
        String alias = text(metadata, "alias", instanceType);
        String taskId = metadata.path("task_id").isMissingNode() ? name : metadata.path("task_id").asText();
        int run = metadata.path("run").asInt(0);
        for (Map.Entry<String, JsonNode> variant : raw.properties()) {
            Map<String, List<Double>> iterations = new LinkedHashMap<>();
            String description = null;
            for (Map.Entry<String, JsonNode> bench : variant.getValue().properties()) {
                List<Double> times = new ArrayList<>();
                JsonNode values = bench.getValue().path("bench");
                for (JsonNode value : values) {
                    if (value.isNumber() && value.doubleValue() > 0 && Double.isFinite(value.doubleValue())) {
                        times.add(value.doubleValue());
                    }
                }
                if (times.isEmpty()) {
                    problems.add(outputFile + ": benchmark '" + bench.getKey() + "' (" + variant.getKey()
                            + ") has no positive iteration times; left out");
                    continue;
                }
                iterations.put(bench.getKey(), times);
                if (description == null && bench.getValue().path("RUBY_DESCRIPTION").isTextual()) {
                    description = bench.getValue().get("RUBY_DESCRIPTION").asText();
                }
            }
            if (iterations.isEmpty()) {
                continue;
            }
            if (metadata.path("ruby_description").isTextual()) {
                description = metadata.get("ruby_description").asText();
            } else if (description == null && output.path("metadata").path(variant.getKey()).isTextual()) {
                description = output.path("metadata").path(variant.getKey()).asText();
            }
            tasks.add(new TaskResult(runId, name, taskId, provider, alias, instanceType, run, variant.getKey(),
                    iterations, facts(metadata, description)));
        }
    }

    private JsonNode readJson(Path file, List<String> problems) {
        if (!Files.isRegularFile(file)) {
            problems.add(file + ": is missing; task left out");
            return null;
        }
        try {
            if (Files.size(file) == 0) {
                problems.add(file + ": is empty; task left out");
                return null;
            }
            JsonNode node = json.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                problems.add(file + ": is not a JSON object; task left out");
                return null;
            }
            return node;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            problems.add(file + ": is not valid JSON" + where + "; task left out");
            return null;
        } catch (IOException e) {
            problems.add(file + ": cannot be read (" + firstLine(e) + "); task left out");
            return null;
        }
    }

    private static TaskFacts facts(JsonNode m, String rubyDescription) {
        return new TaskFacts(rubyDescription, textOrNull(m, "suite_commit"), textOrNull(m, "cpu_model"),
                intOrNull(m, "vcpus"), intOrNull(m, "threads_per_core"), textOrNull(m, "kernel"),
                textOrNull(m, "arch"), doubleOrNull(m, "cpu_steal_pct"), instant(m, "start_time"),
                instant(m, "end_time"), doubleOrNull(m, "price_per_hour"),
                m.path("yjit").isBoolean() ? m.get("yjit").booleanValue() : null);
    }

    private static String text(JsonNode node, String field, String fallback) {
        String value = textOrNull(node, field);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() || value.isNumber() ? value.asText() : null;
    }

    private static Integer intOrNull(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isIntegralNumber() && value.canConvertToInt() ? value.intValue() : null;
    }

    private static Double doubleOrNull(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNumber() && Double.isFinite(value.doubleValue()) ? value.doubleValue() : null;
    }

    private static Instant instant(JsonNode node, String field) {
        String value = textOrNull(node, field);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
