package dev.benchfleet.taskrunner.process;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The child processes this runner has running, so a shutdown can stop them. One instance is
 * shared by the {@link ProcessRunner} and the shutdown handler.
 */
public final class ChildProcesses {

    private final Set<Process> running = ConcurrentHashMap.newKeySet();

    void add(Process process) {
        running.add(process);
    }

    void remove(Process process) {
        running.remove(process);
    }

    /** Stops every running child and its descendants, then reaps them, within about {@code grace}. */
    public void stopAll(Duration grace) {
        for (Process process : Set.copyOf(running)) {
            stop(process, grace);
        }
    }

    /** Polite first (SIGTERM to the tree), forceful after {@code grace}; always reaped. */
    static void stop(Process process, Duration grace) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
