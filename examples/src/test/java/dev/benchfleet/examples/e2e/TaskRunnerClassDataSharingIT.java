package dev.benchfleet.examples.e2e;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The class-data sharing archive the build writes next to examples/task-runner.jar is one the JVM accepts for
 * that jar, started the way the local provider starts runners (by its absolute path). {@code -Xshare:on} makes a
 * refused archive an error instead of a silent fallback: the archive once copied from task-runner/target failed here.
 */
class TaskRunnerClassDataSharingIT {

    @Test
    void theArchiveNextToTheTaskRunnerJarIsAcceptedForItAndHoldsTheClassesOfATask() throws Exception {
        Path jar = LocalRuns.taskRunnerJar().toAbsolutePath().normalize();
        Path archive = jar.resolveSibling("task-runner.jsa");
        assertThat(archive).isRegularFile();

        Result version = java("-XX:SharedArchiveFile=" + archive, "-Xshare:on", "-jar", jar.toString(), "--version");
        assertThat(version.exitCode()).as(version.output()).isZero();
        assertThat(version.output()).contains("benchfleet task-runner");

        Result contents = java("-XX:SharedArchiveFile=" + archive, "-XX:+PrintSharedArchiveAndExit", "-jar", jar.toString());
        // loaded only when a task's results are packed: the archive was dumped by a run that executed tasks
        assertThat(contents.output()).as("the archive was dumped by a run that executed tasks")
                .contains("dev.benchfleet.taskrunner.archive.ArchiveWriter");
        assertThat(contents.output()).as("picocli's Java 5 classes, which only a static archive holds")
                .contains("picocli.CommandLine");
    }

    @Test
    void theRunnersArchiveIsAcceptedForRunnerJarAndHoldsTheMastersClassesAndPicocli() throws Exception {
        Path jar = LocalRuns.examplesDir().resolve("runner.jar").toAbsolutePath().normalize();
        Path archive = jar.resolveSibling("runner.jsa");
        assertThat(archive).isRegularFile();

        Result version = java("-XX:SharedArchiveFile=" + archive, "-Xshare:on", "-jar", jar.toString(), "--version");
        assertThat(version.exitCode()).as(version.output()).isZero();

        Result contents = java("-XX:SharedArchiveFile=" + archive, "-XX:+PrintSharedArchiveAndExit", "-jar", jar.toString());
        assertThat(contents.output()).as("dumped by a run through the master flow")
                .contains("dev.benchfleet.core.flow.RunExecution", "picocli.CommandLine");
    }

    private record Result(int exitCode, String output) {
    }

    private static Result java(String... args) throws IOException, InterruptedException {
        Path log = Files.createTempFile("cds", ".log");
        java.util.List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(java.util.List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("java " + String.join(" ", args)).isTrue();
            return new Result(process.exitValue(), read(log));
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }

    private static String read(Path log) throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }
}
