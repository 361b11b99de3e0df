package dev.benchfleet.examples.bench;

import dev.benchfleet.core.flow.FlowListener;
import dev.benchfleet.core.flow.FlowOutcome;
import dev.benchfleet.core.registry.ProviderRegistry;
import dev.benchfleet.examples.e2e.LocalRuns;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Not a test: a whole local mock run of T tasks of d seconds on R runners, timed against the ideal
 * {@code ceil(T/R)·d}. The gap is Benchfleet's own overhead (JVM start of the runners, claims,
 * uploads, results archive, polling). Run with {@code ./mvnw -pl examples -am -Pbench verify -DskipTests}.
 */
public final class LocalRunBenchmark {

    private LocalRunBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0) {
            System.setProperty("benchfleet.examplesDir", args[0]);
        }
        wholeCommand(12, 2, 2);
        int[][] shapes = {{12, 2, 2}, {8, 2, 1}, {12, 4, 1}, {24, 4, 1}, {48, 4, 1}};
        double[] walls = new double[shapes.length];
        System.out.printf("%-6s %-4s %-6s %-10s %-10s %s%n", "tasks", "R", "d(s)", "wall(s)", "ideal(s)", "ratio");
        for (int[] shape : shapes) {
            int tasks = shape[0];
            int runners = shape[1];
            int seconds = shape[2];
            Path base = Files.createTempDirectory("benchfleet-bench");
            Path config = LocalRuns.localConfig(base, tasks, runners, runners);
            long start = System.nanoTime();
            FlowOutcome outcome = LocalRuns.flow(ProviderRegistry.discover(LocalRunBenchmark.class.getClassLoader()))
                    .run(LocalRuns.options(config, base, LocalRuns.environment(seconds + "s")).build(), FlowListener.silent());
            double wall = (System.nanoTime() - start) / 1e9;
            if (outcome.exitCode() != 0) {
                throw new IllegalStateException("benchmark run failed: " + outcome.error());
            }
            walls[java.util.Arrays.asList(shapes).indexOf(shape)] = wall;
            double ideal = Math.ceil((double) tasks / runners) * seconds;
            System.out.printf("%-6d %-4d %-6d %-10.2f %-10.2f %.2f%n", tasks, runners, seconds, wall, ideal, wall / ideal);
        }
        // Same R, 6 more waves of d: what each task costs beyond its d, with start-up costs cancelled out.
        double marginal = (walls[4] - walls[3] - 6.0) / 24;
        System.out.printf("marginal overhead per task (48 vs 24 tasks on 4 runners): %.3f s%n", marginal);
        System.out.printf("fixed overhead per run (24 tasks on 4 runners, minus marginal): %.2f s%n",
                walls[3] - 6.0 - 24 * marginal);
        System.out.println("(" + Runtime.getRuntime().availableProcessors() + " CPUs; runners share them when R exceeds it; "
                + "monitor poll " + Duration.ofMillis(200).toMillis() + " ms when the orchestrator does not hold it)");
    }

    /**
     * The whole command a user types, {@code java -jar runner.jar -c run.json}, JVM start included,
     * against the goal of 1.15 × the ideal.
     */
    private static void wholeCommand(int tasks, int runners, int seconds) throws Exception {
        Path base = Files.createTempDirectory("benchfleet-bench");
        Path config = LocalRuns.localConfig(base, tasks, runners, runners);
        Path runnerJar = LocalRuns.examplesDir().resolve("runner.jar");
        ProcessBuilder command = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", runnerJar.toString(), "-c", config.toString())
                .directory(base.toFile())
                .redirectOutput(base.resolve("stdout.txt").toFile())
                .redirectError(base.resolve("stderr.txt").toFile());
        command.environment().putAll(LocalRuns.environment(seconds + "s"));
        long start = System.nanoTime();
        Process process = command.start();
        if (!process.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("the whole command did not finish within 5 minutes; see " + base);
        }
        double wall = (System.nanoTime() - start) / 1e9;
        if (process.exitValue() != 0) {
            throw new IllegalStateException("the whole command exited " + process.exitValue() + "; see " + base);
        }
        double ideal = Math.ceil((double) tasks / runners) * seconds;
        System.out.printf("whole command (java -jar runner.jar, JVM start included): T=%d R=%d d=%ds wall %.2f s,"
                + " ideal %.2f s, ratio %.2f (goal 1.15)%n", tasks, runners, seconds, wall, ideal, wall / ideal);
    }
}
