package dev.benchfleet.provider.local;

import com.google.auto.service.AutoService;
import com.fasterxml.jackson.databind.JsonNode;
import dev.benchfleet.core.error.ConfigException;
import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.spi.Architecture;
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
import dev.benchfleet.provider.local.docker.DockerCli;
import dev.benchfleet.provider.local.docker.EngineInfo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Task runners on this machine (guide: the {@code local} provider). Phase {@code post_run}, but its
 * runners wait for the run ({@link #runnersWaitForRun()}), so they start while the orchestrator comes up. One instance, this machine, per config entry, with
 * {@code max(1, min(cpus, task_runners.count))} runners each (default 1), each pinned to its own CPU.
 *
 * <p>Two runtimes, chosen automatically and overridable with {@code BENCHFLEET_LOCAL_RUNTIME}:
 * <b>docker</b> when a Docker engine answers, <b>process</b> (the task runner jar as child processes)
 * otherwise. See {@link LocalSettings} for every knob.
 *
 * <p>Stateless: what a run started (process ids with start times, or containers) is recorded in the
 * run journal as each runner starts ({@link RunnerRecord}), and teardown works from that record alone,
 * also in a new process ({@code runner.jar nuke <run_id>}).
 */
@AutoService(TaskRunnerProvider.class)
@SpiVersion(SpiVersion.CURRENT)
public final class LocalProvider implements TaskRunnerProvider {

    private final int cpus;
    private final Path defaultJava;
    private final Architecture architecture; // of this machine, null when the JVM names an unknown one

    /** The provider as {@link java.util.ServiceLoader} makes it: this machine's CPUs and this JVM's java. */
    public LocalProvider() {
        this(Runtime.getRuntime().availableProcessors(), Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    LocalProvider(int cpus, Path defaultJava) {
        this(cpus, defaultJava, Architecture.parse(System.getProperty("os.arch", "")).orElse(null));
    }

    LocalProvider(int cpus, Path defaultJava, Architecture architecture) {
        this.cpus = cpus;
        this.defaultJava = defaultJava;
        this.architecture = architecture;
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public ProviderPhase phase() {
        return ProviderPhase.POST_RUN;
    }

    /** Its runners are told to wait for the run ({@link TaskRunnerArguments#RUN_WAIT_VARIABLE}): they start early. */
    @Override
    public boolean runnersWaitForRun() {
        return true;
    }

    /** Its runners start from the jar on this machine (process or container), never from the orchestrator's. */
    @Override
    public boolean runnersFetchTaskRunnerJar() {
        return false;
    }

    @Override
    public CapacityModel capacityModel() {
        return CapacityModel.SINGLE_HOST;
    }

    @Override
    public InstanceCatalog instanceCatalog() {
        return architecture == null ? InstanceCatalog.uniform(cpus) : InstanceCatalog.uniform(cpus, architecture);
    }

    @Override
    public List<Problem> validate(ValidationContext context) {
        LocalSettings settings;
        try {
            settings = LocalSettings.from(context.environment(), defaultJava);
        } catch (IllegalArgumentException e) {
            return List.of(Problem.environment(LocalSettings.RUNTIME, e.getMessage()));
        }
        Choice choice = choose(settings);
        List<Problem> problems = new ArrayList<>(problems(settings, choice));
        if (choice.runtime() == LocalSettings.RuntimeKind.PROCESS && !context.flags().mock()) {
            for (String tool : List.of("ruby", "git")) {
                if (context.environment().findExecutable(tool).isEmpty()) {
                    problems.add(Problem.environment("PATH", "the real benchmark (no --mock) runs ruby-bench with this "
                            + "machine's " + tool + " (process runtime), but there is no " + tool + " on the PATH — install it "
                            + "(Debian: apt-get install " + tool + "), or run with --mock"));
                }
            }
        }
        return problems;
    }

    private static List<Problem> problems(LocalSettings settings, Choice choice) {
        List<Problem> problems = new ArrayList<>();
        Optional<Path> jar = settings.taskRunnerJar();
        if (jar.isEmpty()) {
            problems.add(Problem.environment(LocalSettings.TASK_RUNNER_JAR, "is not set: point it at the task runner "
                    + "jar (./mvnw package builds task-runner/target/task-runner.jar)"));
        } else if (!Files.isRegularFile(jar.get())) {
            problems.add(Problem.environment(LocalSettings.TASK_RUNNER_JAR, "no task runner jar at " + jar.get()
                    + " — build it with ./mvnw package"));
        }
        if (settings.runtime() == LocalSettings.RuntimeKind.DOCKER && choice.engine().isEmpty()) {
            problems.add(Problem.environment(LocalSettings.RUNTIME, "is docker, but no Docker engine answers `docker info` "
                    + "(check DOCKER_HOST, or use process)"));
        }
        if (choice.runtime() == LocalSettings.RuntimeKind.PROCESS && !Files.isExecutable(settings.javaBinary())) {
            problems.add(Problem.environment(LocalSettings.JAVA, "no java at " + settings.javaBinary()));
        }
        return problems;
    }

    @Override
    public List<String> describe(ValidationContext context) {
        try {
            LocalSettings settings = LocalSettings.from(context.environment(), defaultJava);
            return List.of(choose(settings).reason());
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }

    @Override
    public SetupResult setup(ProviderContext context) {
        LocalSettings settings;
        try {
            settings = LocalSettings.from(context.environment(), defaultJava);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(Problem.environment(LocalSettings.RUNTIME, e.getMessage()), null);
        }
        Choice choice = choose(settings); // the engine may have gone away since validation: ask once more
        List<Problem> problems = problems(settings, choice);
        if (!problems.isEmpty()) {
            throw new ConfigException("the local provider", problems);
        }
        Path jar = settings.taskRunnerJar().orElseThrow();
        LocalRuntime runtime;
        List<RunnerSpec> runners;
        if (choice.engine().isPresent()) {
            DockerRuntime docker = new DockerRuntime(dockerCli(settings), choice.engine().get(), settings, jar);
            runtime = docker;
            runners = RunnerLayout.layout(context.capacity(), Math.min(cpus, docker.cpus()));
        } else {
            runtime = new ProcessRuntime(settings, jar);
            runners = RunnerLayout.layout(context.capacity(), cpus);
        }
        context.info(choice.reason());
        RunnerRecord.begin(context.state(), runtime.name());
        List<StartedResource> started = runtime.start(context, runners);
        context.info("started " + started.size() + " task runner(s) with the " + runtime.name() + " runtime");
        return new SetupResult(started, runtime.teardownHint(context, started));
    }

    /**
     * Removes the run's runners from the journal state alone: processes by pid and start time, containers
     * by the run's label. Works in a new process; nothing is kept in this object.
     */
    @Override
    public void teardown(TeardownContext context) {
        Optional<JsonNode> state = context.state().load();
        if (state.isEmpty()) {
            return;
        }
        String runtime = RunnerRecord.runtime(state.get()).orElse("");
        List<RunnerRecord.Runner> runners = RunnerRecord.runners(state.get());
        if (runtime.equals("docker")) {
            DockerRuntime.stopByLabel(dockerCli(teardownSettings(context)), context.runId());
        } else {
            ProcessRuntime.stop(runners);
            ProcessRuntime.stop(ProcessRuntime.unrecorded(context.runId(), name(), runners));
        }
        if (!runners.isEmpty()) {
            context.info("stopped " + runners.size() + " task runner(s) (" + runtime + ")");
        }
    }

    @Override
    public List<StartedResource> remaining(TeardownContext context) {
        Optional<JsonNode> state = context.state().load();
        if (state.isEmpty()) {
            return List.of();
        }
        if (RunnerRecord.runtime(state.get()).orElse("").equals("docker")) {
            return DockerRuntime.remaining(dockerCli(teardownSettings(context)), context.runId()).stream()
                    .map(name -> new StartedResource("container", name, "")).toList();
        }
        List<RunnerRecord.Runner> recorded = RunnerRecord.runners(state.get());
        return java.util.stream.Stream.concat(ProcessRuntime.remaining(recorded).stream(),
                        ProcessRuntime.unrecorded(context.runId(), name(), recorded).stream())
                .map(runner -> new StartedResource("process", String.valueOf(runner.pid()), runner.name())).toList();
    }

    @Override
    public Duration teardownGrace() {
        return Duration.ofMinutes(1);
    }

    /** Settings for teardown: a bad runtime value must not stop a teardown, only the docker CLI matters. */
    private LocalSettings teardownSettings(TeardownContext context) {
        try {
            return LocalSettings.from(context.environment(), defaultJava);
        } catch (IllegalArgumentException e) {
            return LocalSettings.from(Environment.of(context.environment().asMap().entrySet().stream()
                    .filter(entry -> !entry.getKey().equals(LocalSettings.RUNTIME))
                    .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))), defaultJava);
        }
    }

    private Choice choose(LocalSettings settings) {
        if (settings.runtime() == LocalSettings.RuntimeKind.PROCESS) {
            return new Choice(LocalSettings.RuntimeKind.PROCESS, Optional.empty(),
                    "runtime: process (" + LocalSettings.RUNTIME + "=process)");
        }
        Optional<EngineInfo> engine = dockerCli(settings).probe();
        if (engine.isPresent()) {
            return new Choice(LocalSettings.RuntimeKind.DOCKER, engine, "runtime: docker (engine "
                    + engine.get().serverVersion() + " answers" + (settings.runtime() == LocalSettings.RuntimeKind.DOCKER
                    ? ", as " + LocalSettings.RUNTIME + " asks)" : ")"));
        }
        return new Choice(LocalSettings.RuntimeKind.PROCESS, Optional.empty(),
                "runtime: process (no Docker engine answers `docker info`)");
    }

    private static DockerCli dockerCli(LocalSettings settings) {
        return new DockerCli(Path.of(settings.dockerBinary()), settings.dockerEnv());
    }

    /** The runtime a run will use, and why. */
    private record Choice(LocalSettings.RuntimeKind runtime, Optional<EngineInfo> engine, String reason) {
    }
}
