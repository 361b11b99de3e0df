package dev.benchfleet.taskrunner;

import dev.benchfleet.protocol.HttpClientThreads;
import dev.benchfleet.taskrunner.cli.CommandLineParser;
import dev.benchfleet.taskrunner.cli.ParseOutcome;
import dev.benchfleet.taskrunner.cli.RunnerId;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;

/**
 * Entry point of {@code task-runner.jar}. Parses arguments before any logger exists, because
 * slf4j-simple reads its level once, at the first logger: {@code --debug} must be known by then.
 */
public final class Main {

    private static final Duration EXIT_WAIT = Duration.ofSeconds(1);

    private Main() {
    }

    public static void main(String[] args) {
        int code = run(args, System.getenv(), System.out, System.err);
        // the master waits for this process to end: without its client's selector thread the JVM exits at once
        HttpClientThreads.stopAll(EXIT_WAIT);
        System.exit(code);
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        ParseOutcome outcome = new CommandLineParser(env, () -> RunnerId.generate(env)).parse(args);
        if (outcome instanceof ParseOutcome.Info info) {
            out.print(info.text());
            out.flush();
            return 0;
        }
        if (outcome instanceof ParseOutcome.Invalid invalid) {
            err.println("task-runner: " + invalid.message());
            err.println("Run 'java -jar task-runner.jar --help' for usage.");
            return 1;
        }
        ParseOutcome.Run run = (ParseOutcome.Run) outcome;
        configureLogging(run.settings().debug());
        try {
            return new TaskRunner(run.settings()).run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("task-runner: interrupted");
            return 1;
        } catch (RuntimeException e) {
            // a bug, not bad input; the type and message are enough to report it without a trace
            err.println("task-runner: internal error: " + e);
            return 1;
        }
    }

    private static void configureLogging(boolean debug) {
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", debug ? "debug" : "info");
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }
}
