package dev.benchfleet.provider.aws.boot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A folder in which the rendered boot script runs unprivileged: {@code root/} is its file system prefix
 * (BENCHFLEET_ROOT), {@code bin/} holds fake {@code dnf}, {@code systemctl} and {@code shutdown} that only
 * append their arguments to {@code calls.log}, first on the PATH. Everything else the script calls is real.
 */
public final class BootSandbox {

    private final Path dir;

    public BootSandbox(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(root());
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String fake : List.of("dnf", "systemctl", "shutdown")) {
            Path file = bin.resolve(fake);
            Files.writeString(file, "#!/bin/sh\necho \"" + fake + " $*\" >>'" + calls() + "'\nexit 0\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.writeString(calls(), "");
    }

    /** Puts a fake executable first on the PATH; it logs "name args" to calls.log, then runs {@code body}. */
    public void fake(String name, String body) throws IOException {
        Path file = dir.resolve("bin").resolve(name);
        Files.writeString(file, "#!/bin/bash\necho \"" + name + " $*\" >>'" + calls() + "'\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    public Path root() {
        return dir.resolve("root");
    }

    public Path calls() {
        return dir.resolve("calls.log");
    }

    public List<String> callLines() throws IOException {
        return Files.readAllLines(calls());
    }

    public Path bootLog() {
        return root().resolve("var/log/benchfleet-boot.log");
    }

    /** The finished script's exit code; its output (stdout and stderr) is in {@code script.out}. */
    public int run(String script, Map<String, String> env, Duration timeout) throws IOException, InterruptedException {
        Path file = dir.resolve("user-data.sh");
        Files.writeString(file, script, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        ProcessBuilder builder = new ProcessBuilder("bash", file.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("script.out").toFile());
        builder.environment().putAll(env);
        builder.environment().put("BENCHFLEET_ROOT", root().toString());
        builder.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
        Process process = builder.start();
        // Only the script's own exit counts: a watcher it left behind keeps running on purpose.
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("boot script still running after " + timeout + "; output:\n" + output());
        }
        return process.exitValue();
    }

    public String output() throws IOException {
        Path out = dir.resolve("script.out");
        return Files.exists(out) ? Files.readString(out) : "";
    }

    public String log() throws IOException {
        return Files.exists(bootLog()) ? Files.readString(bootLog()) : "";
    }

    /** Ends the watcher the script started (if it is still running) and its children. */
    public void stopWatcher() throws IOException {
        Path pid = root().resolve("run/benchfleet/watch.pid");
        if (Files.exists(pid)) {
            ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).ifPresent(handle -> {
                handle.descendants().forEach(ProcessHandle::destroy);
                handle.destroy();
            });
        }
    }

    /** Waits until calls.log has a line equal to {@code line}; false after the timeout. */
    public boolean awaitCall(String line, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (callLines().contains(line)) {
                return true;
            }
            Thread.sleep(200);
        }
        return callLines().contains(line);
    }
}
