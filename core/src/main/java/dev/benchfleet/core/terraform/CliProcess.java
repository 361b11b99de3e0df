package dev.benchfleet.core.terraform;

import dev.benchfleet.core.spi.CancellationToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one Terraform CLI call as a child process: the environment given and nothing else, stdin
 * closed, both output streams drained on named threads into the log, a hard timeout, and on
 * cancellation or timeout SIGINT first, a grace, then a kill of the whole process tree. The child
 * is always reaped (bounded).
 */
final class CliProcess {

    private static final Logger LOG = LoggerFactory.getLogger(CliProcess.class);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration REAP = Duration.ofSeconds(10);
    private static final int STDOUT_LIMIT = 32 * 1024 * 1024;
    private static final int STDERR_TAIL_LINES = 200;

    /** Why the call stopped before it finished by itself. */
    enum Stop { NONE, CANCELLED, TIMED_OUT }

    /**
     * @param exitCode    the exit status; -1 when there is none (killed, never started)
     * @param stop        whether Benchfleet stopped it, and why
     * @param killed      true when it did not stop within the grace after SIGINT and was killed
     * @param stdout      the whole stdout when it was captured, else empty
     * @param stderrLines the last lines of stderr
     */
    record Result(int exitCode, Stop stop, boolean killed, String stdout, List<String> stderrLines) { }

    /**
     * One call.
     *
     * @param name        for thread names and logs, e.g. {@code aws-apply}
     * @param argv        binary first
     * @param stdout      what happens to stdout
     * @param stdoutLines sees every stdout line when stdout is streamed
     */
    record Request(String name, List<String> argv, Path workDir, Map<String, String> environment,
                   Duration timeout, Duration grace, CancellationToken cancellation, Stdout stdout,
                   Consumer<String> stdoutLines) {
        boolean captureStdout() {
            return stdout != Stdout.STREAM;
        }
    }

    /** What to do with a call's stdout. */
    enum Stdout {
        /** Line by line to the log and the consumer ({@code init}, {@code apply -json}...). */
        STREAM,
        /** Kept for the caller and logged ({@code version -json}, {@code validate -json}). */
        CAPTURE,
        /** Kept for the caller, never logged: it holds sensitive values in clear ({@code output}, {@code show}). */
        CAPTURE_SENSITIVE
    }

    private CliProcess() {
    }

    static Result run(Request request, CallLog log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(request.argv()).directory(request.workDir().toFile());
        builder.environment().clear();
        builder.environment().putAll(request.environment());
        long started = System.nanoTime();
        log.line("==> " + log.now() + " " + String.join(" ", request.argv()) + "   (in " + request.workDir() + ")");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            log.line("<== could not start: " + e.getMessage());
            throw e;
        }
        try {
            process.getOutputStream().close(); // EOF for any prompt: -input=false should prevent one anyway
        } catch (IOException e) {
            LOG.trace("closing stdin of {} failed", request.name(), e);
        }
        StringBuilder captured = new StringBuilder();
        Deque<String> stderrTail = new ArrayDeque<>();
        Thread out = reader(process.getInputStream(), "terraform-" + request.name() + "-stdout", line -> {
            if (request.stdout() == Stdout.CAPTURE) {
                log.line(line);
            }
            if (request.captureStdout()) {
                if (captured.length() < STDOUT_LIMIT) {
                    captured.append(line).append('\n');
                }
            } else {
                log.line(line);
                request.stdoutLines().accept(line);
            }
        });
        Thread err = reader(process.getErrorStream(), "terraform-" + request.name() + "-stderr", line -> {
            log.line(line);
            synchronized (stderrTail) {
                stderrTail.addLast(line);
                if (stderrTail.size() > STDERR_TAIL_LINES) {
                    stderrTail.removeFirst();
                }
            }
        });

        Stop stop = Stop.NONE;
        boolean interrupted = false;
        long deadline = started + request.timeout().toNanos();
        while (true) {
            try {
                if (process.waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                // An interrupted caller is a cancelling caller; Terraform still gets its SIGINT and grace.
                interrupted = true;
                stop = Stop.CANCELLED;
                break;
            }
            if (request.cancellation().isCancelled()) {
                stop = Stop.CANCELLED;
                break;
            }
            if (System.nanoTime() - deadline > 0) {
                stop = Stop.TIMED_OUT;
                break;
            }
        }
        boolean killed = false;
        if (stop != Stop.NONE && process.isAlive()) {
            log.line("==> " + log.now() + " " + (stop == Stop.CANCELLED ? "cancelled" : "timed out after "
                    + request.timeout()) + ": sending SIGINT, waiting up to " + request.grace() + " for Terraform to stop");
            killed = interruptThenKill(process, request);
            if (killed) {
                log.line("==> " + log.now() + " still running after the grace: killed the process tree;"
                        + " the state may be missing what was being created");
            }
        }
        interrupted |= join(out, err);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        int exit = process.isAlive() ? -1 : process.exitValue();
        log.line("<== exit " + exit + " after " + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms"
                + (request.stdout() == Stdout.CAPTURE_SENSITIVE ? " (stdout holds output values and is not logged)" : ""));
        List<String> tail;
        synchronized (stderrTail) {
            tail = List.copyOf(stderrTail);
        }
        return new Result(exit, stop, killed, captured.toString(), tail);
    }

    /** SIGINT, wait the grace (uninterruptibly: a killed apply loses state), then kill the tree. */
    private static boolean interruptThenKill(Process process, Request request) {
        sendInterrupt(process, request.name());
        boolean interrupted = false;
        long deadline = System.nanoTime() + request.grace().toNanos();
        while (process.isAlive() && deadline - System.nanoTime() > 0) {
            try {
                process.waitFor(Math.min(POLL.toNanos(), Math.max(1, deadline - System.nanoTime())),
                        TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        boolean killed = false;
        if (process.isAlive()) {
            LOG.warn("{}: Terraform pid {} did not stop within {} of SIGINT; killing it and its children",
                    request.name(), process.pid(), request.grace());
            List<ProcessHandle> descendants = process.descendants().toList(); // before the parent dies
            process.destroyForcibly();
            descendants.forEach(ProcessHandle::destroyForcibly);
            killed = true;
            long reapDeadline = System.nanoTime() + REAP.toNanos();
            while (process.isAlive() && reapDeadline - System.nanoTime() > 0) {
                try {
                    process.waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (process.isAlive()) {
                LOG.error("{}: Terraform pid {} still alive after SIGKILL", request.name(), process.pid());
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return killed;
    }

    /**
     * {@link Process#destroy()} sends SIGTERM; Terraform's clean stop is documented for SIGINT (Ctrl-C),
     * which the JDK cannot send, so {@code kill -INT} does it.
     */
    private static void sendInterrupt(Process process, String name) {
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            process.destroy();
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!kill.waitFor(5, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                kill.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            LOG.warn("{}: cannot run kill -INT ({}); sending SIGTERM instead", name, e.getMessage());
            process.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread reader(InputStream stream, String name, Consumer<String> lines) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    try {
                        lines.accept(line);
                    } catch (RuntimeException e) {
                        LOG.warn("{}: a listener failed on a Terraform line; going on", name, e);
                    }
                }
            } catch (IOException e) {
                // closed when the process is killed: what was read is kept
            }
        }, name);
        thread.setDaemon(true); // an orphan holding the pipe must never keep the JVM alive
        thread.start();
        return thread;
    }

    /** @return true when interrupted while joining */
    private static boolean join(Thread... threads) {
        boolean interrupted = false;
        long deadline = System.nanoTime() + REAP.toNanos();
        for (Thread thread : threads) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            while (thread.isAlive() && left > 0) {
                try {
                    thread.join(left);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
                left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            }
        }
        return interrupted;
    }
}
