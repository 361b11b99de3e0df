package dev.benchfleet.taskrunner.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real child processes through {@code sh}. */
class ProcessRunnerTest {

    @TempDir
    Path dir;

    private final ChildProcesses children = new ChildProcesses();
    private final ProcessRunner runner = new ProcessRunner(children);

    @Test
    void capturesOutputLinesLogAndExitCode() throws Exception {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Path log = dir.resolve("out.log");
        ProcessResult result = runner.run(List.of("sh", "-c", "echo one; echo two >&2; echo \"$GREETING\"; exit 3"),
                dir, Map.of("GREETING", "hello"), log, Duration.ofSeconds(30), lines::add);

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.succeeded()).isFalse();
        assertThat(lines).containsExactly("one", "two", "hello");
        assertThat(Files.readAllLines(log)).containsExactly("one", "two", "hello");
        assertThat(result.outputTail()).isEqualTo("one\ntwo\nhello");
    }

    @Test
    void removesHiddenVariablesFromTheChild() throws Exception {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        java.util.HashMap<String, String> changes = new java.util.HashMap<>();
        // HOME stands in for API_KEY: it is surely set here, and sh does not invent it
        assertThat(System.getenv("HOME")).isNotBlank();
        changes.put("HOME", null);
        runner.run(List.of("/bin/sh", "-c", "echo \"home=[$HOME]\""), dir, changes, dir.resolve("l"),
                Duration.ofSeconds(30), lines::add);
        assertThat(lines).containsExactly("home=[]");
    }

    @Test
    void stopsAndReapsAChildThatRunsTooLong() {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        assertThatThrownBy(() -> runner.run(List.of("sh", "-c", "echo $$; exec sleep 60"), dir, Map.of(),
                dir.resolve("l"), Duration.ofMillis(500), lines::add))
                .isInstanceOf(TimeoutException.class);
        assertThat(lines).hasSize(1);
        long pid = Long.parseLong(lines.get(0).trim());
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void stopAllEndsARunningChild() throws Exception {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Thread stopper = new Thread(() -> {
            try {
                while (lines.isEmpty()) {
                    Thread.sleep(20);
                }
            } catch (InterruptedException e) {
                return;
            }
            children.stopAll(Duration.ofSeconds(2));
        }, "test-stopper");
        stopper.start();
        ProcessResult result = runner.run(List.of("sh", "-c", "echo started; exec sleep 60"), dir, Map.of(),
                dir.resolve("l"), Duration.ofSeconds(30), lines::add);
        stopper.join(5_000);
        assertThat(result.succeeded()).isFalse();
        assertThat(lines).containsExactly("started");
    }
}
