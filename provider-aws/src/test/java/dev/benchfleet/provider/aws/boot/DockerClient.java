package dev.benchfleet.provider.aws.boot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The docker CLI of the test machine, run with a timeout; the engine is the one DOCKER_HOST names. */
public final class DockerClient {

    /** What a command printed and how it ended. */
    public record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /** Why Docker tests cannot run here, or empty when an engine answers. */
    public static Optional<String> unavailable() {
        String host = System.getenv("DOCKER_HOST");
        if (host == null || host.isBlank()) {
            return Optional.of("DOCKER_HOST is not set (start one with: eval \"$(bash .ci/docker/start-engine.sh | tail -1)\")");
        }
        Result info = run(Duration.ofSeconds(20), "info", "--format", "{{.ServerVersion}}");
        if (!info.ok()) {
            return Optional.of("DOCKER_HOST=" + host + " but `docker info` failed: " + info.output().strip());
        }
        return Optional.empty();
    }

    public static Result run(Duration timeout, String... args) {
        List<String> command = new ArrayList<>();
        command.add("docker");
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Result(127, "cannot start docker: " + e.getMessage());
        }
        try (InputStream out = process.getInputStream()) {
            process.getOutputStream().close();
            // Reading to the end cannot hang past the timeout: the process is killed then, closing the pipe.
            Thread killer = new Thread(() -> {
                try {
                    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                        process.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    process.destroyForcibly();
                }
            }, "docker-timeout");
            killer.setDaemon(true);
            killer.start();
            String output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Result(ended ? process.exitValue() : -1, output);
        } catch (IOException e) {
            process.destroyForcibly();
            return new Result(-1, "docker " + String.join(" ", args) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    public static Result run(String... args) {
        return run(Duration.ofSeconds(60), args);
    }

    private DockerClient() {
    }
}
