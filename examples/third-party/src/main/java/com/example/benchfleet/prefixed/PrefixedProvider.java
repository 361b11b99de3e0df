package com.example.benchfleet.prefixed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.auto.service.AutoService;
import dev.benchfleet.core.capacity.EntryCapacity;
import dev.benchfleet.core.error.ConfigException;
import dev.benchfleet.core.error.ExternalException;
import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.spi.CapacityModel;
import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.core.spi.InstanceCatalog;
import dev.benchfleet.core.spi.ProviderContext;
import dev.benchfleet.core.spi.ProviderPhase;
import dev.benchfleet.core.spi.SetupResult;
import dev.benchfleet.core.spi.SpiVersion;
import dev.benchfleet.core.spi.StartedResource;
import dev.benchfleet.core.spi.TaskRunnerProvider;
import dev.benchfleet.core.spi.TeardownContext;
import dev.benchfleet.core.spi.ValidationContext;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Task runners as processes on this machine, each started under a command prefix: {@code nice -n 10} by
 * default, or whatever {@code PREFIXED_COMMAND} says, e.g. {@code taskset -c ${cpu}}. At teardown it packs
 * the runners' logs into {@code runner-logs.tar.gz} in its work folder. Like every provider it keeps nothing
 * of a run in fields: each runner's pid goes into the run's recorded state as it starts, and teardown works
 * from that alone (also from {@code nuke}, in another process).
 *
 * <p>An example of a third-party provider: built outside the Benchfleet reactor against the published
 * {@code benchfleet-core}, tested with {@code benchfleet-testkit}, and shipped as one jar with libraries of its
 * own: commons-text (the prefix's quoting and placeholders) and commons-compress 1.26.2 (the log archive),
 * an older version than the runner's own commons-compress, which keeps working next to it.
 */
@AutoService(TaskRunnerProvider.class)
@SpiVersion(SpiVersion.CURRENT)
public final class PrefixedProvider implements TaskRunnerProvider {

    /** The command every task runner is started under; placeholders {@code ${alias}}, {@code ${index}}, {@code ${cpu}}. */
    public static final String PREFIX = "PREFIXED_COMMAND";
    public static final String DEFAULT_PREFIX = "nice -n 10";
    /** The task runner jar; the runner sets it to the one next to runner.jar. */
    public static final String TASK_RUNNER_JAR = "BENCHFLEET_TASK_RUNNER_JAR";
    /** The {@code java} to start task runners with; default the runner's own. */
    public static final String JAVA = "BENCHFLEET_JAVA";

    private static final long STOP_GRACE_SECONDS = 10;

    private final int cpus = Runtime.getRuntime().availableProcessors();

    @Override
    public String name() {
        return "prefixed";
    }

    @Override
    public ProviderPhase phase() {
        return ProviderPhase.POST_RUN;
    }

    @Override
    public CapacityModel capacityModel() {
        return CapacityModel.SINGLE_HOST;
    }

    @Override
    public InstanceCatalog instanceCatalog() {
        return InstanceCatalog.uniform(cpus);
    }

    @Override
    public List<Problem> validate(ValidationContext context) {
        Environment env = context.environment();
        List<Problem> problems = new ArrayList<>();
        try {
            List<String> prefix = Prefix.parse(prefix(env)).expand("alias", 0, 0);
            if (!prefix.get(0).contains(File.separator) && findOnPath(prefix.get(0), env).isEmpty()) {
                problems.add(Problem.environment(PREFIX, "'" + prefix.get(0) + "' is not on the PATH"));
            }
        } catch (IllegalArgumentException e) {
            problems.add(Problem.environment(PREFIX, e.getMessage()));
        }
        Optional<String> jar = env.get(TASK_RUNNER_JAR);
        if (jar.isEmpty()) {
            problems.add(Problem.environment(TASK_RUNNER_JAR, "is not set: point it at the task runner jar"));
        } else if (!Files.isRegularFile(Path.of(jar.get()))) {
            problems.add(Problem.environment(TASK_RUNNER_JAR, "no task runner jar at " + jar.get()));
        }
        if (!Files.isExecutable(java(env))) {
            problems.add(Problem.environment(JAVA, "no java at " + java(env)));
        }
        return problems;
    }

    @Override
    public List<String> describe(ValidationContext context) {
        return List.of("task runners as processes under `" + prefix(context.environment()) + "`");
    }

    @Override
    public SetupResult setup(ProviderContext context) {
        Environment env = context.environment();
        List<Problem> problems = validate(ValidationContext.of(context.config(), context.flags(), env));
        if (!problems.isEmpty()) {
            throw new ConfigException("the prefixed provider", problems);
        }
        Prefix prefix = Prefix.parse(prefix(env));
        Path logs = context.workDir().resolve("runners");
        ObjectNode state = JsonNodeFactory.instance.objectNode();
        ArrayNode runners = state.putArray("runners");
        List<StartedResource> started = new ArrayList<>();
        int cpu = 0;
        try {
            Files.createDirectories(logs);
            for (EntryCapacity entry : context.capacity().entries()) {
                for (int index = 0; index < entry.runnersPerInstance(); index++, cpu++) {
                    context.cancellation().throwIfCancelled();
                    List<String> command = new ArrayList<>(prefix.expand(entry.alias(), index, cpu % cpus));
                    command.addAll(List.of(java(env).toString(), "-jar", env.get(TASK_RUNNER_JAR).orElseThrow(),
                            "--orchestrator-url", context.orchestratorUrl().toString(), "--run-id", context.runId(),
                            "--provider", name(), "--instance-type", entry.instanceType()));
                    if (context.flags().mock()) {
                        command.add("--mock");
                    }
                    if (context.flags().debug()) {
                        command.addAll(List.of("--debug", "--no-exit"));
                    }
                    String runner = entry.alias() + "-" + index;
                    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                            .redirectOutput(logs.resolve(runner + ".log").toFile())
                            .redirectInput(ProcessBuilder.Redirect.from(new File(File.separatorChar == '/' ? "/dev/null" : "NUL")));
                    builder.environment().clear();
                    builder.environment().putAll(env.asMap());
                    builder.environment().put("API_KEY", context.apiKey().reveal()); // never on the command line
                    Process process = builder.start();
                    // Recorded at once: if anything after this fails, teardown still finds the runner.
                    runners.addObject().put("name", runner).put("pid", process.pid())
                            .put("started", process.info().startInstant().map(Instant::toEpochMilli).orElse(0L));
                    context.state().save(state);
                    started.add(new StartedResource("process", String.valueOf(process.pid()), runner));
                }
            }
        } catch (IOException e) {
            throw new ExternalException("could not start a task runner: " + e.getMessage(), "check " + PREFIX + " and " + JAVA, e);
        }
        context.info("started " + started.size() + " task runner(s) under `" + prefix(env) + "`; at teardown, "
                + RunnerLogs.library() + " packs their logs");
        return new SetupResult(started, "kill " + String.join(" ", started.stream().map(StartedResource::id).toList()));
    }

    @Override
    public void teardown(TeardownContext context) {
        if (context.state().load().isEmpty()) {
            return; // never set up
        }
        List<ProcessHandle> alive = alive(context);
        alive.forEach(process -> process.descendants().forEach(ProcessHandle::destroy));
        alive.forEach(ProcessHandle::destroy);
        for (ProcessHandle process : alive) {
            try {
                process.onExit().get(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                process.destroyForcibly();
            }
        }
        try {
            Path archive = context.workDir().resolve("runner-logs.tar.gz");
            int packed = RunnerLogs.pack(context.workDir().resolve("runners"), archive);
            context.info("packed " + packed + " runner log(s) into " + archive + " with " + RunnerLogs.library());
        } catch (IOException e) {
            context.warn("could not pack the runner logs: " + e.getMessage());
        }
    }

    @Override
    public List<StartedResource> remaining(TeardownContext context) {
        return alive(context).stream().map(process -> new StartedResource("process", String.valueOf(process.pid()), "")).toList();
    }

    @Override
    public Duration teardownGrace() {
        return Duration.ofSeconds(2 * STOP_GRACE_SECONDS);
    }

    /** The recorded runners still running: same pid and same start time, so a reused pid is never touched. */
    private static List<ProcessHandle> alive(TeardownContext context) {
        List<ProcessHandle> alive = new ArrayList<>();
        Optional<JsonNode> state = context.state().load();
        if (state.isPresent()) {
            for (JsonNode runner : state.get().path("runners")) {
                long started = runner.path("started").asLong();
                ProcessHandle.of(runner.path("pid").asLong()).filter(ProcessHandle::isAlive)
                        .filter(process -> started == 0 || process.info().startInstant()
                                .map(Instant::toEpochMilli).map(at -> at == started).orElse(true))
                        .ifPresent(alive::add);
            }
        }
        return alive;
    }

    private static String prefix(Environment env) {
        return env.get(PREFIX).orElse(DEFAULT_PREFIX);
    }

    private static Path java(Environment env) {
        return env.get(JAVA).map(Path::of).orElse(Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    private static Optional<Path> findOnPath(String binary, Environment env) {
        for (String dir : env.get("PATH").orElse("").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, binary))) {
                return Optional.of(Path.of(dir, binary));
            }
        }
        return Optional.empty();
    }
}
