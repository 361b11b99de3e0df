package dev.benchfleet.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.benchfleet.core.error.ConfigException;
import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.spi.Secret;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Loads a run config (see {@code config.md}) and checks every rule, reporting all problems at once
 * in a {@link ConfigException}, each with its JSON path.
 *
 * <p>Provider arrays are accepted under any name in {@code knownProviders} (what the provider
 * registry found at runtime), so a third-party provider's entries load without changes here.
 * A loader is thread-safe and meant to be reused: building the validator takes a moment.
 */
public final class RunConfigLoader {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /**
     * The orchestrator's limit on tasks per instance type, checked here before anything starts (no
     * orchestrator, status file or instance for a run it would refuse). The orchestrator's
     * RunSpecParser holds the same number: both move to benchfleet-protocol's limits together.
     */
    public static final int MAX_RUNS_PER_INSTANCE_TYPE = dev.benchfleet.protocol.RunLimits.MAX_TASKS_PER_INSTANCE_TYPE;

    private final SortedSet<String> knownProviders;
    private final Validator validator;

    /** A loader that accepts provider arrays under the given names. */
    public RunConfigLoader(Collection<String> knownProviders) {
        this.knownProviders = new TreeSet<>(knownProviders);
        this.validator = Validation.byProvider(HibernateValidator.class)
                .configure()
                .messageInterpolator(new ParameterMessageInterpolator())
                .buildValidatorFactory()
                .getValidator();
    }

    /** Loads and checks the config file at {@code file}. */
    public RunConfig load(java.nio.file.Path file) {
        String source = file.toString();
        if (Files.isDirectory(file)) {
            throw new ConfigException(new Problem(source, "is a folder, not a config file"),
                    "pass the path of a .json file with -c");
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(new Problem(source, "no such file"),
                    "check the path, or start from examples/config/example.json");
        } catch (MalformedInputException e) {
            throw new ConfigException(new Problem(source, "is not UTF-8 text"), null);
        } catch (IOException e) {
            throw new ConfigException(new Problem(source, "cannot be read: " + e.getMessage()), null);
        }
        return parse(text, source);
    }

    /**
     * Parses and checks config JSON.
     *
     * @param source names the text in messages (a file name)
     */
    public RunConfig parse(String json, String source) {
        JsonNode root = readTree(json, source);
        ConfigTreeReader.Result read = new ConfigTreeReader(knownProviders).read(root);
        List<Problem> problems = new ArrayList<>(read.problems());
        Set<String> reported = read.reportedPaths();

        check(read.top(), "", reported, problems);
        if (read.perInstanceType() != null && !reported.contains(ConfigKeys.PER_INSTANCE_TYPE)) {
            check(read.perInstanceType(), ConfigKeys.PER_INSTANCE_TYPE, reported, problems);
            tooManyTasks(read.perInstanceType().tasks(), ConfigKeys.PER_INSTANCE_TYPE + ".tasks", reported, problems);
        } else if (read.perInstanceType() == null && !read.runsGiven()) {
            problems.add(new Problem(ConfigKeys.RUNS_PER_INSTANCE_TYPE, "is required"));
        }
        tooManyTasks(read.top() == null ? null : read.top().runsPerInstanceType(), ConfigKeys.RUNS_PER_INSTANCE_TYPE,
                reported, problems);
        read.providers().forEach((provider, entries) -> {
            for (int i = 0; i < entries.size(); i++) {
                if (entries.get(i) != null) {
                    check(entries.get(i), provider + "[" + i + "]", reported, problems);
                }
            }
            duplicateAliases(provider, entries, problems);
        });
        read.counts().forEach((path, count) -> {
            String countPath = read.countForAll() ? path : "task_runners.count." + path;
            if (!reported.contains(countPath)) {
                validator.validate(count).forEach(v -> problems.add(new Problem(countPath, v.getMessage())));
            }
        });

        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparingInt((Problem p) -> order(p, root)).thenComparing(RunConfigLoader::sortablePath));
            throw new ConfigException(source, problems);
        }
        return assemble(read);
    }

    private JsonNode readTree(String json, String source) {
        if (json.isBlank()) {
            throw new ConfigException(new Problem(source, "is empty"),
                    "a run config is a JSON object; start from examples/config/example.json");
        }
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? source : source + ":" + at.getLineNr() + ":" + at.getColumnNr();
            throw new ConfigException(new Problem(where, "invalid JSON: " + withoutSourceNoise(e.getOriginalMessage())),
                    at == null ? null : "look at line " + at.getLineNr() + ", column " + at.getColumnNr());
        }
    }

    /** Jackson appends where an unclosed array or object started, with parser internals; the line is enough. */
    private static String withoutSourceNoise(String message) {
        int noise = message.indexOf(" (start marker at");
        return noise < 0 ? message : message.substring(0, noise);
    }

    private <T> void check(T raw, String prefix, Set<String> reported, List<Problem> problems) {
        for (ConstraintViolation<T> violation : validator.validate(raw)) {
            String path = jsonPath(prefix, violation.getPropertyPath());
            if (!reported.contains(path)) {
                problems.add(new Problem(path, violation.getMessage()));
            }
        }
    }

    private static void duplicateAliases(String provider, List<RawConfig.Entry> entries, List<Problem> problems) {
        Map<String, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            RawConfig.Entry entry = entries.get(i);
            if (entry == null || entry.alias() == null || entry.alias().isBlank()) {
                continue;
            }
            Integer first = firstIndex.putIfAbsent(entry.alias(), i);
            if (first != null) {
                problems.add(new Problem(provider + "[" + i + "].alias", "duplicate alias '" + entry.alias()
                        + "' (also " + provider + "[" + first + "].alias) — aliases must be unique within a provider"));
            }
        }
    }

    private static String jsonPath(String prefix, Path propertyPath) {
        StringBuilder path = new StringBuilder(prefix);
        for (Path.Node node : propertyPath) {
            if (node.getName() == null) {
                continue;
            }
            if (path.length() > 0) {
                path.append('.');
            }
            path.append(snakeCase(node.getName()));
        }
        return path.toString();
    }

    private static String snakeCase(String camelCase) {
        StringBuilder out = new StringBuilder();
        for (char c : camelCase.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Problems in file order: the position of their top-level key, then as found. */
    private static int order(Problem problem, JsonNode root) {
        if (!root.isObject()) {
            return 0;
        }
        String top = problem.path().split("[.\\[]", 2)[0];
        int index = 0;
        for (String key : (Iterable<String>) () -> root.fieldNames()) {
            if (key.equals(top)) {
                return index;
            }
            index++;
        }
        return problem.path().equals("$") ? Integer.MAX_VALUE : index;
    }

    /** Entry indexes compare as numbers: aws[2] before aws[10]. */
    private static String sortablePath(Problem problem) {
        return java.util.regex.Pattern.compile("\\[(\\d+)]").matcher(problem.path())
                .replaceAll(m -> "[" + "0".repeat(Math.max(0, 9 - m.group(1).length())) + m.group(1) + "]");
    }

    private static RunConfig assemble(ConfigTreeReader.Result read) {
        Map<String, List<InstanceEntry>> providers = new LinkedHashMap<>();
        read.providers().forEach((provider, raws) -> providers.put(provider, raws.stream()
                .map(RunConfigLoader::entry)
                .toList()));
        TaskRunnerCount count;
        if (read.counts().isEmpty()) {
            count = TaskRunnerCount.unset();
        } else if (read.countForAll()) {
            count = TaskRunnerCount.forAll(read.counts().values().iterator().next().count());
        } else {
            Map<String, Integer> perProvider = new LinkedHashMap<>();
            read.counts().forEach((provider, c) -> perProvider.put(provider, c.count()));
            count = TaskRunnerCount.perProvider(perProvider);
        }
        Secret apiKey = read.top().apiKey() == null ? null : Secret.of(read.top().apiKey());
        RawConfig.PerInstanceType perInstanceType = read.perInstanceType();
        int tasks = perInstanceType == null ? read.top().runsPerInstanceType() : perInstanceType.tasks();
        int instances = perInstanceType == null || perInstanceType.instances() == null ? 0 : perInstanceType.instances();
        RunConfig.Sizing sizing = new RunConfig.Sizing(instances, read.top().estimatedTaskMinutes(), read.top().maxCost());
        return new RunConfig(read.top().rubyVersion(), tasks, count, providers, read.flags(), apiKey, sizing)
                .withSettings(read.settings()).withBenchmark(read.benchmark());
    }

    private static InstanceEntry entry(RawConfig.Entry raw) {
        InstanceEntry entry = raw.vcpus() == null
                ? InstanceEntry.of(raw.instanceType(), raw.alias())
                : InstanceEntry.withVcpus(raw.instanceType(), raw.alias(), raw.vcpus());
        entry = raw.arch() == null ? entry : entry.withArchitecture(raw.arch());
        return Boolean.TRUE.equals(raw.spot()) ? entry.withSpot(true) : entry;
    }

    /** One limit with the orchestrator, checked before anything starts rather than after it was created. */
    private static void tooManyTasks(Integer tasks, String path, Set<String> reported, List<Problem> problems) {
        if (tasks != null && tasks > MAX_RUNS_PER_INSTANCE_TYPE && !reported.contains(path)) {
            problems.add(new Problem(path, "must be ≤ " + MAX_RUNS_PER_INSTANCE_TYPE
                    + " (the orchestrator refuses more tasks per instance type)"));
        }
    }
}
