package dev.benchfleet.taskrunner.process;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs one child process to the end: output (stdout and stderr merged) appended to a log file and
 * fed line by line to a listener from a named reader thread; a timeout after which the whole
 * process tree is stopped; and the child always reaped, whatever happens.
 */
public final class ProcessRunner {

    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final int TAIL_LINES = 60;

    private final ChildProcesses children;

    public ProcessRunner(ChildProcesses children) {
        this.children = children;
    }

    /**
     * Runs {@code command} in {@code directory}.
     *
     * @param environmentChanges variables to set (value) or remove (null value) for the child
     * @throws TimeoutException when it ran longer than {@code timeout}; it has been stopped by then
     */
    public ProcessResult run(List<String> command, Path directory, Map<String, String> environmentChanges,
                             Path logFile, Duration timeout, Consumer<String> lineListener)
            throws IOException, InterruptedException, TimeoutException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        environmentChanges.forEach((name, value) -> {
            if (value == null) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        Process process = builder.start();
        children.add(process);
        Deque<String> tail = new ArrayDeque<>();
        Thread reader = new Thread(() -> pump(process, logFile, lineListener, tail),
                "child-output-" + process.pid());
        reader.setDaemon(true);
        try {
            // nothing is ever typed into a benchmark; EOF makes prompts (e.g. sudo -S) fail fast
            process.getOutputStream().close();
            reader.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                ChildProcesses.stop(process, STOP_GRACE);
                throw new TimeoutException(command.get(0) + " did not finish within " + timeout);
            }
            reader.join(STOP_GRACE.toMillis());
            synchronized (tail) {
                return new ProcessResult(process.exitValue(), String.join("\n", tail));
            }
        } finally {
            if (process.isAlive()) {
                ChildProcesses.stop(process, STOP_GRACE);
            }
            children.remove(process);
        }
    }

    private static void pump(Process process, Path logFile, Consumer<String> lineListener, Deque<String> tail) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             BufferedWriter log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8,
                     StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            String line;
            while ((line = in.readLine()) != null) {
                log.write(line);
                log.newLine();
                log.flush();
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > TAIL_LINES) {
                        tail.removeFirst();
                    }
                }
                lineListener.accept(line);
            }
        } catch (IOException e) {
            // the stream closes when the process is stopped; anything else is recorded in the tail
            synchronized (tail) {
                tail.addLast("[output reader stopped: " + e.getMessage() + "]");
            }
        } catch (RuntimeException e) {
            synchronized (tail) {
                tail.addLast("[output listener failed: " + e + "]");
            }
        }
    }
}
