package dev.benchfleet.provider.local;

import dev.benchfleet.core.error.ExternalException;
import dev.benchfleet.core.spi.ProviderContext;
import dev.benchfleet.core.spi.StartedResource;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Task runners as child processes of this JVM: {@code java -jar task-runner.jar ...}, pinned to a
 * CPU with {@code taskset} when it is installed. Each runner's output goes to a log file in the
 * provider's work folder. Each runner's pid and start time are recorded in the journal the moment it
 * starts; stopping works from that record, from any process.
 */
final class ProcessRuntime implements LocalRuntime {

    private static final long STOP_GRACE_SECONDS = 10;
    /** /proc gives start times in clock ticks; the same process always reads the same, allow for rounding. */
    private static final Duration START_TOLERANCE = Duration.ofSeconds(1);
    /**
     * A runner JVM mostly waits on the orchestrator and on its benchmark's child process: the quick
     * compiler and the serial collector start it with less CPU, which matters when several start on
     * the CPUs that run the benchmarks.
     */
    static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    /** The class-data sharing archive the build dumps next to each task-runner.jar it writes, from that very jar. */
    static final String CDS_ARCHIVE = "task-runner.jsa";

    private final LocalSettings settings;
    private final Path taskRunnerJar;

    ProcessRuntime(LocalSettings settings, Path taskRunnerJar) {
        this.settings = settings;
        // Absolute and normalized, as the build wrote it when it dumped the class-data sharing archive: a JDK 17
        // archive serves only the class path string it was made with.
        this.taskRunnerJar = taskRunnerJar.toAbsolutePath().normalize();
    }

    @Override
    public String name() {
        return "process";
    }

    @Override
    public List<StartedResource> start(ProviderContext context, List<RunnerSpec> runners) {
        Optional<Path> taskset = context.environment().findExecutable("taskset");
        Path logs = context.workDir().resolve("runners");
        List<StartedResource> started = new ArrayList<>();
        try {
            Files.createDirectories(logs);
            for (RunnerSpec runner : runners) {
                context.cancellation().throwIfCancelled();
                List<String> command = new ArrayList<>();
                taskset.ifPresent(binary -> command.addAll(List.of(binary.toString(), "-c", String.valueOf(runner.cpu()))));
                command.add(settings.javaBinary().toString());
                command.addAll(jvmOptions());
                command.addAll(List.of("-jar", taskRunnerJar.toString()));
                command.addAll(TaskRunnerArguments.of(context, context.orchestratorUrl(), runner));
                Path log = logs.resolve(runner.name(context.runId()) + ".log");
                ProcessBuilder builder = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
                // The runner sees exactly the environment the embedding application handed over, plus the run's token
                // (never the admin key: a runner can only claim and report tasks of this run).
                builder.environment().clear();
                builder.environment().putAll(context.environment().asMap());
                builder.environment().put(TaskRunnerArguments.API_KEY_VARIABLE, context.runnerToken().reveal());
                builder.environment().putIfAbsent(TaskRunnerArguments.RUN_WAIT_VARIABLE, TaskRunnerArguments.RUN_WAIT);
                Process process = builder.start();
                // Recorded before anything else happens: a crash from here on still leaves its pid and start time.
                RunnerRecord.add(context.state(), new RunnerRecord.Runner(runner.name(context.runId()), process.pid(),
                        process.info().startInstant()));
                started.add(new StartedResource("process", String.valueOf(process.pid()),
                        runner.name(context.runId()) + (taskset.isPresent() ? " on cpu " + runner.cpu() : "")));
            }
        } catch (IOException e) {
            throw new ExternalException("could not start a task runner process: " + e.getMessage(),
                    "check " + LocalSettings.JAVA + " and " + LocalSettings.TASK_RUNNER_JAR, e);
        }
        if (taskset.isEmpty()) {
            context.warn("taskset is not installed: task runner processes are not pinned to CPUs");
        }
        return started;
    }

    @Override
    public String teardownHint(ProviderContext context, List<StartedResource> started) {
        return started.isEmpty() ? "" : "kill " + String.join(" ", started.stream().map(StartedResource::id).toList());
    }

    /**
     * Stops every recorded runner that is still the process that was started (same pid and start time),
     * with its child processes: politely first, then forcibly after a grace. Works from any process.
     */
    static void stop(List<RunnerRecord.Runner> runners) {
        List<ProcessHandle> alive = runners.stream().map(ProcessRuntime::find).flatMap(Optional::stream).toList();
        alive.forEach(process -> process.descendants().forEach(ProcessHandle::destroy));
        alive.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_GRACE_SECONDS);
        for (ProcessHandle process : alive) {
            try {
                long left = Math.max(1, deadline - System.nanoTime());
                process.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                try {
                    process.onExit().get(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // remaining() reports it
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The recorded runners still alive. */
    static List<RunnerRecord.Runner> remaining(List<RunnerRecord.Runner> runners) {
        return runners.stream().filter(runner -> find(runner).isPresent()).toList();
    }

    /**
     * Task runner processes of this run that the record does not name: the sweep after the record, as a
     * cloud sweeps by tag. A runner started in the instant before a killed master could record it is
     * still found by its own arguments ({@code --run-id <run> --provider <provider>}).
     */
    static List<RunnerRecord.Runner> unrecorded(String runId, String provider, List<RunnerRecord.Runner> recorded) {
        List<Long> known = recorded.stream().map(RunnerRecord.Runner::pid).toList();
        return ProcessHandle.allProcesses()
                .filter(process -> !known.contains(process.pid()) && process.pid() != ProcessHandle.current().pid())
                .filter(process -> process.info().arguments().map(args -> isRunnerOf(List.of(args), runId, provider))
                        .orElse(false))
                .map(process -> new RunnerRecord.Runner("unrecorded runner of " + runId, process.pid(),
                        process.info().startInstant()))
                .toList();
    }

    static boolean isRunnerOf(List<String> args, String runId, String provider) {
        int run = args.indexOf("--run-id");
        int name = args.indexOf("--provider");
        return run >= 0 && run + 1 < args.size() && args.get(run + 1).equals(runId)
                && name >= 0 && name + 1 < args.size() && args.get(name + 1).equals(provider);
    }

    /** The live process a record names: same pid and same start time (a reused pid is another process). */
    static Optional<ProcessHandle> find(RunnerRecord.Runner runner) {
        if (runner.pid() <= 0) {
            return Optional.empty();
        }
        return ProcessHandle.of(runner.pid()).filter(ProcessHandle::isAlive).filter(process -> matches(runner, process));
    }

    private static boolean matches(RunnerRecord.Runner runner, ProcessHandle process) {
        Optional<Instant> actual = process.info().startInstant();
        if (runner.startedAt().isEmpty() || actual.isEmpty()) {
            return false; // cannot prove it is the same process: leave it alone
        }
        return Duration.between(runner.startedAt().get(), actual.get()).abs().compareTo(START_TOLERANCE) <= 0;
    }

    /**
     * {@link #JVM_OPTIONS}, plus the class-data sharing archive next to the jar when there is one. A JVM
     * that cannot use it (another Java build, a rebuilt jar) starts without it; its CDS messages are
     * switched off so the runner's log does not fill with warnings about it.
     */
    List<String> jvmOptions() {
        List<String> options = new ArrayList<>(JVM_OPTIONS);
        Path parent = taskRunnerJar.getParent();
        Path archive = parent == null ? null : parent.resolve(CDS_ARCHIVE);
        if (archive != null && Files.isRegularFile(archive)) {
            options.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        }
        return options;
    }
}
