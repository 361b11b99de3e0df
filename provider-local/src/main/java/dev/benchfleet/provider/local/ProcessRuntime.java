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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Task runners as child processes of this JVM: {@code java -jar task-runner.jar ...}, pinned to a
 * CPU with {@code taskset} when it is installed. Each runner's output goes to a log file in the
 * provider's work folder.
 */
final class ProcessRuntime implements LocalRuntime {

    private static final long STOP_GRACE_SECONDS = 10;

    private final LocalSettings settings;
    private final Path taskRunnerJar;
    private final Map<String, List<Process>> processesByRun = new ConcurrentHashMap<>();

    ProcessRuntime(LocalSettings settings, Path taskRunnerJar) {
        this.settings = settings;
        this.taskRunnerJar = taskRunnerJar;
    }

    @Override
    public String name() {
        return "process";
    }

    @Override
    public List<StartedResource> start(ProviderContext context, List<RunnerSpec> runners) {
        List<Process> processes = processesByRun.computeIfAbsent(context.runId(), id -> new CopyOnWriteArrayList<>());
        Optional<Path> taskset = findOnPath("taskset", context);
        Path logs = context.workDir().resolve("runners");
        List<StartedResource> started = new ArrayList<>();
        try {
            Files.createDirectories(logs);
            for (RunnerSpec runner : runners) {
                context.cancellation().throwIfCancelled();
                List<String> command = new ArrayList<>();
                taskset.ifPresent(binary -> command.addAll(List.of(binary.toString(), "-c", String.valueOf(runner.cpu()))));
                command.addAll(List.of(settings.javaBinary().toString(), "-jar", taskRunnerJar.toString()));
                command.addAll(TaskRunnerArguments.of(context, context.orchestratorUrl(), runner));
                Path log = logs.resolve(runner.name(context.runId()) + ".log");
                ProcessBuilder builder = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
                // The runner sees exactly the environment the embedding application handed over, plus its key.
                builder.environment().clear();
                builder.environment().putAll(context.environment().asMap());
                builder.environment().put(TaskRunnerArguments.API_KEY_VARIABLE, context.apiKey().reveal());
                Process process = builder.start();
                processes.add(process);
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

    @Override
    public void stop(ProviderContext context) {
        List<Process> processes = processesByRun.remove(context.runId());
        if (processes == null) {
            return;
        }
        processes.forEach(process -> process.descendants().forEach(ProcessHandle::destroy));
        processes.forEach(Process::destroy);
        for (Process process : processes) {
            try {
                if (!process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    static Optional<Path> findOnPath(String binary, ProviderContext context) {
        String path = context.environment().get("PATH").orElse("");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, binary);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
