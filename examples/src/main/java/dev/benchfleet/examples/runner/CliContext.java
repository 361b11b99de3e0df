package dev.benchfleet.examples.runner;

import dev.benchfleet.core.error.BenchfleetException;
import dev.benchfleet.core.error.ConfigException;
import dev.benchfleet.core.host.OrchestratorHostRegistry;
import dev.benchfleet.core.registry.ProviderInventory;
import dev.benchfleet.core.registry.ProviderRegistry;
import dev.benchfleet.core.spi.CancellationToken;
import dev.benchfleet.core.spi.Environment;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * What every command of {@code runner.jar} shares: the process environment, the output streams, the
 * folder runs live under, and the Ctrl-C tokens. Built once in {@link RunnerMain}; tests build their own.
 *
 * @param environment  the process environment
 * @param out          standard output: data (the summary line, {@code list})
 * @param err          standard error: progress and errors
 * @param baseDir      the folder {@code results/}, {@code status/} and {@code .benchfleet/} are under
 * @param runnerJarDir where runner.jar is (task-runner.jar is looked for beside it)
 * @param cancellation signalled on the first Ctrl-C
 * @param giveUp       signalled on the second Ctrl-C
 * @param tracker      what the run is doing, for the second Ctrl-C's message
 * @param terminal     whether a person is at a terminal (progress bar, questions)
 * @param providerFolders where provider jars are loaded from ({@code --provider-path} fills it in)
 */
record CliContext(Map<String, String> environment, PrintStream out, PrintStream err, Path baseDir, Path runnerJarDir,
                  CancellationToken cancellation, CancellationToken giveUp, RunTracker tracker, boolean terminal,
                  ProviderFolders providerFolders) {

    Clock clock() {
        return Clock.systemUTC();
    }

    /** The built-in providers and those of the provider folders; warns about each jar it skips. */
    ProviderInventory providerInventory() {
        return providerFolders.load(environment, runnerJarDir, err);
    }

    /**
     * The providers for a command to use.
     *
     * @throws ConfigException when a provider jar stops a run (a clash, an incompatible SPI, a broken provider)
     */
    ProviderRegistry providers() {
        return providerInventory().registry();
    }

    OrchestratorHostRegistry hosts() {
        return OrchestratorHostRegistry.discover(CliContext.class.getClassLoader());
    }

    /** The environment handed to providers: the process's, with the task runner jar found, without API_KEY. */
    Environment providerEnvironment() {
        Map<String, String> env = new HashMap<>(environment);
        env.computeIfAbsent("BENCHFLEET_TASK_RUNNER_JAR", name -> defaultTaskRunnerJar());
        env.remove("API_KEY"); // handed over as a Secret, not through the environment
        return Environment.of(env);
    }

    private String defaultTaskRunnerJar() {
        Path besideRunner = runnerJarDir.resolve("task-runner.jar");
        if (Files.isRegularFile(besideRunner)) {
            return besideRunner.toString();
        }
        return Path.of("task-runner", "target", "task-runner.jar").toAbsolutePath().toString();
    }

    /** Prints a Benchfleet error the way every command does; returns exit code 1. */
    int fail(BenchfleetException e) {
        err.println("error: " + e.describe());
        if (e instanceof ConfigException && !providerFolders.skipped().isEmpty()) {
            err.println("note: " + providerFolders.skipped().size() + " provider jar(s) were skipped (the warnings above);"
                    + " a provider the config names may be in one of them");
        }
        return 1;
    }
}
