package dev.benchfleet.provider.aws;

import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.testkit.terraform.FakeTerraform;
import dev.benchfleet.testkit.terraform.FakeTerraformScript;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fake terraforms, a task runner jar, a HOME and static test credentials in one folder. Two fakes, each with
 * its own script and transcript: {@link #network} answers in the region's network folder, {@link #terraform}
 * everywhere else (the run's folder); a two-line {@code terraform} wrapper picks one by working directory.
 */
final class AwsFixture {

    final FakeTerraform terraform;
    final FakeTerraform network;
    final Path wrapper;
    final Path home;
    final Path jar;

    AwsFixture(Path dir) {
        try {
            terraform = FakeTerraform.install(dir.resolve("bin"));
            network = FakeTerraform.install(dir.resolve("network-bin"));
            Path wrapperDir = Files.createDirectories(dir.resolve("wrapper"));
            wrapper = Files.writeString(wrapperDir.resolve("terraform"), "#!/bin/sh\n"
                    + "case \"$(pwd -P)\" in */networks/aws-*) exec '" + network.binary() + "' \"$@\" ;; esac\n"
                    + "exec '" + terraform.binary() + "' \"$@\"\n");
            Files.setPosixFilePermissions(wrapper, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            home = Files.createDirectories(dir.resolve("home"));
            jar = Files.writeString(dir.resolve("task-runner.jar"), "not really a jar, but it has a SHA-256");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        terraform.script(script().build());
        network.script(FakeTerraformScript.builder().provider("hashicorp/aws", "6.25.0").requiredVariables("region")
                .resource("aws_vpc", "shared", Map.of("cidr_block", "10.77.0.0/16"))
                .output("vpc_id", "vpc-0net", false).build());
    }

    /** What the fake module creates: the run's security group and one instance per machine, and the outputs the provider reads. */
    static FakeTerraformScript.Builder script() {
        return FakeTerraformScript.builder().provider("hashicorp/aws", "6.25.0")
                .requiredVariables("region")
                .resource("aws_security_group", "runner", Map.of("name", "benchfleet-run-runner"))
                .resource("aws_instance", "runner", "c7g-1", Map.of("instance_type", "c7g.medium"))
                .output("instances", Map.of("c7g", List.of(Map.of("key", "c7g-1", "id", "i-0aaa", "public_ip", "203.0.113.7",
                        "zone", "us-east-1a"))), false)
                .output("region", FakeTerraformScript.fromVariable("region"), false);
    }

    Environment environment() {
        Map<String, String> env = new TreeMap<>();
        env.put("PATH", "/usr/bin:/bin");
        env.put("HOME", home.toString());
        env.put("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE");
        env.put("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        env.put("TERRAFORM_BINARY", wrapper.toString());
        env.put("BENCHFLEET_TERRAFORM_PLUGIN_CACHE", home.resolve("plugin-cache").toString());
        env.put(AwsProvider.TASK_RUNNER_JAR, jar.toString());
        return Environment.of(env);
    }
}
