package dev.benchfleet.examples.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.benchfleet.examples.runner.launch.ArchiveRelaunch;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code java -jar runner.jar} restarts itself with the class-data sharing archive next to it, and the pair
 * behaves as the one process a user started: real processes, real signals, a real terminal (a pseudo-terminal
 * from {@code script(1)}) for Ctrl-C.
 */
class ArchiveRelaunchIT {

    @TempDir
    Path workDir;

    @BeforeEach
    void archiveWasBuilt() {
        assertThat(LocalRuns.examplesDir().resolve(ArchiveRelaunch.ARCHIVE)).as("the build dumps it").isRegularFile();
        assertThat(LocalRuns.examplesDir().resolve(ArchiveRelaunch.ARCHIVE_VM)).isRegularFile();
    }

    @Test
    void theChildRunsWithTheArchiveAndSigtermToTheCommandStopsTheRunCleanly() throws Exception {
        Path config = LocalRuns.examplesDir().resolve("config/local.json");
        ProcessBuilder builder = new ProcessBuilder(RunnerJar.command("-c", config.toString())).directory(workDir.toFile())
                .redirectOutput(workDir.resolve("stdout.txt").toFile())
                .redirectError(workDir.resolve("stderr.txt").toFile());
        builder.environment().putAll(Map.of("BENCHFLEET_MOCK_DURATION", "60s", "BENCHFLEET_LOCAL_RUNTIME", "process"));
        Process runner = builder.start();
        ProcessHandle child;
        try {
            awaitMonitoring(workDir.resolve("stderr.txt"));
            child = runner.children().filter(p -> arguments(p).stream().anyMatch(a -> a.startsWith("-XX:SharedArchiveFile=")))
                    .findFirst().orElseThrow(() -> new AssertionError("no child JVM with the archive: " + runner.children()
                            .map(ArchiveRelaunchIT::arguments).toList()));
            assertThat(arguments(child)).contains("-XX:SharedArchiveFile=" + LocalRuns.examplesDir().resolve("runner.jsa")
                    .toAbsolutePath().normalize(), "-c", config.toString());

            runner.destroy(); // SIGTERM
            assertThat(runner.waitFor(2, TimeUnit.MINUTES)).as("the command stops after SIGTERM").isTrue();
        } finally {
            runner.destroyForcibly();
        }

        assertThat(child.isAlive()).as("the child JVM ended with it").isFalse();
        String stdout = Files.readString(workDir.resolve("stdout.txt")).strip();
        JsonNode summary = LocalRuns.JSON.readTree(stdout.substring(stdout.lastIndexOf('\n') + 1));
        assertThat(summary.path("status").asText()).isEqualTo("cancelled");
        assertThat(runner.exitValue()).as("the child's exit code").isEqualTo(summary.path("exit_code").asInt()).isEqualTo(2);
        assertThat(LocalRuns.runnersAlive(summary.path("run_id").asText())).as("no task runner is left").isEmpty();
        assertThat(Files.readString(workDir.resolve("stderr.txt"))).contains("Tearing down local");
    }

    @Test
    void ctrlCInATerminalReachesTheRunOnceThoughParentAndChildBothGetIt() throws Exception {
        Optional<Path> script = Optional.of(Path.of("/usr/bin/script")).filter(Files::isExecutable);
        if (script.isEmpty()) {
            System.out.println("SKIPPED ArchiveRelaunchIT Ctrl-C in a terminal: no /usr/bin/script (util-linux) for a pseudo-terminal");
        }
        Assumptions.assumeTrue(script.isPresent(), "no /usr/bin/script (util-linux) for a pseudo-terminal");
        // a shell without job control starts background commands with SIGINT ignored, and every process below
        // inherits that: no Ctrl-C can reach the command then (e.g. a build started with `nohup ... &`)
        boolean interruptIgnored = signalIgnored(2);
        if (interruptIgnored) {
            System.out.println("SKIPPED ArchiveRelaunchIT Ctrl-C in a terminal: SIGINT is ignored by this JVM, so by "
                    + "everything it starts (the build was started in the background of a shell without job control)");
        }
        Assumptions.assumeFalse(interruptIgnored, "SIGINT is ignored by this JVM and everything it starts");
        Path config = LocalRuns.examplesDir().resolve("config/local.json");
        String command = RunnerJar.command("-c", config.toString()).stream().map(ArchiveRelaunchIT::quoted)
                .collect(Collectors.joining(" "));
        // script(1) runs the command on a new pseudo-terminal, in the foreground as a shell runs it; ^C written to
        // script's input is the terminal's Ctrl-C: SIGINT to the whole foreground process group
        ProcessBuilder builder = new ProcessBuilder(script.get().toString(), "-q", "-e", "-f", "-c", "exec " + command,
                "/dev/null").directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(workDir.resolve("terminal.txt").toFile());
        builder.environment().putAll(Map.of("BENCHFLEET_MOCK_DURATION", "60s", "BENCHFLEET_LOCAL_RUNTIME", "process",
                "SHELL", "/bin/sh"));
        Process terminal = builder.start();
        try (OutputStream keyboard = terminal.getOutputStream()) {
            awaitMonitoring(workDir.resolve("terminal.txt"));
            assertThat(terminal.descendants().anyMatch(p -> arguments(p).stream().anyMatch(a -> a.startsWith("-XX:SharedArchiveFile="))))
                    .as("the command runs in a child JVM with the archive").isTrue();
            keyboard.write(3); // Ctrl-C
            keyboard.flush();
            boolean stopped = terminal.waitFor(2, TimeUnit.MINUTES);
            assertThat(stopped).as("the command stops after Ctrl-C; still running: %s; its output: %s",
                    terminal.descendants().map(p -> p.pid() + " " + String.join(" ", arguments(p))).toList(),
                    Files.readString(workDir.resolve("terminal.txt"))).isTrue();
        } finally {
            terminal.descendants().forEach(ProcessHandle::destroyForcibly);
            terminal.destroyForcibly();
        }

        String output = Files.readString(workDir.resolve("terminal.txt"));
        assertThat(count(output, "Interrupted: stopping the run")).as("one Ctrl-C, seen once: " + output).isEqualTo(1);
        assertThat(terminal.exitValue()).as("a cancelled run, not a second Ctrl-C's 130: " + output).isEqualTo(2);
        Matcher runId = Pattern.compile("\"run_id\":\"(\\d+)\"").matcher(output);
        assertThat(runId.find()).as(output).isTrue();
        assertThat(LocalRuns.runnersAlive(runId.group(1))).as("no task runner is left").isEmpty();
        assertThat(output).contains("Tearing down local");
    }

    private static void awaitMonitoring(Path output) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(output).contains("Monitoring run")) {
            assertThat(System.nanoTime()).as("the run reached monitoring: " + Files.readString(output)).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** Whether this process ignores {@code signal} (Linux: the SigIgn mask of /proc/self/status). */
    private static boolean signalIgnored(int signal) throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return false;
        }
        return Files.readAllLines(status).stream().filter(line -> line.startsWith("SigIgn:"))
                .map(line -> new BigInteger(line.substring("SigIgn:".length()).trim(), 16))
                .anyMatch(mask -> mask.testBit(signal - 1));
    }

    private static List<String> arguments(ProcessHandle process) {
        return process.info().arguments().map(List::of).orElse(List.of());
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    private static String quoted(String argument) {
        return "'" + argument.replace("'", "'\\''") + "'";
    }
}
