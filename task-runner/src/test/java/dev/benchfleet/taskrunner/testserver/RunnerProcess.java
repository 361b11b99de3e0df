package dev.benchfleet.taskrunner.testserver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code task-runner.jar} as a child process, output captured to files (no pipe can fill
 * up and block it). Closing it kills and reaps the process if it is still running.
 */
public final class RunnerProcess implements AutoCloseable {

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private RunnerProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** The jar failsafe hands over in the {@code taskrunner.jar} system property. */
    public static Path jar() {
        String property = System.getProperty("taskrunner.jar", "target/task-runner.jar");
        Path jar = Path.of(property);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("runner jar not built: " + jar.toAbsolutePath());
        }
        return jar;
    }

    /**
     * Starts the jar with {@code args}; {@code env} is added to (null values removed from) this
     * JVM's environment. API_KEY is always removed first so the test controls it.
     */
    public static RunnerProcess start(Path logDir, String name, List<String> args, Map<String, String> env)
            throws IOException {
        Files.createDirectories(logDir);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // small, quick-starting JVMs: several run at once on two cores
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.add("-Xshare:auto");
        command.add("-jar");
        command.add(jar().toAbsolutePath().toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("API_KEY");
        env.forEach((key, value) -> {
            if (value == null) {
                builder.environment().remove(key);
            } else {
                builder.environment().put(key, value);
            }
        });
        Path out = logDir.resolve(name + ".stdout");
        Path err = logDir.resolve(name + ".stderr");
        builder.redirectOutput(out.toFile());
        builder.redirectError(err.toFile());
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        return new RunnerProcess(builder.start(), out, err);
    }

    /** Waits for the exit code; fails the test (after killing the process) when it takes longer. */
    public int waitForExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            throw new AssertionError("runner did not exit within " + timeout + "; stderr:\n" + stderr());
        }
        return process.exitValue();
    }

    public Process process() {
        return process;
    }

    public String stdout() {
        return read(stdout);
    }

    public String stderr() {
        return read(stderr);
    }

    /** Both streams, for "never printed" assertions. */
    public String allOutput() {
        return stdout() + "\n" + stderr();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "<unreadable: " + e.getMessage() + ">";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
