package dev.benchfleet.examples.runner;

import dev.benchfleet.core.spi.CancellationToken;
import picocli.CommandLine;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Entry point of {@code examples/runner.jar}. The only place that reads the process environment and
 * exits the process. Ctrl-C cancels the run; the flow then stops it, tears down what it started on
 * this machine and says what is left elsewhere, before the JVM exits.
 */
public final class RunnerMain {

    private static final long CTRL_C_GRACE_SECONDS = 120;

    private RunnerMain() {
    }

    public static void main(String[] args) {
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", debug ? "debug" : "warn");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        // Hibernate Validator logs through JBoss Logging; route it to SLF4J so the level above applies.
        System.setProperty("org.jboss.logging.provider", "slf4j");

        CancellationToken cancellation = new CancellationToken();
        CountDownLatch finished = new CountDownLatch(1);
        AtomicInteger exitCode = new AtomicInteger(1);
        Thread hook = new Thread(() -> {
            System.err.println();
            System.err.println("Interrupted: stopping the run and removing what it started on this machine...");
            cancellation.cancel();
            try {
                if (finished.await(CTRL_C_GRACE_SECONDS, TimeUnit.SECONDS)) {
                    // The summary line says how the run ended; the exit code must agree with it.
                    Runtime.getRuntime().halt(exitCode.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "benchfleet-ctrl-c");
        Runtime.getRuntime().addShutdownHook(hook);

        try {
            RunnerCommand command = new RunnerCommand(System.getenv(), System.out, System.err, jarDirectory(), cancellation);
            CommandLine commandLine = new CommandLine(command);
            commandLine.setParameterExceptionHandler((e, arguments) -> {
                e.getCommandLine().getErr().println("error: " + e.getMessage());
                e.getCommandLine().getErr().println("Try --help for the flags.");
                return 1;
            });
            exitCode.set(commandLine.execute(args));
        } finally {
            finished.countDown();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            return; // Ctrl-C: the JVM is already exiting; exit() here would wait for the hook forever
        }
        System.exit(exitCode.get());
    }

    private static Path jarDirectory() {
        try {
            Path location = Path.of(RunnerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return location.getParent() == null ? Path.of("") : location.getParent();
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return Path.of("");
        }
    }
}
