package dev.benchfleet.examples.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code java -jar examples/runner.jar} as a user runs it: a child process in a folder, its exit code and outputs. */
final class RunnerJar {

    private RunnerJar() {
    }

    /** What one command left: exit code, standard output and standard error. */
    record Result(int exitCode, String stdout, String stderr) {
        String lastStdoutLine() {
            String[] lines = stdout.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    /** The command line that starts the runner with these arguments. */
    static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", LocalRuns.examplesDir().resolve("runner.jar").toString()));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * {@link #command}, started so that the runner takes Ctrl-C (SIGINT) even when the build runs with
     * SIGINT ignored, as everything a shell starts in the background without job control does (a JVM
     * keeps an inherited ignore): GNU {@code env} resets it first, where it can.
     */
    static List<String> commandTakingCtrlC(String... args) {
        List<String> command = new ArrayList<>();
        if (ENV_RESETS_SIGINT) {
            command.addAll(List.of("env", "--default-signal=INT"));
        }
        command.addAll(command(args));
        return command;
    }

    private static final boolean ENV_RESETS_SIGINT = envResetsSigint();

    private static boolean envResetsSigint() {
        try {
            Process probe = new ProcessBuilder("env", "--default-signal=INT", "true")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs the runner in {@code workDir} with extra environment, waiting at most 3 minutes. */
    static Result run(Path workDir, Map<String, String> env, String... args) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command(args)).directory(workDir.toFile())
                .redirectOutput(workDir.resolve("stdout.txt").toFile())
                .redirectError(workDir.resolve("stderr.txt").toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        try {
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                throw new AssertionError("runner.jar did not finish within 3 minutes");
            }
        } finally {
            process.destroyForcibly();
        }
        Result result = new Result(process.exitValue(), Files.readString(workDir.resolve("stdout.txt")),
                Files.readString(workDir.resolve("stderr.txt")));
        Files.delete(workDir.resolve("stdout.txt"));
        Files.delete(workDir.resolve("stderr.txt"));
        return result;
    }
}
