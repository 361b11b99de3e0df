package dev.benchfleet.examples.runner;

import dev.benchfleet.core.spi.CancellationToken;
import dev.benchfleet.examples.runner.launch.ArchiveRelaunch;
import dev.benchfleet.examples.runner.launch.RelaunchedChild;
import dev.benchfleet.protocol.HttpClientThreads;
import picocli.CommandLine;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Entry point of {@code examples/runner.jar}. The only place that reads the process environment and
 * exits the process. The first Ctrl-C cancels the run: the flow stops it, tears down what it started
 * and says what is left. A second Ctrl-C stops waiting: it says what is still being removed and the
 * {@code nuke} command that finishes the job later, and exits 130.
 */
public final class RunnerMain {

    private static final long TERM_GRACE_SECONDS = 120;
    private static final Duration EXIT_WAIT = Duration.ofSeconds(1);

    private RunnerMain() {
    }

    /**
     * The command line with every subcommand. A new subcommand is one {@code addSubcommand} line here,
     * its class beside this one.
     */
    static CommandLine commandLine(CliContext cli) {
        CommandLine commandLine = new CommandLine(new RunnerCommand(cli));
        commandLine.addSubcommand(new NukeCommand(cli));
        commandLine.addSubcommand(new ResumeCommand(cli));
        commandLine.addSubcommand(new ResultsCommand(cli));
        commandLine.addSubcommand(new ListCommand(cli));
        commandLine.addSubcommand(new ProvidersCommand(cli));
        commandLine.addSubcommand(new PlanCommand(cli));
        commandLine.addSubcommand(new ReportCommand(cli));
        commandLine.addSubcommand(CatalogCommand.commandLine(cli));
        // Handlers last: picocli hands them to the subcommands registered so far.
        commandLine.setParameterExceptionHandler((e, arguments) -> {
            e.getCommandLine().getErr().println("error: " + e.getMessage());
            e.getCommandLine().getErr().println("Try --help for the flags.");
            return 1;
        });
        return commandLine;
    }

    public static void main(String[] args) {
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        relaunchWithArchive(args, debug);
        ArchiveRelaunch.endWithParent(System.getProperty(ArchiveRelaunch.PARENT_PROPERTY));
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", debug ? "debug" : "warn");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        // Hibernate Validator logs through JBoss Logging; route it to SLF4J so the level above applies.
        System.setProperty("org.jboss.logging.provider", "slf4j");

        CancellationToken cancellation = new CancellationToken();
        CancellationToken giveUp = new CancellationToken();
        RunTracker tracker = new RunTracker();
        CountDownLatch finished = new CountDownLatch(1);
        AtomicInteger exitCode = new AtomicInteger(1);
        AtomicInteger interrupts = new AtomicInteger();
        boolean ownInterrupt = handleInterrupt(() -> {
            if (interrupts.incrementAndGet() == 1) {
                System.err.println();
                System.err.println("Interrupted: stopping the run and removing what it started "
                        + "(Ctrl-C again to stop waiting)...");
                cancellation.cancel();
            } else {
                giveUp.cancel();
                System.err.println();
                tracker.giveUpMessage().forEach(System.err::println);
                Runtime.getRuntime().halt(130);
            }
        });
        // SIGTERM (and SIGINT where it cannot be handled): cancel, and wait for the teardown a while.
        Thread hook = new Thread(() -> {
            cancellation.cancel();
            try {
                if (finished.await(TERM_GRACE_SECONDS, TimeUnit.SECONDS)) {
                    Runtime.getRuntime().halt(exitCode.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "benchfleet-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        try {
            CliContext cli = new CliContext(Map.copyOf(System.getenv()), System.out, System.err,
                    Path.of("").toAbsolutePath(), jarDirectory(), cancellation, giveUp, tracker,
                    System.console() != null, new ProviderFolders());
            exitCode.set(commandLine(cli).execute(args));
        } finally {
            finished.countDown();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            return; // the JVM is already exiting; exit() here would wait for the hook forever
        }
        // the JVM's exit would wait 0.3 s for the orchestrator client's selector thread (JDK 17 cannot close it)
        HttpClientThreads.stopAll(EXIT_WAIT);
        System.exit(exitCode.get());
    }

    /**
     * Hands the command to a child JVM started with runner.jar's class-data sharing archive, where
     * {@link ArchiveRelaunch} says so, and exits with its code; returns when this JVM runs the command itself.
     */
    private static void relaunchWithArchive(String[] args, boolean debug) {
        Optional<List<String>> child;
        try {
            child = ArchiveRelaunch.childCommand(new ArchiveRelaunch.Facts(System.getProperty("os.name", ""),
                    System.getenv(), ProcessHandle.current().info().arguments().map(List::of), jarFile(),
                    Path.of(System.getProperty("java.home")), System.getProperty("java.vm.version", ""),
                    ProcessHandle.current().pid()), List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
            return;
        }
        if (child.isEmpty()) {
            return;
        }
        if (debug) {
            System.err.println("debug: running in a child JVM with the class-data sharing archive ("
                    + ArchiveRelaunch.SWITCH + "=off runs in this one): " + String.join(" ", child.get()));
        }
        try {
            System.exit(RelaunchedChild.run(child.get()));
        } catch (IOException e) {
            if (debug) {
                System.err.println("debug: could not start the child JVM (" + e.getMessage() + "); running here");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(130);
        }
    }

    /** Installs a SIGINT handler; false when this JVM does not allow one (then the shutdown hook serves). */
    @SuppressWarnings("restriction")
    private static boolean handleInterrupt(Runnable handler) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> handler.run());
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            return false;
        }
    }

    private static Optional<Path> jarFile() {
        try {
            return Optional.of(Path.of(RunnerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | SecurityException | NullPointerException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Path jarDirectory() {
        return jarFile().map(Path::getParent).orElse(Path.of(""));
    }
}
