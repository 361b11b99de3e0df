package dev.benchfleet.taskrunner.benchmark;

import dev.benchfleet.taskrunner.process.ProcessResult;
import dev.benchfleet.taskrunner.process.ProcessRunner;
import dev.benchfleet.taskrunner.protocol.BenchmarkSettings;
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
 * The real suite: clones ruby-bench into the work folder ({@code provision}; the run's {@code repo}
 * and {@code ref} when set), records its commit and {@code ruby -v}, then runs the selected
 * benchmarks (headline by default) with the {@code ruby} on the PATH ({@code running}), reading
 * progress from its console output. Every command's output goes to {@code benchmark.log}.
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
        BenchmarkSettings settings = BenchmarkSettings.of(context.task());
        if (settings.problemIfAny().isPresent()) {
            throw new BenchmarkFailedException("the run's benchmark settings cannot be used: "
                    + settings.problem(), "");
        }
        String repository = commands.repository(settings);
        String shownRepository = withoutUserInfo(repository);

        context.progress().status(HeartbeatStatus.PROVISION, "cloning " + shownRepository);
        runStep("git clone of " + shownRepository, commands.clone(checkout, settings), workDir, log,
                CLONE_TIMEOUT, line -> { }, childEnvironment);
        if (settings.refIsCommit()) {
            runStep("git checkout of " + settings.ref(), commands.checkout(checkout, settings.ref()), workDir, log,
                    CLONE_TIMEOUT, line -> { }, childEnvironment);
        }
        runStep("git rev-parse", commands.revParse(checkout), workDir, log, CLONE_TIMEOUT,
                firstLine(context, "suite_commit"), childEnvironment);
        Map<String, String> rubyEnvironment = new HashMap<>(settings.env());
        rubyEnvironment.putAll(childEnvironment); // hidden variables stay hidden whatever the settings say
        runStep("ruby -v", commands.rubyVersion(settings), checkout, log, CLONE_TIMEOUT,
                firstLine(context, "ruby_description"), rubyEnvironment);

        context.progress().status(HeartbeatStatus.RUNNING, null);
        context.statusChange().accept(HeartbeatStatus.RUNNING);
        runStep("ruby-bench", commands.runBenchmarks(workDir, settings), checkout, log, timeout,
                line -> RubyBenchProgress.parse(line).ifPresent(step -> {
                    LOG.debug("benchmark {} ({}/{})", step.name(), step.index(), step.total());
                    context.progress().benchmarkStarted(step.name(), step.index(), step.total());
                }), rubyEnvironment);

        if (!Files.isRegularFile(context.output(OutputFiles.TEXT))) {
            throw new BenchmarkFailedException("ruby-bench finished but wrote no " + OutputFiles.TEXT,
                    tail(log));
        }
        context.progress().progress(100);
    }

    private static java.util.function.Consumer<String> firstLine(BenchmarkContext context, String fact) {
        return line -> {
            if (!line.isBlank()) {
                context.facts().putIfAbsent(fact, line.strip());
            }
        };
    }

    /** A repository URL as logs and heartbeats show it: without a user or token in it. */
    static String withoutUserInfo(String url) {
        return url.replaceFirst("^([a-z+]+://)[^/@]*@", "$1");
    }

    private void runStep(String what, List<String> command, Path directory, Path log, Duration limit,
                         java.util.function.Consumer<String> lines, Map<String, String> environment)
            throws BenchmarkFailedException, InterruptedException {
        LOG.debug("running {}", command);
        ProcessResult result;
        try {
            result = processes.run(command, directory, environment, log, limit, lines);
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
