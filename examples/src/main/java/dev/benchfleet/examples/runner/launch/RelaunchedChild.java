package dev.benchfleet.examples.runner.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The parent side of {@link ArchiveRelaunch}: runs the child JVM on this process's terminal and standard
 * streams and stands in for it, so that the pair behaves as one process.
 * <ul>
 *   <li>Exit code: the child's (128 + the signal's number when a signal ended it).</li>
 *   <li>Ctrl-C in a terminal reaches the whole foreground process group, the child included, which handles
 *       it (first: cancel the run; second: stop waiting). The parent then does nothing, so the child sees
 *       each Ctrl-C once. A SIGINT that reaches the parent when it is not in a terminal's foreground (a
 *       script's {@code kill -INT}) is passed on to the child.</li>
 *   <li>SIGTERM or SIGHUP to the parent: the child gets SIGTERM (its own handling: cancel, tear down, exit) and
 *       the parent exits with its code once it has ended.</li>
 * </ul>
 */
public final class RelaunchedChild {

    /** Longer than the child's own grace after SIGTERM (120 s), after which it exits by itself. */
    private static final long TERM_WAIT_SECONDS = 150;
    private static final long KILL_WAIT_SECONDS = 10;

    private RelaunchedChild() {
    }

    /**
     * Runs {@code command} and returns its exit code.
     *
     * @throws IOException when the child cannot be started (nothing was started then)
     */
    @SuppressWarnings("restriction")
    public static int run(List<String> command) throws IOException, InterruptedException {
        Process child = new ProcessBuilder(command).inheritIO().start();
        Optional<sun.misc.SignalHandler> previous = forwardInterrupts(child);
        Thread hook = new Thread(() -> {
            child.destroy();
            try {
                if (!child.waitFor(TERM_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    child.destroyForcibly().waitFor(KILL_WAIT_SECONDS, TimeUnit.SECONDS);
                }
                Runtime.getRuntime().halt(child.isAlive() ? 1 : child.exitValue());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "benchfleet-relaunch-term");
        Runtime.getRuntime().addShutdownHook(hook);
        int exitCode = child.waitFor();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // a SIGTERM arrived as the child ended: the hook halts with the child's code
            hook.join(TimeUnit.SECONDS.toMillis(TERM_WAIT_SECONDS + KILL_WAIT_SECONDS));
        }
        previous.ifPresent(handler -> sun.misc.Signal.handle(new sun.misc.Signal("INT"), handler));
        return exitCode;
    }

    /**
     * Installs the SIGINT handler described above, where this JVM allows one (with SIGINT ignored, as in a
     * background job, the child inherits the ignore, as the command did before); returns the one it replaced.
     */
    @SuppressWarnings("restriction")
    private static Optional<sun.misc.SignalHandler> forwardInterrupts(Process child) {
        try {
            return Optional.of(sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> {
                if (!inTerminalForeground()) {
                    interrupt(child);
                }
            }));
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            // the JVM keeps SIGINT for itself: the shutdown hook stands in (SIGTERM to the child)
            return Optional.empty();
        }
    }

    /**
     * One {@code kill} at a time, each sent before the next starts: two SIGINTs that reach the child while the
     * first is still pending merge into one (a second Ctrl-C would be lost).
     */
    private static void interrupt(Process child) {
        synchronized (child) {
            sendInterrupt(child);
        }
    }

    private static void sendInterrupt(Process child) {
        try {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(child.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!kill.waitFor(KILL_WAIT_SECONDS, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
            }
        } catch (IOException e) {
            // no kill(1): the child cannot be told; its terminal or a SIGTERM still can
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Whether this process is in the foreground process group of its controlling terminal, where a Ctrl-C
     * reaches the child as well. {@code /proc/self/stat}: after the command name in parentheses come state,
     * parent, process group, session, terminal, and the terminal's foreground process group.
     */
    static boolean inTerminalForeground() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
            return inTerminalForeground(stat);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static boolean inTerminalForeground(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).strip().split(" ");
        long processGroup = Long.parseLong(fields[2]);
        long foregroundGroup = Long.parseLong(fields[5]);
        return foregroundGroup > 0 && foregroundGroup == processGroup;
    }
}
