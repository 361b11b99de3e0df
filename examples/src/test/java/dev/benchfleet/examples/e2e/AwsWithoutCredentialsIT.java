package dev.benchfleet.examples.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code java -jar examples/runner.jar -c examples/config/aws.json} with no AWS credentials anywhere (an empty
 * environment, a HOME without {@code ~/.aws}): it stops before creating anything — no journal, no status file,
 * no Terraform folder — exits 1 and says how to provide credentials.
 */
class AwsWithoutCredentialsIT {

    @TempDir
    Path workDir;

    @Test
    void aRunWithoutCredentialsCreatesNothingAndSaysHowToProvideThem() throws Exception {
        // A terraform that must never run: validation only looks for the file.
        Path bin = Files.createDirectories(workDir.resolve("bin"));
        Path terraform = Files.writeString(bin.resolve("terraform"), "#!/bin/sh\ntouch \"$HOME/terraform-ran\"\nexit 1\n");
        Files.setPosixFilePermissions(terraform, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path home = Files.createDirectories(workDir.resolve("home"));
        Path run = Files.createDirectories(workDir.resolve("run"));

        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", LocalRuns.examplesDir().resolve("runner.jar").toString(),
                "-c", LocalRuns.examplesDir().resolve("config/aws.json").toString(),
                "--orchestrator-url", "http://203.0.113.10:8080", "-k", "abcdefghijklmnopqrstuvwxyz012345"))
                .directory(run.toFile())
                .redirectOutput(workDir.resolve("stdout.txt").toFile())
                .redirectError(workDir.resolve("stderr.txt").toFile());
        builder.environment().clear();
        builder.environment().put("PATH", bin + ":/usr/bin:/bin");
        builder.environment().put("HOME", home.toString());
        Process process = builder.start();
        try {
            assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("runner.jar finishes").isTrue();
        } finally {
            process.destroyForcibly();
        }
        String stderr = Files.readString(workDir.resolve("stderr.txt"));

        assertThat(process.exitValue()).as(stderr).isEqualTo(1);
        assertThat(stderr).contains("env AWS_ACCESS_KEY_ID: no AWS credentials found")
                .contains("set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY").contains("AWS_PROFILE")
                .doesNotContain("Exception");
        try (var files = Files.list(run)) {
            assertThat(files).as("no .benchfleet journal, no status, no results").isEmpty();
        }
        try (var files = Files.list(home)) {
            assertThat(files).as("terraform never ran, nothing written to HOME").isEmpty();
        }
    }
}
