package dev.benchfleet.taskrunner.benchmark;

import dev.benchfleet.taskrunner.process.ProcessResult;
import dev.benchfleet.taskrunner.process.ProcessRunner;
import dev.benchfleet.protocol.HeartbeatStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real suite: shallow-clones ruby-bench into the work folder ({@code provision}), then runs its
 * headline benchmarks with the {@code ruby} on the PATH ({@code running}), reading progress from
 * its console output. Both commands' output goes to {@code benchmark.log}.
 */
public final class RubyBenchBenchmark implements Benchmark {

    private static final Logger LOG = LoggerFactory.getLogger(RubyBenchBenchmark.class);
    private static final Duration CLONE_TIMEOUT = Duration.ofMinutes(10);

    private final ProcessRunner processes;
    private final RubyBenchCommands commands;
    private final Duration timeout;
    private final Map<String, String> childEnvironment;

    /**
     * @param hiddenVariables environment variables the benchmark must not see (the API key)
     */
    public RubyBenchBenchmark(ProcessRunner processes, RubyBenchCommands commands, Duration timeout,
                              List<String> hiddenVariables) {
        this.processes = processes;
        this.commands = commands;
        this.timeout = timeout;
        Map<String, String> changes = new HashMap<>();
        hiddenVariables.forEach(name -> changes.put(name, null));
        // a clone that needs credentials should fail, not wait for someone to type them
        changes.put("GIT_TERMINAL_PROMPT", "0");
        this.childEnvironment = changes;
    }

    @Override
    public HeartbeatStatus initialStatus() {
        return HeartbeatStatus.PROVISION;
    }

    @Override
    public void run(BenchmarkContext context) throws BenchmarkFailedException, InterruptedException {
        Path workDir = context.workDir();
        Path log = context.output(OutputFiles.CONSOLE_LOG);
        Path checkout = workDir.resolve(RubyBenchCommands.CHECKOUT_DIR);

        context.progress().status(HeartbeatStatus.PROVISION, "cloning " + commands.repositoryUrl());
        runStep("git clone of " + commands.repositoryUrl(), commands.clone(checkout), workDir, log,
                CLONE_TIMEOUT, line -> { });

        context.progress().status(HeartbeatStatus.RUNNING, null);
        context.statusChange().accept(HeartbeatStatus.RUNNING);
        runStep("ruby-bench", commands.runBenchmarks(workDir), checkout, log, timeout,
                line -> RubyBenchProgress.parse(line).ifPresent(step -> {
                    LOG.debug("benchmark {} ({}/{})", step.name(), step.index(), step.total());
                    context.progress().benchmarkStarted(step.name(), step.index(), step.total());
                }));

        if (!Files.isRegularFile(context.output(OutputFiles.TEXT))) {
            throw new BenchmarkFailedException("ruby-bench finished but wrote no " + OutputFiles.TEXT,
                    tail(log));
        }
        context.progress().progress(100);
    }

    private void runStep(String what, List<String> command, Path directory, Path log, Duration limit,
                         java.util.function.Consumer<String> lines)
            throws BenchmarkFailedException, InterruptedException {
        LOG.debug("running {}", command);
        ProcessResult result;
        try {
            result = processes.run(command, directory, childEnvironment, log, limit, lines);
        } catch (IOException e) {
            throw new BenchmarkFailedException(what + " could not start: " + e.getMessage(), "", e);
        } catch (TimeoutException e) {
            throw new BenchmarkFailedException(what + " timed out: " + e.getMessage(), tail(log), e);
        }
        if (!result.succeeded()) {
            throw new BenchmarkFailedException(what + " exited with code " + result.exitCode(), result.outputTail());
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }
}
