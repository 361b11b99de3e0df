package dev.benchfleet.provider.azure;

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

/** A fake terraform, a task runner jar, a HOME and a test service principal in one folder. */
final class AzureFixture {

    static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000001";
    static final String CLIENT_SECRET = "test-client-secret-never-shown";
    static final String SSH_KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n";

    final FakeTerraform terraform;
    final Path home;
    final Path jar;

    AzureFixture(Path dir) {
        try {
            terraform = FakeTerraform.install(dir.resolve("bin"));
            home = Files.createDirectories(dir.resolve("home"));
            jar = Files.writeString(dir.resolve("task-runner.jar"), "not really a jar, but it has a SHA-256");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        terraform.script(script().build());
    }

    /** What the fake module creates: the run's resource group, one VM, and the outputs the provider reads. */
    static FakeTerraformScript.Builder script() {
        return FakeTerraformScript.builder().provider("hashicorp/azurerm", "4.55.0")
                .requiredVariables("subscription_id", "region")
                .resource("azurerm_resource_group", "run", Map.of("name", "benchfleet-run"))
                .resource("azurerm_linux_virtual_machine", "runner", "d2ps-1", Map.of("size", "Standard_D2ps_v5"))
                .output("instances", Map.of("d2ps", List.of(Map.of("key", "d2ps-1",
                        "id", "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/benchfleet-run/providers/Microsoft.Compute/virtualMachines/d2ps-1",
                        "name", "d2ps-1", "public_ip", "203.0.113.7"))), false)
                .output("resource_group", "benchfleet-run", false)
                .output("ssh_private_key", SSH_KEY, true)
                .output("region", FakeTerraformScript.fromVariable("region"), false);
    }

    Environment environment() {
        Map<String, String> env = new TreeMap<>();
        env.put("PATH", "/usr/bin:/bin");
        env.put("HOME", home.toString());
        env.put("ARM_SUBSCRIPTION_ID", SUBSCRIPTION);
        env.put("ARM_TENANT_ID", "00000000-0000-0000-0000-0000000000aa");
        env.put("ARM_CLIENT_ID", "00000000-0000-0000-0000-0000000000bb");
        env.put("ARM_CLIENT_SECRET", CLIENT_SECRET);
        env.put("TERRAFORM_BINARY", terraform.binary().toString());
        env.put("BENCHFLEET_TERRAFORM_PLUGIN_CACHE", home.resolve("plugin-cache").toString());
        env.put(AzureProvider.TASK_RUNNER_JAR, jar.toString());
        return Environment.of(env);
    }
}
