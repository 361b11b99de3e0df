package dev.benchfleet.orchestrator;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stand-alone orchestrator as a real child process (same classes as the test), for tests that
 * need to kill it without a clean shutdown. Always closed, so the process is always reaped.
 */
final class ChildOrchestrator implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("Orchestrator listening on (https?://\\S+)");

    private final Process process;
    private final URI url;
    private final Path out;
    private final Path err;

    private ChildOrchestrator(Process process, URI url, Path out, Path err) {
        this.process = process;
        this.url = url;
        this.out = out;
        this.err = err;
    }

    static ChildOrchestrator start(Path dataDir, String apiKey, Path logDir) throws IOException, InterruptedException {
        return start(dataDir, apiKey, logDir, List.of());
    }

    /** Starts {@code OrchestratorMain --port 0 --data-dir dataDir extraArgs...}. */
    static ChildOrchestrator start(Path dataDir, String apiKey, Path logDir, List<String> extraArgs)
            throws IOException, InterruptedException {
        Files.createDirectories(logDir);
        Path out = Files.createTempFile(logDir, "child-", ".out");
        Path err = Files.createTempFile(logDir, "child-", ".err");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC",
                // the run service's info lines (run finished, archive built) are what tests count
                "-Dorg.slf4j.simpleLogger.log.dev.benchfleet.orchestrator.runs.RunService=info", "-cp",
                System.getProperty("java.class.path"), "dev.benchfleet.orchestrator.cli.OrchestratorMain", "--port", "0",
                "--data-dir", dataDir.toString()));
        command.addAll(extraArgs);
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("API_KEY", apiKey);
        Process p = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Matcher m = READY.matcher(Files.readString(out));
            if (m.find()) {
                return new ChildOrchestrator(p, URI.create(m.group(1)), out, err);
            }
            if (!p.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new IOException("Child orchestrator did not start: " + Files.readString(err));
    }

    URI url() {
        return url;
    }

    /** Everything the process printed so far, both streams. */
    String output() throws IOException {
        return Files.readString(out) + Files.readString(err);
    }

    /** Kills the process like {@code kill -9}: no shutdown hook, no clean database close. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("child orchestrator did not die");
        }
    }

    /** Stops the process with SIGTERM (clean shutdown), falling back to a kill. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
