package dev.benchfleet.examples.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code runner.jar plan} and a run of Azure configs in an environment without any cloud credentials (cleared
 * environment, empty HOME), as a user starting out would: true vCPUs, both clouds side by side, every config
 * of the original tool, and a run that stops before creating anything.
 */
class AzurePlanIT {

    @TempDir
    Path workDir;
    @TempDir
    Path scratch;

    @Test
    void theAzureExamplePlansWithTrueVcpusAndNoCredentials() throws Exception {
        Path config = LocalRuns.examplesDir().resolve("config/azure.json");

        Result text = run("plan", "-c", config.toString());
        Result json = run("plan", "-c", config.toString(), "--json");

        assertThat(text.exitCode).as(text.stderr).isZero();
        assertThat(text.stdout).containsPattern("azure +d2pls-v6-cobalt +Standard_D2pls_v6 +2 +arm64")
                .containsPattern("azure +d2als-v6-amd +Standard_D2als_v6 +2 +x86_64")
                .containsPattern("azure +d2ls-v6-intel +Standard_D2ls_v6 +2 +x86_64");
        assertThat(text.stdout + text.stderr).contains("eastus");
        assertThat(json.exitCode).as(json.stderr).isZero();
        JsonNode aliases = LocalRuns.JSON.readTree(json.stdout).at("/providers/azure/aliases");
        assertThat(aliases.path("d2pls-v6-cobalt").path("vcpus").asInt()).isEqualTo(2);
        assertThat(aliases.path("d2pls-v6-cobalt").path("arch").asText()).isEqualTo("arm64");
        assertThat(aliases.path("d2als-v6-amd").path("arch").asText()).isEqualTo("x86_64");
        assertThat(aliases.path("d2pls-v6-cobalt").path("price_per_hour").isNull()).as("no invented price").isTrue();
        assertCreatedNothing();
    }

    @Test
    void awsAndAzureEntriesPlanSideBySide() throws Exception {
        Path config = Files.writeString(scratch.resolve("both.json"), """
                {"ruby_version": "3.4.7", "runs_per_instance_type": 4,
                 "aws": [{"instance_type": "c7g.large", "alias": "c7g"}],
                 "azure": [{"instance_type": "Standard_E4-2s_v5", "alias": "e4-2s"},
                           {"instance_type": "Standard_D14_v2", "alias": "d14"}]}
                """);

        Result result = run("plan", "-c", config.toString(), "--json");

        assertThat(result.exitCode).as(result.stderr).isZero();
        JsonNode plan = LocalRuns.JSON.readTree(result.stdout);
        assertThat(plan.at("/providers/aws/aliases/c7g/vcpus").asInt()).isEqualTo(2);
        assertThat(plan.at("/providers/azure/aliases/e4-2s/vcpus").asInt()).as("constrained core").isEqualTo(2);
        assertThat(plan.at("/providers/azure/aliases/d14/vcpus").asInt()).as("legacy numbering").isEqualTo(16);
        assertThat(plan.at("/totals/tasks").asInt()).isEqualTo(12);
        assertCreatedNothing();
    }

    @Test
    void everyConfigOfTheOriginalToolPlans() throws Exception {
        Path originals = LocalRuns.examplesDir().resolve("../core/src/test/resources/config/original").normalize();
        List<Path> configs;
        try (Stream<Path> files = Files.walk(originals)) {
            configs = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(configs).hasSizeGreaterThanOrEqualTo(10);
        List<String> failures = new ArrayList<>();
        for (Path config : configs) {
            Result result = run("plan", "-c", config.toString(), "--json");
            if (result.exitCode != 0) {
                failures.add(originals.relativize(config) + ": exit " + result.exitCode + ": " + result.stderr);
            }
        }
        assertThat(failures).isEmpty();
        assertCreatedNothing();
    }

    @Test
    void aRunWithoutCredentialsCreatesNothingAndSaysHowToProvideThem() throws Exception {
        // A terraform that must never run: validation only looks for the file.
        Path bin = Files.createDirectories(scratch.resolve("bin"));
        Path terraform = Files.writeString(bin.resolve("terraform"), "#!/bin/sh\ntouch \"$HOME/terraform-ran\"\nexit 1\n");
        Files.setPosixFilePermissions(terraform, PosixFilePermissions.fromString("rwxr-xr-x"));

        Result result = runWithPath(bin + ":/usr/bin:/bin", "-c", LocalRuns.examplesDir().resolve("config/azure.json").toString(),
                "--orchestrator-url", "http://203.0.113.10:8080", "-k", "abcdefghijklmnopqrstuvwxyz012345");

        assertThat(result.exitCode).as(result.stderr).isEqualTo(1);
        assertThat(result.stderr).contains("env ARM_CLIENT_ID: no Azure credentials found")
                .contains("ARM_SUBSCRIPTION_ID").contains("az login").doesNotContain("Exception");
        assertCreatedNothing();
        try (Stream<Path> files = Files.list(home())) {
            assertThat(files).as("terraform never ran, nothing written to HOME").isEmpty();
        }
    }

    private Path home() throws Exception {
        return Files.createDirectories(scratch.resolve("home"));
    }

    private void assertCreatedNothing() throws Exception {
        try (Stream<Path> files = Files.list(workDir)) {
            assertThat(files).as("no .benchfleet, status or results folder in the working folder").isEmpty();
        }
    }

    private Result run(String... args) throws Exception {
        return runWithPath("/usr/bin:/bin", args);
    }

    private Result runWithPath(String path, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", LocalRuns.examplesDir().resolve("runner.jar").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(scratch.resolve("stdout.txt").toFile())
                .redirectError(scratch.resolve("stderr.txt").toFile());
        builder.environment().clear();
        builder.environment().put("PATH", path);
        builder.environment().put("HOME", home().toString());
        Process process = builder.start();
        try {
            assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("runner.jar finishes").isTrue();
        } finally {
            process.destroyForcibly();
        }
        return new Result(process.exitValue(), Files.readString(scratch.resolve("stdout.txt")),
                Files.readString(scratch.resolve("stderr.txt")));
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }
}
