package dev.benchfleet.provider.local.docker;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the docker client as a child process with a hard timeout. On timeout or interrupt the process and
 * its descendants get SIGTERM, then SIGKILL after a grace period, and are always waited for (reaped).
 */
final class CommandRunner {

    private static final Logger LOG = LoggerFactory.getLogger(CommandRunner.class);
    private static final int STDOUT_LIMIT = 8 * 1024 * 1024;
    private static final int STDERR_LIMIT = 256 * 1024;

    private final Path binary;
    private final Map<String, String> baseEnv;
    private final Duration killGrace;
    private final Consumer<List<String>> observer;
    private final AtomicLong sequence = new AtomicLong();

    /**
     * @param binary    docker executable; a bare name is looked up on this JVM's PATH by the JDK
     * @param baseEnv   the complete environment for the client (DOCKER_HOST, PATH, HOME, ...)
     * @param killGrace time between SIGTERM and SIGKILL, and the bound for each reaping wait
     * @param observer  sees every argument list (binary first) before the process starts
     */
    CommandRunner(Path binary, Map<String, String> baseEnv, Duration killGrace,
                  Consumer<List<String>> observer) {
        this.binary = Objects.requireNonNull(binary, "binary");
        this.baseEnv = Map.copyOf(baseEnv);
        this.killGrace = Objects.requireNonNull(killGrace, "killGrace");
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    String binaryName() {
        return binary.toString();
    }

    /**
     * Runs the command to completion or until the timeout.
     *
     * @return the result; {@code timedOut()} is true if it was killed for taking too long
     * @throws DockerException with {@code NOT_STARTED} or {@code INTERRUPTED}
     */
    ProcessResult run(DockerCommand command, Duration timeout) {
        List<String> argv = new ArrayList<>(command.args().size() + 1);
        argv.add(binary.toString());
        argv.addAll(command.args());
        ProcessBuilder pb = new ProcessBuilder(argv);
        // The caller's map is the whole environment: nothing leaks in from this JVM's own environment.
        pb.environment().clear();
        pb.environment().putAll(baseEnv);
        pb.environment().putAll(command.extraEnv());
        observer.accept(List.copyOf(argv));

        long id = sequence.incrementAndGet();
        long started = System.nanoTime();
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new DockerException(DockerException.Reason.NOT_STARTED, command.display(binaryName()), -1,
                    "", e.getMessage(), e);
        }
        closeQuietly(process);
        OutputCollector out = new OutputCollector(process.getInputStream(), STDOUT_LIMIT);
        OutputCollector err = new OutputCollector(process.getErrorStream(), STDERR_LIMIT);
        Thread outThread = startDaemon(out, "docker-cli-" + id + "-stdout");
        Thread errThread = startDaemon(err, "docker-cli-" + id + "-stderr");

        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            terminate(process);
            joinBounded(outThread, errThread);
            Thread.currentThread().interrupt();
            throw new DockerException(DockerException.Reason.INTERRUPTED, command.display(binaryName()), -1,
                    command.mask(err.text()), null, e);
        }
        if (!finished) {
            LOG.warn("docker command #{} {} did not finish within {} ms; killing it", id,
                    command.display(binaryName()), timeout.toMillis());
            terminate(process);
        }
        joinBounded(outThread, errThread);
        int exit = finished ? process.exitValue() : -1;
        LOG.debug("docker command #{} {} -> {} in {} ms", id, command.display(binaryName()),
                finished ? "exit " + exit : "killed",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return new ProcessResult(exit, !finished, out.text(), command.mask(err.text()));
    }

    /** TERM the process tree, KILL what survives the grace period, and wait (bounded) until all are gone. */
    private void terminate(Process process) {
        // Snapshot descendants first: once the parent dies they are re-parented and no longer findable.
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        descendants.forEach(ProcessHandle::destroy);
        boolean interrupted = false;
        long deadline = System.nanoTime() + killGrace.toNanos();
        // Short polling: descendants are plain ProcessHandles, which offer no bounded blocking wait.
        while ((process.isAlive() || descendants.stream().anyMatch(ProcessHandle::isAlive))
                && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                // Finish killing before honouring the interrupt: an orphaned docker client is worse.
                interrupted = true;
                break;
            }
        }
        process.destroyForcibly();
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        reap(process);
        if (process.isAlive()) {
            LOG.error("docker client pid {} still alive after SIGKILL", process.pid());
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits up to the grace period for the JDK to reap the killed process, ignoring interrupts meanwhile. */
    private void reap(Process process) {
        boolean interrupted = false;
        long deadline = System.nanoTime() + killGrace.toNanos();
        while (process.isAlive() && System.nanoTime() < deadline) {
            try {
                process.waitFor(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Output threads normally end with the process; a leftover grandchild holding the pipe must not hang us. */
    private void joinBounded(Thread... threads) {
        long deadline = System.nanoTime() + killGrace.toNanos();
        boolean interrupted = false;
        for (Thread t : threads) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                break;
            }
            try {
                t.join(left);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread startDaemon(Runnable task, String name) {
        Thread t = new Thread(task, name);
        // Daemon: a stuck reader (pipe held open by an orphan) must never keep the JVM alive.
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The client never reads stdin; closing it gives EOF to anything that tries. */
    private static void closeQuietly(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            LOG.trace("closing stdin of docker client failed", e);
        }
    }
}
